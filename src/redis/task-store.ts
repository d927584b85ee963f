/**
 * A TaskStore in Redis: a task polled, updated or cancelled through any process is the same
 * record. Each task is a hash of its top-level fields (each JSON-encoded), so an update is one
 * Lua script that checks the owner and the terminal rule, sets and removes fields, stamps
 * `lastUpdatedAt`, and publishes the record: a watcher on any process hears of it. A task with a
 * time to live expires in Redis at `expiresAt`; each owner's tasks are listed from a sorted set.
 */
import type { TaskPage, TaskPatch, TaskRecord, TaskStore } from "../tasks/task-store.js";
import { type RedisConnection, redisCall } from "./client.js";

/** Naming of the Redis task store. */
export interface RedisTaskStoreOptions {
  /** Prefix of every key and channel (default "mcp:"). */
  prefix?: string;
}

// KEYS[1] the task's hash. ARGV: owner, lastUpdatedAt (JSON), channel, count of fields to set,
// then field/value pairs, then the fields to remove. Answers the record's fields (flat), or false.
const UPDATE = `
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner or cjson.decode(owner) ~= ARGV[1] then return false end
local status = redis.call('HGET', KEYS[1], 'status')
local terminal = status == '"completed"' or status == '"failed"' or status == '"cancelled"'
local locked = { status = true, result = true, error = true, inputRequests = true }
local sets = tonumber(ARGV[4])
local index = 5
for _ = 1, sets do
  local field, value = ARGV[index], ARGV[index + 1]
  if not (terminal and locked[field]) then redis.call('HSET', KEYS[1], field, value) end
  index = index + 2
end
while index <= #ARGV do
  local field = ARGV[index]
  if not (terminal and locked[field]) then redis.call('HDEL', KEYS[1], field) end
  index = index + 1
end
redis.call('HSET', KEYS[1], 'lastUpdatedAt', ARGV[2])
local fields = redis.call('HGETALL', KEYS[1])
local parts = {}
for i = 1, #fields, 2 do parts[#parts + 1] = cjson.encode(fields[i]) .. ':' .. fields[i + 1] end
redis.call('PUBLISH', ARGV[3], '{' .. table.concat(parts, ',') .. '}')
local expiresAt = cjson.decode(redis.call('HGET', KEYS[1], 'expiresAt') or 'null')
if type(expiresAt) == 'number' then redis.call('PEXPIREAT', KEYS[1], expiresAt) else redis.call('PERSIST', KEYS[1]) end
return fields
`;

/** The Redis TaskStore: shared by every process of a scaled-out server. */
export class RedisTaskStore implements TaskStore {
  private readonly prefix: string;
  private readonly watchers = new Map<string, Set<(record: TaskRecord) => void>>();
  /** Each watched task's subscription, settled once Redis confirmed it (see `watching`). */
  private readonly subscriptions = new Map<string, Promise<void>>();

  /**
   * Creates the store. `redis` runs the commands; `subscriber` is a second connection in subscriber mode,
   * used by `watch`. Keys live under `options.prefix` (default `"mcp:"`).
   */
  constructor(
    private readonly redis: RedisConnection,
    /** A connection in subscriber mode (watch), separate from `redis`. */
    private readonly subscriber: RedisConnection,
    options: RedisTaskStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? "mcp:";
  }

  private key(taskId: string): string {
    return `${this.prefix}task:${taskId}`;
  }

  private ownerKey(owner: string): string {
    return `${this.prefix}tasks:${owner}`;
  }

  private channel(taskId: string): string {
    return `${this.prefix}task-updates:${taskId}`;
  }

  private get expiryKey(): string {
    return `${this.prefix}tasks-expiring`;
  }

  async create(record: TaskRecord): Promise<void> {
    const key = this.key(record.taskId);
    const fields: string[] = [];
    for (const [field, value] of Object.entries(record)) {
      if (value !== undefined) fields.push(field, JSON.stringify(value));
    }
    const created = await redisCall("creating a task", async () => {
      const fresh = await this.redis.sendCommand<number>(["HSETNX", key, "taskId", JSON.stringify(record.taskId)]);
      if (fresh !== 1) return false;
      const multi = this.redis
        .multi()
        .addCommand(["HSET", key, ...fields])
        .addCommand([
          "ZADD",
          this.ownerKey(record.owner),
          String(Date.parse(record.createdAt) || Date.now()),
          record.taskId,
        ]);
      if (record.expiresAt !== null) {
        multi
          .addCommand(["PEXPIREAT", key, String(record.expiresAt)])
          .addCommand(["ZADD", this.expiryKey, String(record.expiresAt), `${record.owner}\n${record.taskId}`]);
      }
      await multi.exec();
      return true;
    });
    if (!created) throw new Error(`task ${record.taskId} already exists`);
  }

  async get(taskId: string, owner: string): Promise<TaskRecord | undefined> {
    const fields = await redisCall("reading a task", () =>
      this.redis.sendCommand<string[]>(["HGETALL", this.key(taskId)]),
    );
    return live(recordOf(fields), owner);
  }

  async update(taskId: string, owner: string, patch: TaskPatch): Promise<TaskRecord | undefined> {
    const sets: string[] = [];
    const removals: string[] = [];
    for (const field of Object.keys(patch) as Array<keyof TaskPatch>) {
      const value = patch[field];
      if (value === undefined) removals.push(field);
      else sets.push(field, JSON.stringify(value));
    }
    const fields = await redisCall("updating a task", () =>
      this.redis.sendCommand<string[] | null>([
        "EVAL",
        UPDATE,
        "1",
        this.key(taskId),
        owner,
        JSON.stringify(new Date().toISOString()),
        this.channel(taskId),
        String(sets.length / 2),
        ...sets,
        ...removals,
      ]),
    );
    return fields ? live(recordOf(fields), owner) : undefined;
  }

  async list(owner: string, options: { cursor?: string; limit?: number } = {}): Promise<TaskPage> {
    const limit = options.limit ?? 100;
    const ids = await redisCall("listing tasks", () =>
      this.redis.sendCommand<string[]>(["ZRANGE", this.ownerKey(owner), "0", "-1"]),
    );
    const records = await Promise.all(ids.map((taskId) => this.get(taskId, owner)));
    const owned = records.filter((record): record is TaskRecord => record !== undefined);
    const gone = ids.filter((taskId) => !owned.some((record) => record.taskId === taskId));
    if (gone.length > 0) await this.redis.sendCommand(["ZREM", this.ownerKey(owner), ...gone]).catch(() => {});
    let start = 0;
    if (options.cursor !== undefined) {
      start = owned.findIndex((record) => record.taskId === options.cursor);
      if (start < 0) throw new RangeError("unknown cursor");
    }
    const next = owned[start + limit];
    return { tasks: owned.slice(start, start + limit), ...(next ? { nextCursor: next.taskId } : {}) };
  }

  async expire(now = Date.now()): Promise<number> {
    const due = await redisCall("expiring tasks", () =>
      this.redis.sendCommand<string[]>(["ZRANGE", this.expiryKey, "-inf", String(now), "BYSCORE"]),
    );
    for (const entry of due) {
      const [owner, taskId] = entry.split("\n") as [string, string];
      await this.redis
        .multi()
        .addCommand(["DEL", this.key(taskId)])
        .addCommand(["ZREM", this.ownerKey(owner), taskId])
        .addCommand(["ZREM", this.expiryKey, entry])
        .exec();
    }
    return due.length;
  }

  /** Settles once the watches of `taskId` hear what other processes change (the subscription is in place). */
  watching(taskId: string): Promise<void> {
    return this.subscriptions.get(taskId) ?? Promise.resolve();
  }

  watch(taskId: string, listener: (record: TaskRecord) => void): () => void {
    let listeners = this.watchers.get(taskId);
    if (!listeners) {
      const set = new Set<(record: TaskRecord) => void>();
      listeners = set;
      this.watchers.set(taskId, set);
      this.subscriptions.set(
        taskId,
        this.subscriber
          .subscribe(this.channel(taskId), (raw) => {
            const record = JSON.parse(raw) as TaskRecord;
            for (const each of [...set]) each(structuredClone(record));
          })
          .catch(() => {}),
      );
    }
    listeners.add(listener);
    return () => {
      const current = this.watchers.get(taskId);
      current?.delete(listener);
      if (current?.size === 0) {
        this.watchers.delete(taskId);
        this.subscriptions.delete(taskId);
        this.subscriber.unsubscribe(this.channel(taskId)).catch(() => {});
      }
    };
  }
}

function recordOf(fields: string[]): TaskRecord | undefined {
  if (fields.length === 0) return undefined;
  const record: Record<string, unknown> = {};
  for (let index = 0; index + 1 < fields.length; index += 2) {
    record[fields[index] as string] = JSON.parse(fields[index + 1] as string);
  }
  return record as unknown as TaskRecord;
}

function live(record: TaskRecord | undefined, owner: string): TaskRecord | undefined {
  if (!record || record.owner !== owner) return undefined;
  if (record.expiresAt !== null && record.expiresAt <= Date.now()) return undefined;
  return record;
}
