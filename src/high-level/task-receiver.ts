/**
 * The client as the receiver of tasks (the core tasks, experimental in the version that has them):
 * a server may ask for `sampling/createMessage` or `elicitation/create` with a `task`; the client
 * then answers at once with the task, runs its ordinary handler in the background, and answers
 * the server's `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel` from a task store,
 * telling it of each status change with `notifications/tasks/status`. The handlers themselves
 * (`onSampling`, `onElicitation`) do not change.
 */
import type { Params } from "../jsonrpc/outbound.js";
import { ErrorCode, McpError } from "../protocol/errors.js";
import { definesMethod } from "../protocol/methods.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import {
  InMemoryTaskStore,
  type TaskError,
  type TaskPatch,
  type TaskRecord,
  type TaskStore,
  TERMINAL_TASK_STATUSES,
} from "../tasks/task-store.js";
import { validateClientResult } from "../validation/validate.js";

/** The Client's `receiveTasks` option: where the tasks a server asks this client to run live, and for how long. */
export interface ClientTaskOptions {
  /** Where task records live (default: a bounded InMemoryTaskStore). */
  store?: TaskStore;
  /** A task's time to live, in ms, when the server asks for none (default 10 minutes). */
  ttlMs?: number;
  /** The longest time to live the server may ask for, in ms (default 1 hour). */
  maxTtlMs?: number;
  /** The polling interval suggested to the server, in ms (default 200). */
  pollIntervalMs?: number;
}

/** The `_meta` key tying a message to a task. */
const RELATED_TASK = "io.modelcontextprotocol/related-task";

/** Every task here belongs to the one server of the session. */
const OWNER = "server";

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function notFound(): McpError {
  return new McpError(ErrorCode.InvalidParams, "Failed to retrieve task: Task not found");
}

function errorOf(error: unknown): TaskError {
  if (error instanceof McpError) {
    return { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) };
  }
  return { code: ErrorCode.InternalError, message: `Internal error: ${(error as Error)?.message ?? String(error)}` };
}

/** A task as the core tasks show it (`ttl`, `pollInterval`). */
function view(record: TaskRecord): Params {
  const task: Params = {
    taskId: record.taskId,
    status: record.status,
    createdAt: record.createdAt,
    lastUpdatedAt: record.lastUpdatedAt,
    ttl: record.ttlMs,
  };
  if (record.statusMessage !== undefined) task.statusMessage = record.statusMessage;
  if (record.pollIntervalMs !== undefined) task.pollInterval = record.pollIntervalMs;
  return task;
}

/** The client's tasks: the requests a server asked it to run as tasks. */
export class ClientTaskReceiver {
  /** Where the tasks live (the option's store, or a bounded InMemoryTaskStore). */
  readonly store: TaskStore;
  private readonly running = new Map<string, AbortController>();
  private readonly ttlMs: number;
  private readonly maxTtlMs: number;
  private readonly pollIntervalMs: number;

  /**
   * Made by the Client when `receiveTasks` is set; `notify` sends `notifications/tasks/status`.
   * Defaults: tasks live 10 minutes (at most an hour when the server asks), polled every 200 ms.
   */
  constructor(
    options: ClientTaskOptions,
    /** Sends `notifications/tasks/status` to the server. */
    private readonly notify: (params: Params) => Promise<void>,
  ) {
    this.store = options.store ?? new InMemoryTaskStore();
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxTtlMs = options.maxTtlMs ?? 60 * 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  /** How many tasks are running here now. */
  get runningCount(): number {
    return this.running.size;
  }

  /** Whether this request asks to run as a task, in a version whose core tasks allow it. */
  static asked(params: Params | undefined, version: ProtocolVersion): boolean {
    const task = params?.task;
    return typeof task === "object" && task !== null && definesMethod(version, "serverRequests", "tasks/get");
  }

  /**
   * Runs `work` (the ordinary handler) as a task: answers at once with the CreateTaskResult; the
   * work's result (checked as `method`'s result) or error ends the task.
   */
  async start(
    method: string,
    params: Params | undefined,
    version: ProtocolVersion,
    work: (signal: AbortSignal) => Promise<Params>,
  ): Promise<Params> {
    const asked = (params?.task as { ttl?: unknown } | undefined)?.ttl;
    const ttlMs =
      typeof asked === "number" && Number.isFinite(asked) && asked > 0
        ? Math.min(Math.floor(asked), this.maxTtlMs)
        : this.ttlMs;
    const now = Date.now();
    const iso = new Date(now).toISOString();
    const record: TaskRecord = {
      taskId: randomId(),
      owner: OWNER,
      method,
      status: "working",
      createdAt: iso,
      lastUpdatedAt: iso,
      ttlMs,
      pollIntervalMs: this.pollIntervalMs,
      expiresAt: now + ttlMs,
    };
    await this.store.create(record);
    const controller = new AbortController();
    this.running.set(record.taskId, controller);
    void (async () => {
      let patch: TaskPatch;
      try {
        const result = await work(controller.signal);
        patch = { status: "completed", result: validateClientResult(method, version, result) as Params };
      } catch (error) {
        const failure = errorOf(error);
        patch = { status: "failed", error: failure, statusMessage: failure.message };
      }
      this.running.delete(record.taskId);
      // A cancelled task stays cancelled, whatever the work did after.
      if (controller.signal.aborted) return;
      const ended = await this.store.update(record.taskId, OWNER, patch);
      if (ended) await this.notify(view(ended)).catch(() => {});
    })();
    return { task: view(record) };
  }

  private async find(params: Params | undefined): Promise<TaskRecord> {
    const taskId = params?.taskId;
    if (typeof taskId !== "string") throw notFound();
    const record = await this.store.get(taskId, OWNER);
    if (!record) throw notFound();
    return record;
  }

  /** tasks/get. */
  async get(params: Params | undefined): Promise<Params> {
    return view(await this.find(params));
  }

  /** tasks/list, a page at a time. */
  async list(params: Params | undefined): Promise<Params> {
    const cursor = typeof params?.cursor === "string" ? params.cursor : undefined;
    let page: Awaited<ReturnType<TaskStore["list"]>>;
    try {
      page = await this.store.list(OWNER, cursor === undefined ? {} : { cursor });
    } catch {
      throw new McpError(ErrorCode.InvalidParams, "Invalid params: unknown cursor");
    }
    return {
      tasks: page.tasks.map(view),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /** tasks/cancel: refused (-32602) for a task already ended. */
  async cancel(params: Params | undefined): Promise<Params> {
    const record = await this.find(params);
    if (TERMINAL_TASK_STATUSES.has(record.status)) {
      throw new McpError(ErrorCode.InvalidParams, `Cannot cancel task: it is already ${record.status}`);
    }
    const controller = this.running.get(record.taskId);
    controller?.abort(new McpError(ErrorCode.InternalError, "the task was cancelled"));
    const cancelled = await this.store.update(record.taskId, OWNER, {
      status: "cancelled",
      cancelRequested: true,
      statusMessage: "Cancelled by the server",
    });
    if (cancelled) await this.notify(view(cancelled)).catch(() => {});
    return view(cancelled ?? record);
  }

  /** tasks/result: waits for the end, then answers as the request would have (its result or its error). */
  async result(params: Params | undefined, signal: AbortSignal): Promise<Params> {
    const record = await this.find(params);
    const final = TERMINAL_TASK_STATUSES.has(record.status) ? record : await this.ended(record.taskId, signal);
    const related = { [RELATED_TASK]: { taskId: final.taskId } };
    if (final.status === "completed" && final.result) {
      return { ...final.result, _meta: { ...(final.result._meta as Params | undefined), ...related } };
    }
    const error = final.error ?? { code: ErrorCode.InternalError, message: "Internal error: the task was cancelled" };
    throw new McpError(error.code, error.message, error.data);
  }

  private ended(taskId: string, signal: AbortSignal): Promise<TaskRecord> {
    return new Promise<TaskRecord>((resolve, reject) => {
      const done = (record: TaskRecord) => {
        stop();
        signal.removeEventListener("abort", onAbort);
        resolve(record);
      };
      const stop = this.store.watch(taskId, (next) => {
        if (TERMINAL_TASK_STATUSES.has(next.status)) done(next);
      });
      const onAbort = () => {
        stop();
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      // It may have ended between the read and the watch.
      void this.store.get(taskId, OWNER).then((now) => {
        if (now && TERMINAL_TASK_STATUSES.has(now.status)) done(now);
      });
    });
  }
}
