/**
 * Tasks, client side, one API for both eras: call a tool as a task, poll it (at the server's
 * `pollIntervalMs`), answer the input it needs through the same handlers that answer elicitation
 * and sampling (`tasks/update` for the tasks extension; with core tasks the server asks directly),
 * fetch the result, cancel it, or just await the final result. The work itself (task-calls.ts) is
 * loaded on the first call, so that `import("typed-mcp")` does not load it (the cold start, issue 15).
 */
import type { ClientSession } from "../client/client-session.js";
import type { ClientExtension } from "../client/extensions.js";
import type { CallOptions, Params } from "../jsonrpc/outbound.js";
import type * as Model from "../protocol/model.js";
import type { tasksExtension } from "../tasks/extension.js";
import type { TaskCalls } from "./task-calls.js";
import type { AwaitTaskOptions, TaskCallOutcome, TaskView } from "./task-views.js";

/** The tasks of one client session. The work is loaded (task-calls.ts) on the first call. */
export class TaskClient {
  private calls: Promise<TaskCalls> | undefined;

  constructor(
    private readonly session: () => ClientSession,
    /** The tasks extension as this client registered it (undefined: the client did not opt in). */
    private readonly extension: ClientExtension<(typeof tasksExtension)["definition"]> | undefined,
  ) {}

  private load(): Promise<TaskCalls> {
    this.calls ??= import("./task-calls.js").then(({ TaskCalls }) => new TaskCalls(this.session, this.extension));
    return this.calls;
  }

  /**
   * Calls a tool asking for a task: with core tasks the call carries `task` (with `ttlMs` as its ttl);
   * with the tasks extension the server decides, so the outcome may be the result itself.
   */
  async callTool(
    params: Model.CallToolRequestParams,
    options: CallOptions & { ttlMs?: number } = {},
  ): Promise<TaskCallOutcome> {
    return (await this.load()).callTool(params, options);
  }

  /** The task as the server shows it now. */
  async get(taskId: string, options?: CallOptions): Promise<TaskView> {
    return (await this.load()).get(taskId, options);
  }

  /** Sends answers to the task's input requests (tasks extension). */
  async update(taskId: string, inputResponses: Record<string, Params>, options?: CallOptions): Promise<void> {
    return (await this.load()).update(taskId, inputResponses, options);
  }

  /** Asks the server to cancel the task (cooperative: it may still end otherwise). */
  async cancel(taskId: string, options?: CallOptions): Promise<void> {
    return (await this.load()).cancel(taskId, options);
  }

  /** Core tasks: the caller's tasks, a page at a time. */
  async list(cursor?: string, options?: CallOptions): Promise<{ tasks: TaskView[]; nextCursor?: string }> {
    return (await this.load()).list(cursor, options);
  }

  /**
   * Polls until the task ends, waiting the server's `pollIntervalMs` between polls and answering
   * its input requests with this client's handlers (each key once); resolves with the tool's result,
   * rejects with the task's JSON-RPC error (failed) or a -32800-style McpError (cancelled).
   */
  async result(taskId: string, options: AwaitTaskOptions = {}): Promise<Model.CallToolResult> {
    return (await this.load()).result(taskId, options);
  }

  /** Calls a tool and awaits its final result, as a task when the server runs it as one. */
  async callToolAndWait(
    params: Model.CallToolRequestParams,
    options: CallOptions & AwaitTaskOptions & { ttlMs?: number } = {},
  ): Promise<Model.CallToolResult> {
    return (await this.load()).callToolAndWait(params, options);
  }
}
