/**
 * McpServer's tasks as the server holds them from the first tool that may run as a task: the store,
 * the options, the task methods' handlers, and whether a tools/call runs as a task. The machinery
 * that runs tasks (tasks.ts: running tasks, polls, cancels, input requests, results) is loaded the
 * first time it is needed, through a literal dynamic `import()` that bundlers follow, so that
 * `import("typed-mcp")` does not load it (the cold start, issue 15).
 */

import { missingExtensionError } from "../../extensions/registry.js";
import type { Params } from "../../jsonrpc/outbound.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import { isStatelessProtocolVersion } from "../../protocol/versions.js";
import type { ServerExtension } from "../../server/extensions.js";
import type { RequestContext } from "../../server/runner.js";
import { TASKS_EXTENSION_ID, type tasksExtension } from "../../tasks/extension.js";
import { InMemoryTaskStore, type TaskRecord, type TaskStore } from "../../tasks/task-store.js";
import type { ToolContext } from "./handler-context.js";
import type { TaskStatusChange } from "./notification-bus.js";
import { connectionKey, type ListenTaskFilter } from "./subscriptions.js";
import {
  type Era,
  eraOf,
  type TaskHost,
  type TaskMode,
  type TaskOptions,
  type TaskSupport,
  type TaskToolContext,
  versionHasTasks,
} from "./task-modes.js";
import type { TaskEngine } from "./tasks.js";

/** The tasks of one McpServer. */
export class ServerTasks {
  readonly store: TaskStore;
  private readonly ttlMs: number;
  private readonly maxTtlMs: number;
  readonly pollIntervalMs: number;
  /** The machinery, once loaded. */
  private engine: TaskEngine | undefined;
  private loading: Promise<TaskEngine> | undefined;

  constructor(
    private readonly options: TaskOptions,
    private readonly extension: ServerExtension<(typeof tasksExtension)["definition"]>,
    setCoreHandler: (method: string, handler: (params: Params | undefined, context: RequestContext) => unknown) => void,
    /**
     * Where status changes go: McpServer's notification path (its bus when it has one, so that every
     * process delivers them to the clients it holds).
     */
    readonly announce: (change: TaskStatusChange) => Promise<void> = async () => {},
  ) {
    this.store = options.store ?? new InMemoryTaskStore();
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxTtlMs = options.maxTtlMs ?? 60 * 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    const handler =
      (method: "get" | "cancel" | "update" | "result" | "list") =>
      (params: Params | undefined, context: RequestContext) =>
        this.loaded().then((engine) => engine[method](params, context));
    // One handler per method serves both eras: the extension's methods share their names with the core ones.
    extension.setRequestHandler("tasks/get", handler("get") as never);
    extension.setRequestHandler("tasks/cancel", handler("cancel") as never);
    extension.setRequestHandler("tasks/update", handler("update") as never);
    setCoreHandler("tasks/result", handler("result"));
    setCoreHandler("tasks/list", handler("list"));
  }

  /** The machinery of tasks.ts, loaded (once) on first use. */
  private loaded(): Promise<TaskEngine> {
    if (this.engine) return Promise.resolve(this.engine);
    const host: TaskHost = {
      store: this.store,
      pollIntervalMs: this.pollIntervalMs,
      ownerOf: (context) => this.ownerOf(context),
      announce: (change) => this.announce(change),
    };
    this.loading ??= import("./tasks.js").then(({ TaskEngine }) => {
      this.engine = new TaskEngine(host);
      return this.engine;
    });
    return this.loading;
  }

  /** How many tasks are running here now (their work not yet ended). */
  get runningCount(): number {
    return this.engine?.runningCount ?? 0;
  }

  private ownerOf(context: RequestContext): string {
    const chosen = this.options.ownerOf?.(context);
    if (chosen !== undefined) return chosen;
    const auth = context.extra?.authInfo as Record<string, unknown> | string | undefined;
    if (typeof auth === "string") return `principal:${auth}`;
    if (auth && typeof auth === "object") {
      for (const field of ["principal", "clientId", "sub"]) {
        if (typeof auth[field] === "string") return `principal:${auth[field]}`;
      }
    }
    if (isStatelessProtocolVersion(context.protocolVersion)) return "anonymous";
    return connectionKey(context.connection);
  }

  /**
   * The tasks extension's `taskIds` listen filter: a stream hears of the tasks among those asked for
   * that its caller owns (the others are left out of the acknowledgement, as unknown ids are).
   */
  listenFilter(): ListenTaskFilter {
    return {
      agree: async (requested, context) => {
        if (!Array.isArray(requested)) return undefined;
        const owner = this.ownerOf(context);
        const taskIds: string[] = [];
        for (const taskId of new Set(requested)) {
          if (typeof taskId === "string" && (await this.store.get(taskId, owner))) taskIds.push(taskId);
        }
        return { taskIds, owner };
      },
      send: (context, params) =>
        this.extension.notify(context.session, "notifications/tasks", params as never, {
          relatedRequestId: context.requestId,
        }),
    };
  }

  /** Tells the owner's clients a task's state, as its era does (see TaskStatusChange). */
  async statusChanged(record: TaskRecord, era: Era, connection: string | undefined): Promise<void> {
    return (await this.loaded()).statusChanged(record, era, connection);
  }

  /** Whether this tools/call runs as a task, and how; throws the era's error for a call a tool cannot take. */
  modeFor(support: TaskSupport, params: Params | undefined, context: RequestContext): TaskMode | undefined {
    const version = context.protocolVersion;
    if (!versionHasTasks(version)) {
      // Before tasks existed no client can take one: a tool that must run as a task is not there for it.
      if (support === "required") {
        throw new McpError(
          ErrorCode.MethodNotFound,
          `Method not found: ${String(params?.name)} must run as a task, which protocol version ${version} does not have`,
        );
      }
      return undefined;
    }
    if (eraOf(version) === "core") {
      const task = params?.task as { ttl?: unknown } | undefined;
      if (task === undefined) {
        if (support === "required") {
          throw new McpError(
            ErrorCode.MethodNotFound,
            `Method not found: ${String(params?.name)} must be called as a task`,
          );
        }
        return undefined;
      }
      if (support === "forbidden") {
        throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${String(params?.name)} cannot run as a task`);
      }
      return { era: "core", ttlMs: this.ttlFor(typeof task.ttl === "number" ? task.ttl : undefined) };
    }
    if (!isStatelessProtocolVersion(version) || support === "forbidden") return undefined;
    if (!context.declaresExtension(TASKS_EXTENSION_ID)) {
      if (support === "required")
        throw missingExtensionError(TASKS_EXTENSION_ID, `tools/call of ${String(params?.name)}`);
      return undefined;
    }
    return { era: "extension", ttlMs: this.ttlFor(undefined) };
  }

  private ttlFor(asked: number | undefined): number {
    if (asked === undefined || !Number.isFinite(asked) || asked <= 0) return this.ttlMs;
    return Math.min(Math.floor(asked), this.maxTtlMs);
  }

  /**
   * Runs `work` as a task: the returned promise is the answer to the request (the task handle once
   * the task starts, or the work's own result when a manual-start tool finished without starting one).
   * The first call loads the machinery and waits for it.
   */
  async run(
    mode: TaskMode,
    method: string,
    context: RequestContext,
    base: ToolContext,
    startAtOnce: boolean,
    work: (context: ToolContext & TaskToolContext) => Promise<Params>,
  ): Promise<Params> {
    return (await this.loaded()).run(mode, method, context, base, startAtOnce, work);
  }
}
