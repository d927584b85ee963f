/**
 * Where tasks live between the request that created them and the polls that follow: the
 * `TaskStore` interface, and the bounded in-memory store used by default. A store keeps plain,
 * serialisable records (a Redis or SQL store can hold them as JSON); the work itself runs where the
 * task was created. Every read and write names the task's owner (a session or an authenticated
 * principal): a task is invisible to anyone else, exactly as if it did not exist.
 */

/** A task's state: `completed`, `failed` and `cancelled` are terminal (they never change again). */
export type TaskStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";

/** The terminal statuses. */
export const TERMINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set(["completed", "failed", "cancelled"]);

/** A JSON-RPC error as a failed task carries it. */
export interface TaskError {
  /** The JSON-RPC error code. */
  code: number;
  /** The error's message. */
  message: string;
  /** The error's `data`, when it has any. */
  data?: unknown;
}

/** A server-to-client request the task waits on (an elicitation, a sampling request, roots). */
export interface TaskInputRequest {
  /** The request's method (`elicitation/create`, `sampling/createMessage`, `roots/list`). */
  method: string;
  /** The request's params, when it has any. */
  params?: Record<string, unknown>;
}

/** One task as a store keeps it: plain JSON, nothing live. */
export interface TaskRecord {
  /** Unguessable (the id is a bearer handle): 128 random bits or more. */
  taskId: string;
  /** Who may see, poll, update and cancel it: a session id or an authenticated principal. */
  owner: string;
  /** The request that created it (`tools/call`, ...). */
  method: string;
  /** Where the task is: `working`, `input_required`, `completed`, `failed` or `cancelled`. */
  status: TaskStatus;
  /** A human-readable note on the status, when the server gave one. */
  statusMessage?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastUpdatedAt: string;
  /** Time to live from creation, in ms; null for unlimited. */
  ttlMs: number | null;
  /** Suggested polling interval, in ms. */
  pollIntervalMs?: number;
  /** When the store may forget it (epoch ms, `createdAt + ttlMs`); null for never. */
  expiresAt: number | null;
  /** `completed`: what the request would have returned. */
  result?: Record<string, unknown>;
  /** `failed`: the JSON-RPC error. */
  error?: TaskError;
  /** `input_required`: the outstanding requests, by key (each key used once in a task's life). */
  inputRequests?: Record<string, TaskInputRequest>;
  /** Answers the client gave (tasks/update, tasks/result's channel) not yet taken by the work, by key. */
  inputResponses?: Record<string, Record<string, unknown>>;
  /** Set by tasks/cancel: the work is asked to stop (cooperative). */
  cancelRequested?: boolean;
}

/** What `update` may change. */
export type TaskPatch = Partial<
  Pick<
    TaskRecord,
    | "status"
    | "statusMessage"
    | "ttlMs"
    | "pollIntervalMs"
    | "expiresAt"
    | "result"
    | "error"
    | "inputRequests"
    | "inputResponses"
    | "cancelRequested"
  >
>;

/** One page of an owner's tasks. */
export interface TaskPage {
  /** The tasks of this page, in creation order. */
  tasks: TaskRecord[];
  /** Opaque; pass it back to `list` for the next page. */
  nextCursor?: string;
}

/**
 * Task persistence. Implementations must make `create` durable before it resolves (a `get` right
 * after must find the task: the server answers with the task handle only then), and must treat a
 * record whose owner is not the one given as absent. `lastUpdatedAt` is the store's to set on
 * `update`. A terminal record is never moved to another status: `update` ignores a status change
 * of a terminal task and returns the record as it is.
 */
export interface TaskStore {
  /** Stores a new task. */
  create(record: TaskRecord): Promise<void>;
  /** The task, if it exists, has not expired, and belongs to `owner`. */
  get(taskId: string, owner: string): Promise<TaskRecord | undefined>;
  /** Applies `patch` (shallow: each field given replaces the stored one); the record after, or undefined as for `get`. */
  update(taskId: string, owner: string, patch: TaskPatch): Promise<TaskRecord | undefined>;
  /** The owner's live tasks, oldest first, a page at a time. */
  list(owner: string, options?: { cursor?: string; limit?: number }): Promise<TaskPage>;
  /** Forgets every task whose `expiresAt` has passed (`now` in epoch ms); how many it forgot. */
  expire(now?: number): Promise<number>;
  /**
   * Calls `listener` with the record after each change made through this store (or, for a shared
   * store, by any node), so the work waiting on input or cancellation learns of it; returns the
   * function that stops it.
   */
  watch(taskId: string, listener: (record: TaskRecord) => void): () => void;
  /**
   * Settles once the watches of `taskId` made so far hear changes made by other processes (a shared
   * store's subscription is in place): the task's handle goes out only then, so that a cancellation
   * through another process cannot come before the watch. Stores whose watches work at once leave it out.
   */
  watching?(taskId: string): Promise<void>;
}

/** The in-memory store's limits. */
export interface InMemoryTaskStoreOptions {
  /** Most tasks held at once (default 10,000): past it, the oldest terminal task is dropped; with none, create fails. */
  maxTasks?: number;
  /** How often expired tasks are swept, in ms (default 60,000; 0 for never: call `expire()` yourself). */
  sweepIntervalMs?: number;
}

/** Thrown by `create` when a bounded store is full of tasks still running. */
export class TaskStoreFullError extends Error {
  /** The error's name, `"TaskStoreFullError"`. */
  override name = "TaskStoreFullError";
}

/**
 * The default TaskStore: a Map, bounded, swept for expired tasks on a timer that never keeps the
 * process alive. Records are copied in and out, so callers cannot change stored state by accident.
 */
export class InMemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly watchers = new Map<string, Set<(record: TaskRecord) => void>>();
  private readonly maxTasks: number;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  /**
   * Creates the store. Defaults: at most 10,000 tasks, expired ones swept every minute (0 turns the sweep
   * off); the sweep's timer never keeps the process alive.
   */
  constructor(options: InMemoryTaskStoreOptions = {}) {
    this.maxTasks = options.maxTasks ?? 10_000;
    const interval = options.sweepIntervalMs ?? 60_000;
    if (interval > 0) {
      this.sweeper = setInterval(() => void this.expire(), interval);
      (this.sweeper as { unref?: () => void }).unref?.();
    }
  }

  /** How many tasks are held (expired ones included until swept). */
  get size(): number {
    return this.tasks.size;
  }

  async create(record: TaskRecord): Promise<void> {
    if (this.tasks.has(record.taskId)) throw new Error(`task ${record.taskId} already exists`);
    if (this.tasks.size >= this.maxTasks) {
      await this.expire();
      if (this.tasks.size >= this.maxTasks) this.dropOldestTerminal();
    }
    this.tasks.set(record.taskId, structuredClone(record));
  }

  private dropOldestTerminal(): void {
    for (const [taskId, record] of this.tasks) {
      if (TERMINAL_TASK_STATUSES.has(record.status)) {
        this.forget(taskId);
        return;
      }
    }
    throw new TaskStoreFullError(`the task store holds ${this.maxTasks} running tasks (maxTasks)`);
  }

  private live(taskId: string, owner: string): TaskRecord | undefined {
    const record = this.tasks.get(taskId);
    if (!record || record.owner !== owner) return undefined;
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) {
      this.forget(taskId);
      return undefined;
    }
    return record;
  }

  async get(taskId: string, owner: string): Promise<TaskRecord | undefined> {
    const record = this.live(taskId, owner);
    return record && structuredClone(record);
  }

  async update(taskId: string, owner: string, patch: TaskPatch): Promise<TaskRecord | undefined> {
    const record = this.live(taskId, owner);
    if (!record) return undefined;
    const terminal = TERMINAL_TASK_STATUSES.has(record.status);
    const changes = structuredClone(patch);
    if (terminal) {
      delete changes.status;
      delete changes.result;
      delete changes.error;
      delete changes.inputRequests;
    }
    Object.assign(record, changes);
    for (const key of Object.keys(changes) as (keyof TaskPatch)[]) {
      if (changes[key] === undefined) delete record[key];
    }
    record.lastUpdatedAt = new Date().toISOString();
    const listeners = this.watchers.get(taskId);
    if (listeners) for (const listener of [...listeners]) listener(structuredClone(record));
    return structuredClone(record);
  }

  async list(owner: string, options: { cursor?: string; limit?: number } = {}): Promise<TaskPage> {
    const limit = options.limit ?? 100;
    const now = Date.now();
    const owned = [...this.tasks.values()].filter(
      (record) => record.owner === owner && (record.expiresAt === null || record.expiresAt > now),
    );
    let start = 0;
    if (options.cursor !== undefined) {
      const index = owned.findIndex((record) => record.taskId === options.cursor);
      if (index < 0) throw new RangeError("unknown cursor");
      start = index;
    }
    const page = owned.slice(start, start + limit);
    const next = owned[start + limit];
    return { tasks: page.map((record) => structuredClone(record)), ...(next ? { nextCursor: next.taskId } : {}) };
  }

  async expire(now = Date.now()): Promise<number> {
    let forgotten = 0;
    for (const [taskId, record] of this.tasks) {
      if (record.expiresAt !== null && record.expiresAt <= now) {
        this.forget(taskId);
        forgotten++;
      }
    }
    return forgotten;
  }

  watch(taskId: string, listener: (record: TaskRecord) => void): () => void {
    let listeners = this.watchers.get(taskId);
    if (!listeners) {
      listeners = new Set();
      this.watchers.set(taskId, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.watchers.get(taskId);
      current?.delete(listener);
      if (current?.size === 0) this.watchers.delete(taskId);
    };
  }

  private forget(taskId: string): void {
    this.tasks.delete(taskId);
    this.watchers.delete(taskId);
  }

  /** Stops the sweeper (the store stays usable; call `expire()` yourself after). */
  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
