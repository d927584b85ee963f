/**
 * The client side of tasks at work, loaded on first use by TaskClient (tasks-client.ts): calls,
 * polls at the server's `pollIntervalMs`, answers to input requests, results and cancels, in both eras.
 */
import type { ClientSession } from "../client/client-session.js";
import type { ClientExtension } from "../client/extensions.js";
import type { CallOptions, Params } from "../jsonrpc/outbound.js";
import { ErrorCode, McpError } from "../protocol/errors.js";
import { definesMethod } from "../protocol/methods.js";
import type * as Model from "../protocol/model.js";
import type { tasksExtension } from "../tasks/extension.js";
import { type TaskStatus, TERMINAL_TASK_STATUSES } from "../tasks/task-store.js";
import type { AwaitTaskOptions, TaskCallOutcome, TaskView } from "./task-views.js";

const TASK_ENDED = new Set<TaskStatus>(TERMINAL_TASK_STATUSES);

function fromCore(task: Params): TaskView {
  const view: TaskView = {
    taskId: String(task.taskId),
    status: task.status as TaskStatus,
    createdAt: String(task.createdAt),
    lastUpdatedAt: String(task.lastUpdatedAt),
    ttlMs: (task.ttl as number | null | undefined) ?? null,
  };
  if (typeof task.statusMessage === "string") view.statusMessage = task.statusMessage;
  if (typeof task.pollInterval === "number") view.pollIntervalMs = task.pollInterval;
  return view;
}

function fromExtension(task: Params): TaskView {
  const { resultType: _resultType, _meta: _ignored, ...rest } = task;
  return rest as unknown as TaskView;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The work behind TaskClient (tasks-client.ts), loaded on its first call. */
export class TaskCalls {
  constructor(
    private readonly session: () => ClientSession,
    /** The tasks extension as this client registered it (undefined: the client did not opt in). */
    private readonly extension: ClientExtension<(typeof tasksExtension)["definition"]> | undefined,
  ) {}

  /** Whether the connected version has the core tasks. */
  private get core(): boolean {
    return definesMethod(this.session().protocolVersion, "clientRequests", "tasks/get");
  }

  private get ext(): ClientExtension<(typeof tasksExtension)["definition"]> {
    if (!this.extension) {
      throw new Error("tasks need the client's `tasks: true` option (the tasks extension is opt-in)");
    }
    return this.extension;
  }

  /**
   * Calls a tool asking for a task: with core tasks the call carries `task` (with `ttlMs` as its ttl);
   * with the tasks extension the server decides, so the outcome may be the result itself.
   */
  async callTool(
    params: Model.CallToolRequestParams,
    options: CallOptions & { ttlMs?: number } = {},
  ): Promise<TaskCallOutcome> {
    const session = this.session();
    const { ttlMs, ...callOptions } = options;
    if (this.core) {
      const task = ttlMs === undefined ? {} : { ttl: ttlMs };
      const answer = (await session.request(
        "tools/call",
        { ...params, task } as never,
        callOptions,
      )) as unknown as Params;
      if (typeof answer.task === "object" && answer.task !== null) return { task: fromCore(answer.task as Params) };
      return { result: answer as unknown as Model.CallToolResult };
    }
    const answer = (await session.request("tools/call", params, callOptions)) as unknown as Params;
    if (answer.resultType === "task") return { task: fromExtension(answer) };
    return { result: answer as unknown as Model.CallToolResult };
  }

  /** The task as the server shows it now. */
  async get(taskId: string, options?: CallOptions): Promise<TaskView> {
    if (this.core) {
      return fromCore((await this.session().request("tasks/get", { taskId }, options)) as unknown as Params);
    }
    return fromExtension((await this.ext.request("tasks/get", { taskId }, options)) as Params);
  }

  /** Sends answers to the task's input requests (tasks extension). */
  async update(taskId: string, inputResponses: Record<string, Params>, options?: CallOptions): Promise<void> {
    if (this.core) throw new Error("tasks/update belongs to the tasks extension; core-tasks servers ask directly");
    await this.ext.request("tasks/update", { taskId, inputResponses }, options);
  }

  /** Asks the server to cancel the task (cooperative: it may still end otherwise). */
  async cancel(taskId: string, options?: CallOptions): Promise<void> {
    if (this.core) await this.session().request("tasks/cancel", { taskId }, options);
    else await this.ext.request("tasks/cancel", { taskId }, options);
  }

  /** Core tasks: the caller's tasks, a page at a time. */
  async list(cursor?: string, options?: CallOptions): Promise<{ tasks: TaskView[]; nextCursor?: string }> {
    if (!this.core) throw new Error("tasks/list is not part of the tasks extension");
    const page = (await this.session().request(
      "tasks/list",
      cursor === undefined ? {} : { cursor },
      options,
    )) as unknown as Params;
    return {
      tasks: (page.tasks as Params[]).map(fromCore),
      ...(typeof page.nextCursor === "string" ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /**
   * Polls until the task ends, waiting the server's `pollIntervalMs` between polls and answering
   * its input requests with this client's handlers (each key once); resolves with the tool's result,
   * rejects with the task's JSON-RPC error (failed) or a -32800-style McpError (cancelled).
   */
  async result(taskId: string, options: AwaitTaskOptions = {}): Promise<Model.CallToolResult> {
    const answered = new Set<string>();
    for (;;) {
      const task = await this.get(taskId, options.signal ? { signal: options.signal } : {});
      options.onStatus?.(task);
      if (TASK_ENDED.has(task.status)) return this.final(task, options);
      if (task.status === "input_required" && task.inputRequests && !this.core) {
        const open = Object.fromEntries(Object.entries(task.inputRequests).filter(([key]) => !answered.has(key)));
        if (Object.keys(open).length > 0) {
          for (const key of Object.keys(open)) answered.add(key);
          const responses = await this.session().answerInputRequests(open as Record<string, Params>, options.signal);
          await this.update(taskId, responses as Record<string, Params>);
          continue;
        }
      }
      await sleep(task.pollIntervalMs ?? options.defaultPollIntervalMs ?? 1000, options.signal);
    }
  }

  private async final(task: TaskView, options: AwaitTaskOptions): Promise<Model.CallToolResult> {
    if (this.core) {
      // The payload comes from tasks/result (a completed task's result, or its error).
      const payload = (await this.session().request(
        "tasks/result",
        { taskId: task.taskId },
        options.signal ? { signal: options.signal } : {},
      )) as unknown as Params;
      return payload as unknown as Model.CallToolResult;
    }
    if (task.status === "completed" && task.result) return task.result as unknown as Model.CallToolResult;
    if (task.status === "failed" && task.error)
      throw new McpError(task.error.code, task.error.message, task.error.data);
    throw new McpError(ErrorCode.InternalError, `task ${task.taskId} was cancelled`, { taskId: task.taskId });
  }

  /** Calls a tool and awaits its final result, as a task when the server runs it as one. */
  async callToolAndWait(
    params: Model.CallToolRequestParams,
    options: CallOptions & AwaitTaskOptions & { ttlMs?: number } = {},
  ): Promise<Model.CallToolResult> {
    const outcome = await this.callTool(params, options);
    if (outcome.result) return outcome.result;
    return this.result(outcome.task.taskId, options);
  }
}
