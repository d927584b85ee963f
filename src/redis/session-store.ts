/**
 * A Streamable HTTP SessionStore in Redis: every process can serve any request of a session from
 * it. A session is a hash (its handshake, principal, negotiated version, log level) and a set (its
 * resource subscriptions), both expiring after the idle time unless a request touches them; a
 * change is applied in Redis in one step, so two processes changing one session lose nothing.
 */
import type { SessionChange, SessionRecord, SessionStore } from "../transport/streamable-http/session-store.js";
import { type RedisConnection, redisCall } from "./client.js";

/** Naming and lifetime of the Redis session store. */
export interface RedisSessionStoreOptions {
  /** Prefix of every key (default "mcp:"). */
  prefix?: string;
  /** A session no request touched for this long expires (default 30 minutes, as the endpoint's sessionIdleMs). */
  idleMs?: number;
}

/** The Redis SessionStore. */
export class RedisSessionStore implements SessionStore {
  /** Prefix of every key (default `"mcp:"`). */
  readonly prefix: string;
  /** How long a session nobody touches lives, in milliseconds (default 30 minutes). */
  readonly idleMs: number;
  /** When this process last restarted each session's clock: touching is at most every idleMs/10. */
  private readonly touched = new Map<string, number>();

  /**
   * Creates the store on a connection. Defaults: keys under `"mcp:"`, sessions expiring after 30 idle
   * minutes.
   */
  constructor(
    private readonly redis: RedisConnection,
    options: RedisSessionStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? "mcp:";
    this.idleMs = options.idleMs ?? 30 * 60 * 1000;
  }

  /** The hash of session `id`. */
  key(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  private subscriptionsKey(id: string): string {
    return `${this.prefix}session:${id}:subscriptions`;
  }

  /**
   * Writes session `id` whole (its handshake, principal, version, log level and subscriptions) in one
   * transaction, and restarts its idle clock. Throws `RedisUnavailableError` when Redis fails.
   */
  async save(id: string, record: SessionRecord): Promise<void> {
    const key = this.key(id);
    const subscriptions = this.subscriptionsKey(id);
    const fields = [
      "handshake",
      JSON.stringify({ initialize: record.initialize, principal: record.principal ?? null }),
    ];
    if (record.protocolVersion !== undefined) fields.push("protocolVersion", record.protocolVersion);
    if (record.logLevel !== undefined) fields.push("logLevel", record.logLevel);
    const ttl = String(this.idleMs);
    const multi = this.redis
      .multi()
      .addCommand(["DEL", key, subscriptions])
      .addCommand(["HSET", key, ...fields])
      .addCommand(["PEXPIRE", key, ttl]);
    if (record.resourceSubscriptions?.length) {
      multi
        .addCommand(["SADD", subscriptions, ...record.resourceSubscriptions])
        .addCommand(["PEXPIRE", subscriptions, ttl]);
    }
    await redisCall("saving a session", () => multi.exec());
    this.touched.set(id, Date.now());
  }

  /**
   * Reads session `id`, or `undefined` when it does not exist or has expired. Throws `RedisUnavailableError`
   * when Redis fails.
   */
  async load(id: string): Promise<SessionRecord | undefined> {
    const [hash, uris] = await redisCall("loading a session", () =>
      Promise.all([
        this.redis.sendCommand<string[]>(["HGETALL", this.key(id)]),
        this.redis.sendCommand<string[]>(["SMEMBERS", this.subscriptionsKey(id)]),
      ]),
    );
    const fields = new Map<string, string>();
    for (let index = 0; index + 1 < hash.length; index += 2)
      fields.set(hash[index] as string, hash[index + 1] as string);
    const handshake = fields.get("handshake");
    if (handshake === undefined) return undefined;
    const { initialize, principal } = JSON.parse(handshake) as {
      initialize: Record<string, unknown>;
      principal: string | null;
    };
    const record: SessionRecord = { initialize };
    if (principal !== null) record.principal = principal;
    const version = fields.get("protocolVersion");
    if (version !== undefined) record.protocolVersion = version;
    const level = fields.get("logLevel");
    if (level !== undefined) record.logLevel = level;
    if (uris.length > 0) record.resourceSubscriptions = uris.sort();
    return record;
  }

  /** The set of sessions whose GET stream some process holds (see RedisSessionCluster). */
  get streamsKey(): string {
    return `${this.prefix}streams`;
  }

  async delete(id: string): Promise<void> {
    this.touched.delete(id);
    await redisCall("ending a session", () =>
      this.redis
        .multi()
        .addCommand(["DEL", this.key(id), this.subscriptionsKey(id)])
        .addCommand(["SREM", this.streamsKey, id])
        .exec(),
    );
  }

  async change(id: string, change: SessionChange): Promise<void> {
    const key = this.key(id);
    const subscriptions = this.subscriptionsKey(id);
    const ttl = String(this.idleMs);
    const multi = this.redis.multi();
    if (change.logLevel !== undefined) multi.addCommand(["HSET", key, "logLevel", change.logLevel]);
    if (change.subscribe !== undefined) multi.addCommand(["SADD", subscriptions, change.subscribe]);
    if (change.unsubscribe !== undefined) multi.addCommand(["SREM", subscriptions, change.unsubscribe]);
    multi.addCommand(["PEXPIRE", key, ttl]).addCommand(["PEXPIRE", subscriptions, ttl]);
    await redisCall("changing a session", () => multi.exec());
  }

  /**
   * Whether session `id` still lives in Redis. Redis keeps it for at least idleMs after this process
   * last restarted its clock, so within a tenth of that the answer is `true` at once; after, the
   * clock is restarted now (PEXPIRE, which also says whether the session is still there). This is
   * what ends a session in every process without keyspace notifications (with them, at once).
   */
  isLive(id: string): boolean | Promise<boolean> {
    const now = Date.now();
    if (now - (this.touched.get(id) ?? 0) < this.idleMs / 10) return true;
    const ttl = String(this.idleMs);
    return redisCall("checking a session", () =>
      Promise.all([
        this.redis.sendCommand<number>(["PEXPIRE", this.key(id), ttl]),
        this.redis.sendCommand<number>(["PEXPIRE", this.subscriptionsKey(id), ttl]),
      ]),
    ).then(([live]) => {
      if (live === 1) this.touched.set(id, now);
      else this.touched.delete(id);
      return live === 1;
    });
  }

  /** Which of `ids` no longer live in Redis (expired or deleted), in one round trip. */
  async gone(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const multi = this.redis.multi();
    for (const id of ids) multi.addCommand(["EXISTS", this.key(id)]);
    const replies = (await redisCall("checking sessions", () => multi.exec())) as unknown as number[];
    return ids.filter((_, index) => replies[index] === 0);
  }

  /** Forgets this process's clock of a session it no longer holds. */
  forget(id: string): void {
    this.touched.delete(id);
  }

  async touch(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.touched.get(id) ?? 0) < this.idleMs / 10) return;
    this.touched.set(id, now);
    const ttl = String(this.idleMs);
    await redisCall("touching a session", () =>
      Promise.all([
        this.redis.sendCommand(["PEXPIRE", this.key(id), ttl]),
        this.redis.sendCommand(["PEXPIRE", this.subscriptionsKey(id), ttl]),
      ]),
    );
  }
}
