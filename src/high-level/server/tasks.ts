/**
 * Tasks for McpServer, one model for both eras. A tool declares that it may (`"optional"`) or must
 * (`"required"`) run as a task; the same handler then runs whichever way the client speaks:
 *
 * - stateless lifecycle: the tasks extension (SEP-2663), registered through the public extension
 *   API. A client that declared it gets a task handle (`resultType: "task"`), polls `tasks/get`,
 *   answers the task's input requests with `tasks/update`, cancels with `tasks/cancel`;
 * - Core tasks (experimental, in the version before the extension): A `tools/call` carrying `task` gets a CreateTaskResult;
 *   `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel`; `notifications/tasks/status`; input
 *   the task needs is asked of the client as ordinary server requests tagged with the task.
 *
 * Progress and cancellation reach the handler as for any call: `reportProgress` (which becomes the
 * task's `statusMessage`) and `signal` (aborted by a task cancel). Records live in a TaskStore,
 * owned by the session or the authenticated principal; what runs lives here until it ends.
 */

import type { Params } from "../../jsonrpc/outbound.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import { inputRequestKind } from "../../protocol/input-requests.js";
import { clientRequestResultDefinition } from "../../protocol/methods.js";
import type * as Model from "../../protocol/model.js";
import { isStatelessProtocolVersion, type ProtocolVersion } from "../../protocol/versions.js";
import type { AskOptions } from "../../server/input-required.js";
import type { RequestContext } from "../../server/runner.js";
import { ServerSession } from "../../server/server-session.js";
import { watchCancellation } from "../../tasks/cancellation.js";
import {
  type TaskError,
  type TaskRecord,
  type TaskStatus,
  type TaskStore,
  TERMINAL_TASK_STATUSES,
} from "../../tasks/task-store.js";
import { serializeForVersion } from "../../validation/serialize.js";
import { validateDefinition } from "../../validation/validate.js";
import { elicitWithSchema, type ToolContext } from "./handler-context.js";
import { connectionKey } from "./subscriptions.js";
import { type Era, eraOf, type TaskHost, type TaskMode, type TaskToolContext } from "./task-modes.js";

/** The `_meta` key tying a message to a task (core tasks). */
export const RELATED_TASK_META = "io.modelcontextprotocol/related-task";

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function errorOf(error: unknown): TaskError {
  if (error instanceof McpError) {
    return { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) };
  }
  return { code: ErrorCode.InternalError, message: `Internal error: ${(error as Error)?.message ?? String(error)}` };
}

function notFound(): McpError {
  return new McpError(ErrorCode.InvalidParams, "Failed to retrieve task: Task not found");
}

/**
 * The machinery behind ServerTasks (server-tasks.ts), loaded on first use: the tasks running here,
 * the task methods' work, and running a tool call as a task.
 */
export class TaskEngine {
  private readonly live = new Map<string, LiveTask>();

  constructor(private readonly host: TaskHost) {}

  /** Where task records live. */
  get store(): TaskStore {
    return this.host.store;
  }

  /** How many tasks are running here now (their work not yet ended). */
  get runningCount(): number {
    return this.live.size;
  }

  /** Tells the owner's clients a task's state, as its era does (see TaskStatusChange). */
  statusChanged(record: TaskRecord, era: Era, connection: string | undefined): Promise<void> {
    return this.host.announce({
      kind: "taskStatus",
      taskId: record.taskId,
      owner: record.owner,
      era,
      ...(connection === undefined ? {} : { connection }),
      task: TaskEngine.view(record, era),
    });
  }

  /**
   * Runs `work` as a task: the returned promise is the answer to the request (the task handle once
   * the task starts, or the work's own result when a manual-start tool finished without starting one).
   */
  run(
    mode: TaskMode,
    method: string,
    context: RequestContext,
    base: ToolContext,
    startAtOnce: boolean,
    work: (context: ToolContext & TaskToolContext) => Promise<Params>,
  ): Promise<Params> {
    let live: LiveTask | undefined;
    let starting: Promise<void> | undefined;
    let answer: (value: Params) => void = () => {};
    const started = new Promise<Params>((resolve) => {
      answer = resolve;
    });
    const startTask = () => {
      starting ??= (async () => {
        live = await this.create(mode, method, context);
        answer(live.handle());
      })();
      return starting;
    };
    const taskContext = withTask(base, () => live, startTask);
    const ran = (async () => {
      if (startAtOnce) await startTask();
      try {
        const value = await work(taskContext);
        if (!live) return value;
        await live.complete(value);
      } catch (error) {
        if (!live) throw error;
        await live.fail(error);
      }
      return undefined;
    })();
    // Before the task starts, the work's outcome is the request's; after, the handle is.
    return Promise.race([started, ran.then((value) => value ?? started)]);
  }

  private async create(mode: TaskMode, method: string, context: RequestContext): Promise<LiveTask> {
    const now = Date.now();
    const iso = new Date(now).toISOString();
    const record: TaskRecord = {
      taskId: randomId(),
      owner: this.host.ownerOf(context),
      method,
      status: "working",
      createdAt: iso,
      lastUpdatedAt: iso,
      ttlMs: mode.ttlMs,
      pollIntervalMs: this.host.pollIntervalMs,
      expiresAt: mode.ttlMs === null ? null : now + mode.ttlMs,
    };
    // Durable before the handle goes out: a tasks/get right after finds it.
    await this.store.create(record);
    const live = new LiveTask(this, record, mode.era, context, () => this.live.delete(record.taskId));
    this.live.set(record.taskId, live);
    // Its cancellation watch hears other processes before the handle goes out.
    await this.store.watching?.(record.taskId);
    return live;
  }

  /** The record as a poll shows it: the extension's DetailedTask, or the core Task. */
  static view(record: TaskRecord, era: Era): Params {
    if (era === "core") {
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
    const task: Params = {
      taskId: record.taskId,
      status: record.status,
      createdAt: record.createdAt,
      lastUpdatedAt: record.lastUpdatedAt,
      ttlMs: record.ttlMs,
    };
    if (record.statusMessage !== undefined) task.statusMessage = record.statusMessage;
    if (record.pollIntervalMs !== undefined) task.pollIntervalMs = record.pollIntervalMs;
    if (record.status === "completed" && record.result) task.result = record.result;
    if (record.status === "failed" && record.error) task.error = record.error;
    if (record.status === "input_required") task.inputRequests = record.inputRequests ?? {};
    return task;
  }

  private async find(params: Params | undefined, context: RequestContext): Promise<TaskRecord> {
    const taskId = params?.taskId;
    if (typeof taskId !== "string") throw notFound();
    const record = await this.store.get(taskId, this.host.ownerOf(context));
    if (!record) throw notFound();
    return record;
  }

  async get(params: Params | undefined, context: RequestContext): Promise<Params> {
    return TaskEngine.view(await this.find(params, context), eraOf(context.protocolVersion));
  }

  async update(params: Params | undefined, context: RequestContext): Promise<Params> {
    const record = await this.find(params, context);
    const given = (params?.inputResponses ?? {}) as Record<string, Record<string, unknown>>;
    const outstanding = { ...record.inputRequests };
    const responses = { ...record.inputResponses };
    // Keys not outstanding (never issued, answered already, superseded) are ignored, as the extension says.
    for (const [key, response] of Object.entries(given)) {
      if (!Object.hasOwn(outstanding, key)) continue;
      responses[key] = response;
      delete outstanding[key];
    }
    if (Object.keys(responses).length === Object.keys(record.inputResponses ?? {}).length) return {};
    const status: TaskStatus = Object.keys(outstanding).length > 0 ? "input_required" : "working";
    await this.store.update(record.taskId, record.owner, {
      inputResponses: responses,
      inputRequests: outstanding,
      ...(TERMINAL_TASK_STATUSES.has(record.status) ? {} : { status }),
    });
    return {};
  }

  async cancel(params: Params | undefined, context: RequestContext): Promise<Params> {
    const era = eraOf(context.protocolVersion);
    const record = await this.find(params, context);
    if (TERMINAL_TASK_STATUSES.has(record.status)) {
      // The extension acknowledges (idempotent); core tasks refuse to cancel a finished task.
      if (era === "core") {
        throw new McpError(ErrorCode.InvalidParams, `Cannot cancel task: it is already ${record.status}`);
      }
      return {};
    }
    const live = this.live.get(record.taskId);
    let after: TaskRecord | undefined;
    if (live) after = await live.cancel();
    else {
      after = await this.store.update(record.taskId, record.owner, {
        status: "cancelled",
        cancelRequested: true,
        statusMessage: "Cancelled by the client",
      });
      if (after) await this.statusChanged(after, era, era === "core" ? connectionKey(context.connection) : undefined);
    }
    return era === "core" ? TaskEngine.view(after ?? record, era) : {};
  }

  /** Core tasks/result: waits for the end, then answers as the request would have. */
  async result(params: Params | undefined, context: RequestContext): Promise<Params> {
    const record = await this.find(params, context);
    const final = TERMINAL_TASK_STATUSES.has(record.status)
      ? record
      : await new Promise<TaskRecord>((resolve, reject) => {
          const stop = this.store.watch(record.taskId, (next) => {
            if (!TERMINAL_TASK_STATUSES.has(next.status)) return;
            stop();
            context.signal.removeEventListener("abort", onAbort);
            resolve(next);
          });
          const onAbort = () => {
            stop();
            reject(context.signal.reason);
          };
          context.signal.addEventListener("abort", onAbort, { once: true });
          // It may have ended between the read and the watch.
          void this.store.get(record.taskId, record.owner).then((now) => {
            if (now && TERMINAL_TASK_STATUSES.has(now.status)) {
              stop();
              context.signal.removeEventListener("abort", onAbort);
              resolve(now);
            }
          });
        });
    const related = { [RELATED_TASK_META]: { taskId: final.taskId } };
    if (final.status === "completed" && final.result) {
      return { ...final.result, _meta: { ...(final.result._meta as Params | undefined), ...related } };
    }
    const error = final.error ?? { code: ErrorCode.InternalError, message: "Internal error: the task was cancelled" };
    throw new McpError(error.code, error.message, error.data);
  }

  async list(params: Params | undefined, context: RequestContext): Promise<Params> {
    const cursor = typeof params?.cursor === "string" ? params.cursor : undefined;
    let page: Awaited<ReturnType<TaskStore["list"]>>;
    try {
      page = await this.store.list(this.host.ownerOf(context), cursor === undefined ? {} : { cursor });
    } catch {
      throw new McpError(ErrorCode.InvalidParams, "Invalid params: unknown cursor");
    }
    return {
      tasks: page.tasks.map((record) => TaskEngine.view(record, "core")),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }
}

/** The ToolContext a task-capable tool gets: before the task starts, the call's own; after, the task's. */
function withTask(
  base: ToolContext,
  current: () => LiveTask | undefined,
  startTask: () => Promise<void>,
): ToolContext & TaskToolContext {
  // The base context's members are accessors on its prototype (see handlerContext): a spread would
  // drop them, so each is named here; the optional ones only when present.
  return {
    get session() {
      return base.session;
    },
    requestId: base.requestId,
    protocolVersion: base.protocolVersion,
    get http() {
      return base.http;
    },
    ...(base.inputRound === undefined ? {} : { inputRound: base.inputRound }),
    ...(base.closeSseStream === undefined ? {} : { closeSseStream: base.closeSseStream }),
    ...(base.authInfo === undefined ? {} : { authInfo: base.authInfo }),
    get signal() {
      return current()?.signal ?? base.signal;
    },
    get taskId() {
      return current()?.taskId;
    },
    startTask,
    reportProgress: (progress, total, message) => {
      const task = current();
      if (!task) return base.reportProgress(progress as number, total, message);
      return typeof progress === "number"
        ? task.progress(progress, total, message)
        : task.progress(progress.progress, progress.total, progress.message);
    },
    log: (level, data, logger) => current()?.log(level, data, logger) ?? base.log(level, data, logger),
    createMessage: (params, options) =>
      current()?.ask<Model.CreateMessageResult>("sampling/createMessage", params as unknown as Params, options) ??
      base.createMessage(params, options),
    elicitForm: ((params: { message: string; requestedSchema: unknown }, options?: AskOptions) => {
      const task = current();
      if (!task) return base.elicitForm(params as never, options);
      // A Standard Schema form is converted and its answer parsed as outside a task.
      return elicitWithSchema(
        (form) => task.ask<Model.ElicitResult>("elicitation/create", { ...form, mode: "form" } as Params, options),
        params,
      );
    }) as ToolContext["elicitForm"],
    listRoots: (options) =>
      current()?.ask<Model.ListRootsResult>("roots/list", undefined, options) ?? base.listRoots(options),
  };
}

/** One task whose work runs in this process. */
class LiveTask {
  readonly taskId: string;
  private readonly owner: string;
  private readonly controller = new AbortController();
  private readonly pending = new Map<
    string,
    { method: string; params?: Params; resolve: (value: Params) => void; reject: (error: unknown) => void }
  >();
  private asked = 0;
  private stopWatching: (() => void) | undefined;
  /** Stops watching for a cancellation made through another process (called when the work ends). */
  private readonly unwatchCancel: () => void;
  private readonly version: ProtocolVersion;
  /** Core tasks: the session's standalone channel, on which the task's own messages travel. */
  private readonly session: ServerSession | undefined;
  private readonly progressToken: unknown;
  /** Core tasks: the connection that created the task, by its name across processes. */
  private readonly connectionKey: string | undefined;

  constructor(
    private readonly tasks: TaskEngine,
    private readonly created: TaskRecord,
    readonly era: Era,
    context: RequestContext,
    private readonly ended: () => void,
  ) {
    this.taskId = created.taskId;
    this.owner = created.owner;
    this.version = context.protocolVersion;
    this.session =
      era === "core" && context.connection.hasBackChannel ? new ServerSession(context.connection) : undefined;
    this.progressToken = context.dispatch.progressToken;
    this.connectionKey = era === "core" ? connectionKey(context.connection) : undefined;
    // A tasks/cancel that reached any process (the record turns cancelled in the store) stops the work here.
    this.unwatchCancel = watchCancellation(tasks.store, this.taskId, () => this.stopped());
  }

  /** The record was cancelled (through this process or another): the work's signal aborts, its asks fail. */
  private stopped(): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort(new McpError(ErrorCode.InternalError, "the task was cancelled"));
    for (const ask of this.pending.values()) ask.reject(this.controller.signal.reason);
    this.pending.clear();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private get store(): TaskStore {
    return this.tasks.store;
  }

  /** The answer to the request that created the task. */
  handle(): Params {
    const view = TaskEngine.view(this.created, this.era);
    return this.era === "core" ? { task: view } : { resultType: "task", ...view };
  }

  /** A status change, to the owner's clients through the server's notification path (its bus, if any). */
  private async changed(record: TaskRecord | undefined): Promise<void> {
    if (!record) return;
    await this.tasks.statusChanged(record, this.era, this.connectionKey).catch(() => {});
  }

  async progress(progress: number, total?: number, message?: string): Promise<void> {
    const statusMessage = message ?? (total === undefined ? `${progress}` : `${progress}/${total}`);
    await this.store.update(this.taskId, this.owner, { statusMessage });
    if (this.era === "core" && this.session && this.progressToken !== undefined) {
      const params: Params = { progressToken: this.progressToken as string, progress };
      if (total !== undefined) params.total = total;
      if (message !== undefined) params.message = message;
      await this.session.sendNotification("notifications/progress", params, { standalone: true }).catch(() => {});
    }
  }

  async log(level: Model.LoggingLevel, data: unknown, logger?: string): Promise<void> {
    // The extension has no log messages for tasks; core tasks tag them with the task.
    if (this.era !== "core" || !this.session || !this.session.connection.wantsLog(level)) return;
    const params: Params = { level, data, _meta: { [RELATED_TASK_META]: { taskId: this.taskId } } };
    if (logger !== undefined) params.logger = logger;
    await this.session.sendNotification("notifications/message", params, { standalone: true }).catch(() => {});
  }

  /** Input the work needs from the client, as the era asks for it. */
  async ask<R>(method: string, params: Params | undefined, options?: AskOptions): Promise<R> {
    if (this.controller.signal.aborted) throw this.controller.signal.reason;
    const kind = inputRequestKind(method);
    if (!kind) throw new Error(`${method} is not something a task can ask for`);
    if (this.era === "core") return this.askCore<R>(method, params, options);
    this.asked++;
    const key = options?.key ?? `${kind.short}-${this.asked}`;
    const answer = await new Promise<Params>((resolve, reject) => {
      this.pending.set(key, { method, ...(params === undefined ? {} : { params }), resolve, reject });
      this.stopWatching ??= this.store.watch(this.taskId, (record) => this.take(record));
      void this.publishPending();
    });
    validateDefinition(kind.result, this.version, answer);
    return answer as R;
  }

  private async askCore<R>(method: string, params: Params | undefined, asked?: AskOptions): Promise<R> {
    if (!this.session) throw new McpError(ErrorCode.InternalError, `Internal error: no channel to ask ${method} on`);
    await this.changed(await this.store.update(this.taskId, this.owner, { status: "input_required" }));
    const tagged: Params = {
      ...params,
      _meta: { ...(params?._meta as Params | undefined), [RELATED_TASK_META]: { taskId: this.taskId } },
    };
    try {
      // The client may run a sampling or elicitation as a task of its own (asked with `task`).
      const options = {
        standalone: true,
        signal: this.controller.signal,
        ...(asked?.task === undefined ? {} : { task: asked.task }),
      } as const;
      if (method === "sampling/createMessage") {
        return (await this.session.createMessage(tagged as unknown as Model.CreateMessageRequestParams, options)) as R;
      }
      if (method === "elicitation/create") {
        return (await this.session.elicitForm(tagged as never, options)) as R;
      }
      return (await this.session.sendRequest<R>(method, tagged, options)) as R;
    } finally {
      if (!this.controller.signal.aborted) {
        await this.changed(await this.store.update(this.taskId, this.owner, { status: "working" }));
      }
    }
  }

  /** Writes the outstanding asks to the store (the task is input_required while there are any). */
  private async publishPending(): Promise<void> {
    const inputRequests: Record<string, { method: string; params?: Params }> = {};
    for (const [key, ask] of this.pending) {
      inputRequests[key] = { method: ask.method, ...(ask.params === undefined ? {} : { params: ask.params }) };
    }
    const status: TaskStatus = this.pending.size > 0 ? "input_required" : "working";
    const record = await this.store.update(this.taskId, this.owner, { status, inputRequests });
    if (!record) return;
    await this.changed(record);
    this.take(record);
  }

  /** Hands the answers the client gave (tasks/update) to the asks waiting for them. */
  private take(record: TaskRecord): void {
    const responses = record.inputResponses;
    if (!responses) return;
    let took = false;
    for (const [key, response] of Object.entries(responses)) {
      const ask = this.pending.get(key);
      if (!ask) continue;
      this.pending.delete(key);
      took = true;
      ask.resolve(response);
    }
    if (!took) return;
    const left: Record<string, Record<string, unknown>> = {};
    for (const [key, response] of Object.entries(responses)) if (this.pending.has(key)) left[key] = response;
    void this.store
      .update(this.taskId, this.owner, { inputResponses: left })
      .then(() => (this.pending.size === 0 ? this.publishPending() : undefined));
  }

  async complete(result: Params): Promise<void> {
    const definition = clientRequestResultDefinition(this.version, "tools/call");
    let final = definition ? (serializeForVersion(definition, this.version, result) as Params) : result;
    if (isStatelessProtocolVersion(this.version) && final.resultType === undefined) {
      final = { resultType: "complete", ...final };
    }
    try {
      if (definition) validateDefinition(definition, this.version, final);
    } catch (error) {
      await this.fail(
        new McpError(ErrorCode.InternalError, "Internal error: the server produced an invalid tools/call result", {
          issues: (error as { issues?: unknown }).issues,
        }),
      );
      return;
    }
    await this.end({ status: "completed", result: final });
  }

  async fail(error: unknown): Promise<void> {
    if (this.controller.signal.aborted) {
      this.finish();
      return;
    }
    const failure = errorOf(error);
    await this.end({ status: "failed", error: failure, statusMessage: failure.message });
  }

  async cancel(): Promise<TaskRecord | undefined> {
    const record = await this.store.update(this.taskId, this.owner, {
      status: "cancelled",
      cancelRequested: true,
      statusMessage: "Cancelled by the client",
      inputRequests: undefined,
      inputResponses: undefined,
    });
    this.controller.abort(new McpError(ErrorCode.InternalError, "the task was cancelled"));
    for (const ask of this.pending.values()) ask.reject(this.controller.signal.reason);
    this.pending.clear();
    await this.changed(record);
    this.finish();
    return record;
  }

  private async end(patch: { status: TaskStatus; result?: Params; error?: TaskError; statusMessage?: string }) {
    const record = await this.store.update(this.taskId, this.owner, {
      ...patch,
      inputRequests: undefined,
      inputResponses: undefined,
    });
    await this.changed(record);
    this.finish();
  }

  private finish(): void {
    this.unwatchCancel();
    this.stopWatching?.();
    this.stopWatching = undefined;
    for (const ask of this.pending.values()) ask.reject(new McpError(ErrorCode.InternalError, "the task ended"));
    this.pending.clear();
    this.ended();
  }
}
