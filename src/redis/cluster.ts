/**
 * Cross-process delivery over Redis pub/sub. Each process subscribes to the channel of every
 * session it holds in memory, and to one channel for server-wide changes:
 * - the session's record says which process holds its GET stream (`stream`: that process's id and
 *   a token), and every process keeps a lease in Redis (`node:{id}`, renewed while it runs): a
 *   message for the client that no stream of this process can carry is stored in the session's
 *   GET stream and, when the holder's lease is live, published for it to write. A stream whose
 *   holder died keeps what was stored, and the client gets it by resuming (Last-Event-ID) anywhere;
 * - server-wide changes (list_changed, resources/updated) are stored by Redis itself, in one
 *   script, in every recorded GET stream that should get them (the subscribed ones only for
 *   resources/updated), then published with their event ids: each holder writes what was stored,
 *   so a client whose holder is dead still gets them exactly once on resuming;
 * - requests to the client get ids naming their process (`{node}|n5`): the client's answer,
 *   POSTed anywhere, is published and taken by that process alone;
 * - client notifications (cancellation, progress, roots changes) reach every process holding the session;
 * - a state change (log level, subscription) and the end of a session (DELETE, expiry in Redis)
 *   reach every process holding the session: expiry through keyspace notifications when Redis
 *   allows turning them on, and in any case by a periodic check of the sessions held here (and
 *   by the session store's check on access).
 */

import { BUS_NOTIFICATIONS, type NotificationBus, type ServerChange } from "../high-level/server/notification-bus.js";
import { isRequestId, type JsonRpcMessage, type JsonRpcRequest, type RequestId } from "../jsonrpc/messages.js";
import type { LocalSession, SessionCluster, SessionLink } from "../transport/streamable-http/cluster.js";
import { type RedisConnection, redisCall } from "./client.js";
import type { RedisEventStore } from "./event-store.js";
import type { RedisSessionStore } from "./session-store.js";

/** What travels on a session's channel. */
type SessionEvent =
  | { t: "out"; from: string; id: string; m: JsonRpcMessage }
  | { t: "resp"; from: string; m: JsonRpcMessage }
  | { t: "note"; from: string; m: JsonRpcMessage }
  | { t: "change"; from: string; m: JsonRpcRequest }
  | { t: "end"; from: string };

/** What travels on the server-wide channel: a change, and the GET-stream events Redis stored for it. */
interface BusEvent {
  change: ServerChange;
  /** The notifications the change makes, in order. */
  messages?: JsonRpcMessage[];
  /** Per session, the event ids of `messages` stored in its GET stream. */
  stored?: Record<string, string[]>;
}

/** Timing of the cluster's upkeep. */
export interface RedisClusterOptions {
  /** A process's lease: it holds its streams while it renews this (every third of it); default 5 s. */
  leaseMs?: number;
  /** How often the sessions held here are checked against Redis (expired, ended); default 5 s. */
  checkEveryMs?: number;
  /** Turn on keyspace notifications (CONFIG SET) to hear of expiry at once, when Redis allows; default true. */
  keyspaceEvents?: boolean;
}

/** The notifications Redis stores in every GET stream that should get them (see FAN_OUT and notificationsOf). */
const FANNED_OUT: ReadonlySet<string> = new Set([
  "notifications/tools/list_changed",
  "notifications/resources/list_changed",
  "notifications/prompts/list_changed",
  "notifications/resources/updated",
]);

const ID_MARK = "|";
const SEPARATOR = "@";

// KEYS: the session's hash, its GET stream's events. ARGV: node-lease key prefix, message (JSON),
// max events, ttl ms, session channel, this process's id, the GET stream's id.
// Answers {0} when no process holds a GET stream, else {1, event id, 1 if its holder is live}.
const ROUTE = `
local holder = redis.call('HGET', KEYS[1], 'stream')
if not holder then return {0} end
local entry = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'm', ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local id = ARGV[7] .. '${SEPARATOR}' .. entry
local node = string.match(holder, '^(%S+)')
local live = redis.call('EXISTS', ARGV[1] .. node)
if live == 1 then
  redis.call('PUBLISH', ARGV[5], '{"t":"out","from":' .. cjson.encode(ARGV[6]) .. ',"id":' .. cjson.encode(id) .. ',"m":' .. ARGV[2] .. '}')
end
return {1, id, live}
`;

// KEYS: the set of sessions with a GET stream. ARGV: key prefix, bus channel, change (JSON),
// the URI a session must be subscribed to ('' for none), max events, ttl ms, messages (JSON)...
const FAN_OUT = `
local stored = {}
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local session = ARGV[1] .. 'session:' .. sid
  if not redis.call('HGET', session, 'stream') then
    redis.call('SREM', KEYS[1], sid)
  elseif ARGV[4] == '' or redis.call('SISMEMBER', session .. ':subscriptions', ARGV[4]) == 1 then
    local stream = sid .. '.standalone'
    local events = ARGV[1] .. 'events:' .. stream
    local ids = {}
    for index = 7, #ARGV do
      local entry = redis.call('XADD', events, 'MAXLEN', '~', ARGV[5], '*', 'm', ARGV[index])
      ids[#ids + 1] = cjson.encode(stream .. '${SEPARATOR}' .. entry)
    end
    redis.call('PEXPIRE', events, ARGV[6])
    stored[#stored + 1] = cjson.encode(sid) .. ':[' .. table.concat(ids, ',') .. ']'
  end
end
local messages = {}
for index = 7, #ARGV do messages[#messages + 1] = ARGV[index] end
redis.call('PUBLISH', ARGV[2], '{"change":' .. ARGV[3] .. ',"messages":[' .. table.concat(messages, ',') .. '],"stored":{' .. table.concat(stored, ',') .. '}}')
return #stored
`;

// KEYS: the session's hash, the set of sessions with a GET stream. ARGV: holder (id and token).
const HOLD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'stream', ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
return 1
`;

// KEYS: the session's hash, the set of sessions with a GET stream. ARGV: holder, session id.
const RELEASE = `
if redis.call('HGET', KEYS[1], 'stream') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'stream')
redis.call('SREM', KEYS[2], ARGV[2])
return 1
`;

/** Redis pub/sub between the processes serving the same sessions: both the session bus and the notification bus. */
export class RedisSessionCluster implements SessionCluster, NotificationBus {
  private readonly local = new Map<string, LocalSession>();
  private readonly listeners = new Set<(change: ServerChange) => void>();
  private readonly busChannel: string;
  private readonly leaseMs: number;
  private readonly checkEveryMs: number;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  /** Whether the last fan-out reached Redis: while it does not, this process's clients are told directly. */
  private fanningOut = true;
  private holds = 0;
  /** Whether keyspace notifications tell this process of expired sessions. */
  private keyspace = false;
  private lastCheck = 0;

  /**
   * Creates the cluster link of one process. Prefer `RedisBackplane`, which opens both connections and builds
   * the cluster with its event store. `onError` receives the failures of background deliveries, which have no
   * caller to throw to.
   */
  constructor(
    /** This process's name among the others (unique per process). */
    readonly nodeId: string,
    private readonly publisher: RedisConnection,
    private readonly subscriber: RedisConnection,
    private readonly events: RedisEventStore,
    private readonly sessions: RedisSessionStore,
    private readonly prefix: string,
    private readonly onError: (error: Error) => void,
    private readonly options: RedisClusterOptions = {},
  ) {
    this.busChannel = `${prefix}bus`;
    this.leaseMs = options.leaseMs ?? 5000;
    this.checkEveryMs = options.checkEveryMs ?? 5000;
  }

  /** The key of a process's lease. */
  leaseKey(nodeId = this.nodeId): string {
    return `${this.prefix}node:${nodeId}`;
  }

  /** Takes this process's lease, subscribes to the server-wide channel, and starts the upkeep. */
  async start(): Promise<void> {
    await this.renewLease();
    this.every(Math.max(50, Math.floor(this.leaseMs / 3)), () => this.renewLease());
    this.every(this.checkEveryMs, () => this.checkSessions());
    await this.subscriber.subscribe(this.busChannel, (raw) => this.heard(JSON.parse(raw) as BusEvent));
    if (this.options.keyspaceEvents !== false) await this.watchExpiry();
  }

  /** Stops the upkeep (the lease then runs out by itself). */
  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  private every(ms: number, run: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      run().catch((error: unknown) => this.onError(error as Error));
    }, ms);
    timer.unref?.();
    this.timers.push(timer);
  }

  private async renewLease(): Promise<void> {
    await this.publisher.sendCommand(["SET", this.leaseKey(), "1", "PX", String(this.leaseMs)]);
  }

  /** Sessions held here that Redis no longer has (expired, ended while a message was missed) end here too. */
  private async checkSessions(): Promise<void> {
    // With keyspace notifications, this is only a safety net (a notification missed while disconnected).
    if (this.keyspace && Date.now() - this.lastCheck < 60_000) return;
    this.lastCheck = Date.now();
    for (const id of await this.sessions.gone([...this.local.keys()])) this.local.get(id)?.end();
  }

  /**
   * Expiry of a session's hash in Redis ends it in every process at once, through keyspace
   * notifications, turned on if Redis allows it (managed services often refuse CONFIG: the
   * periodic check and the check on access do the work then).
   */
  private async watchExpiry(): Promise<void> {
    try {
      const reply = await this.publisher.sendCommand<string[]>(["CONFIG", "GET", "notify-keyspace-events"]);
      const flags = reply[1] ?? "";
      if (!(flags.includes("E") && (flags.includes("x") || flags.includes("A")))) {
        await this.publisher.sendCommand(["CONFIG", "SET", "notify-keyspace-events", `${flags}Ex`]);
      }
    } catch (error) {
      this.onError(new Error(`keyspace notifications are unavailable, expiry is checked instead: ${error}`));
      return;
    }
    const sessionKey = `${this.prefix}session:`;
    await this.subscriber.pSubscribe("__keyevent@*__:expired", (key) => {
      if (!key.startsWith(sessionKey)) return;
      this.local.get(key.slice(sessionKey.length))?.end();
    });
    this.keyspace = true;
  }

  private channel(sessionId: string): string {
    return `${this.prefix}s:${sessionId}`;
  }

  private async send(sessionId: string, event: SessionEvent): Promise<number> {
    return await redisCall("publishing to the session's processes", () =>
      this.publisher.sendCommand<number>(["PUBLISH", this.channel(sessionId), JSON.stringify(event)]),
    );
  }

  join(sessionId: string, local: LocalSession): SessionLink {
    this.local.set(sessionId, local);
    const channel = this.channel(sessionId);
    const listener = (raw: string) => this.receive(local, JSON.parse(raw) as SessionEvent);
    this.subscriber.subscribe(channel, listener).catch((error: unknown) => this.onError(error as Error));
    return {
      outgoing: (message) => this.outgoing(message),
      elsewhere: (message) => this.route(sessionId, message),
      incoming: async (message) => {
        if ("method" in message) {
          if (message.method === "notifications/initialized") return false;
          const progressOwner = progressOwnerOf(message);
          if (progressOwner?.node === this.nodeId) {
            // Progress for a request this process sent: taken here alone.
            (message.params as { progressToken: RequestId }).progressToken = progressOwner.id;
            return false;
          }
          if (progressOwner !== undefined) {
            // For another process's request: passed on to it, never taken here.
            await this.send(sessionId, { t: "note", from: this.nodeId, m: message });
            return true;
          }
          await this.send(sessionId, { t: "note", from: this.nodeId, m: message });
          return false;
        }
        const owner = ownerOf(message.id);
        if (owner === undefined) return false;
        if (owner.node === this.nodeId) {
          (message as { id: RequestId }).id = owner.id;
          return false;
        }
        await this.send(sessionId, { t: "resp", from: this.nodeId, m: message });
        return true;
      },
      changed: async (request) => {
        await this.send(sessionId, { t: "change", from: this.nodeId, m: request as JsonRpcRequest });
      },
      close: () => {
        if (this.local.get(sessionId) !== local) return;
        this.local.delete(sessionId);
        this.sessions.forget(sessionId);
        this.subscriber.unsubscribe(channel, listener).catch(() => {});
      },
      holdStream: () => this.holdStream(sessionId),
      carries: (message) =>
        this.fanningOut && "method" in message && !("id" in message) && FANNED_OUT.has(message.method),
    };
  }

  /**
   * Records that this process holds the session's GET stream (waiting at most a lease for Redis);
   * the answer releases it (when still this process's).
   */
  private async holdStream(sessionId: string): Promise<() => void> {
    const holder = `${this.nodeId} ${++this.holds}`;
    const keys = [this.sessions.key(sessionId), this.sessions.streamsKey];
    const held = this.publisher
      .sendCommand(["EVAL", HOLD, "2", ...keys, holder, sessionId])
      .catch((error: unknown) => this.onError(error as Error));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([held, new Promise((resolve) => (timer = setTimeout(resolve, this.leaseMs)))]);
    clearTimeout(timer);
    return () => {
      void held.then(() =>
        this.publisher
          .sendCommand(["EVAL", RELEASE, "2", ...keys, holder, sessionId])
          .catch((error: unknown) => this.onError(error as Error)),
      );
    };
  }

  /**
   * A message for the client that no stream here can carry: stored in the session's GET stream,
   * and handed to the process holding it while that one's lease is live. Rejects when no process
   * holds a GET stream of the session (nothing would ever carry it).
   */
  private async route(sessionId: string, message: JsonRpcMessage): Promise<void> {
    // Server-wide changes reach the GET stream through the fan-out (see carries).
    if ("method" in message && !("id" in message) && BUS_NOTIFICATIONS.has(message.method)) return;
    const stream = `${sessionId}.standalone`;
    const reply = await redisCall("routing a message to the client", () =>
      this.publisher.sendCommand<[number, string?, number?]>([
        "EVAL",
        ROUTE,
        "2",
        this.sessions.key(sessionId),
        this.events.key(stream),
        `${this.prefix}node:`,
        JSON.stringify(message),
        String(this.events.maxEvents),
        String(this.events.ttlMs),
        this.channel(sessionId),
        this.nodeId,
        stream,
      ]),
    );
    if (reply[0] === 0) {
      throw new Error(
        `no stream is open to the client for ${"method" in message ? message.method : "this message"}: it needs a GET stream or a related request`,
      );
    }
  }

  async ended(sessionId: string): Promise<void> {
    await this.send(sessionId, { t: "end", from: this.nodeId });
  }

  /**
   * Requests to the client, their progress tokens, and this process's cancellations of them name
   * this process: the client's answer, progress and the like reach this process, and no other
   * process's request that happens to have the same id.
   */
  private outgoing(message: JsonRpcMessage): JsonRpcMessage {
    if ("method" in message) {
      if ("id" in message && message.id !== undefined) {
        const marked = { ...message, id: this.mark(message.id) };
        const meta = message.params?._meta as Record<string, unknown> | undefined;
        if (meta && isRequestId(meta.progressToken)) {
          marked.params = { ...message.params, _meta: { ...meta, progressToken: this.mark(meta.progressToken) } };
        }
        return marked;
      }
      if (message.method === "notifications/cancelled") {
        const requestId = message.params?.requestId;
        if (typeof requestId === "number" || typeof requestId === "string") {
          return { ...message, params: { ...message.params, requestId: this.mark(requestId) } };
        }
      }
    }
    return message;
  }

  private mark(id: RequestId): string {
    return `${this.nodeId}${ID_MARK}${typeof id === "number" ? "n" : "s"}${id}`;
  }

  private receive(local: LocalSession, event: SessionEvent): void {
    if (event.from === this.nodeId) return;
    const transport = local.transport;
    switch (event.t) {
      case "out":
        if (transport.standalone && !transport.standalone.closed) transport.standalone.writeStored(event.id, event.m);
        return;
      case "resp": {
        const owner = ownerOf((event.m as { id?: unknown }).id);
        if (owner?.node !== this.nodeId) return;
        transport.onmessage?.({ ...event.m, id: owner.id } as JsonRpcMessage);
        return;
      }
      case "note": {
        const progressOwner = progressOwnerOf(event.m);
        if (progressOwner !== undefined) {
          // Progress for a request of this process alone (see outgoing).
          if (progressOwner.node !== this.nodeId) return;
          const params = {
            ...(event.m as { params: Record<string, unknown> }).params,
            progressToken: progressOwner.id,
          };
          transport.onmessage?.({ ...event.m, params } as JsonRpcMessage);
          return;
        }
        transport.onmessage?.(event.m);
        const cancelled = (event.m as { method?: string; params?: { requestId?: unknown } }).params?.requestId;
        if ((event.m as { method?: string }).method === "notifications/cancelled" && isRequestId(cancelled)) {
          // The request's POST stream, if this process holds it, ends with no answer (as the spec says).
          transport.cancelled(cancelled);
        }
        return;
      }
      case "change":
        local.apply(event.m);
        return;
      case "end":
        local.end();
        return;
    }
  }

  /** A server-wide change from any process: the GET streams held here write what Redis stored for them. */
  private heard(event: BusEvent): void {
    if (event.stored && event.messages) {
      for (const [sessionId, ids] of Object.entries(event.stored)) {
        const stream = this.local.get(sessionId)?.transport.standalone;
        if (!stream || stream.closed) continue;
        for (const [index, id] of ids.entries()) stream.writeStored(id, event.messages[index] as JsonRpcMessage);
      }
    }
    for (const listener of this.listeners) listener(event.change);
  }

  async publish(change: ServerChange): Promise<void> {
    const messages = notificationsOf(change);
    try {
      if (messages === undefined) {
        await redisCall("publishing a change", () =>
          this.publisher.sendCommand(["PUBLISH", this.busChannel, JSON.stringify({ change } satisfies BusEvent)]),
        );
        return;
      }
      await redisCall("publishing a change", () =>
        this.publisher.sendCommand([
          "EVAL",
          FAN_OUT,
          "1",
          this.sessions.streamsKey,
          this.prefix,
          this.busChannel,
          JSON.stringify(change),
          change.kind === "resourceUpdated" ? change.uri : "",
          String(this.events.maxEvents),
          String(this.events.ttlMs),
          ...messages.map((message) => JSON.stringify(message)),
        ]),
      );
      this.fanningOut = true;
    } catch (error) {
      // McpServer tells this process's clients itself: let their streams carry it.
      if (messages !== undefined) this.fanningOut = false;
      throw error;
    }
  }

  subscribe(listener: (change: ServerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The notifications a session's GET stream gets for a change (as McpServer sends them), or undefined for other changes. */
function notificationsOf(change: ServerChange): JsonRpcMessage[] | undefined {
  switch (change.kind) {
    case "listChanged":
      return change.lists.map((list) => ({ jsonrpc: "2.0", method: `notifications/${list}/list_changed` }));
    case "resourceUpdated":
      return [{ jsonrpc: "2.0", method: "notifications/resources/updated", params: { uri: change.uri } }];
    default:
      return undefined;
  }
}

/** For a client's progress notification whose token a process marked (see `outgoing`): that process and the original token. */
function progressOwnerOf(message: JsonRpcMessage): { node: string; id: RequestId } | undefined {
  if (!("method" in message) || message.method !== "notifications/progress") return undefined;
  return ownerOf((message.params as { progressToken?: unknown } | undefined)?.progressToken);
}

/** The process and original id of a request id marked by `mark`, or undefined for an unmarked one. */
function ownerOf(id: unknown): { node: string; id: RequestId } | undefined {
  if (typeof id !== "string") return undefined;
  const at = id.lastIndexOf(ID_MARK);
  if (at <= 0) return undefined;
  const kind = id[at + 1];
  const raw = id.slice(at + 2);
  if (kind === "n" && /^\d+$/.test(raw)) return { node: id.slice(0, at), id: Number(raw) };
  if (kind === "s") return { node: id.slice(0, at), id: raw };
  return undefined;
}
