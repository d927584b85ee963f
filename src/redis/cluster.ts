/**
 * Cross-process delivery over Redis pub/sub. Each process subscribes to the channel of every
 * session it holds in memory, and to one channel for server-wide changes:
 * - a message for the client that no stream of this process can carry is stored in the session's
 *   GET stream (so it survives the process holding that stream) and published: the holder writes it;
 * - requests to the client get ids naming their process (`{node}|n5`): the client's answer,
 *   POSTed anywhere, is published and taken by that process alone;
 * - client notifications (cancellation, progress, roots changes) reach every process holding the session;
 * - a state change (log level, subscription) and the end of a session (DELETE, expiry in Redis)
 *   reach every process holding the session at once.
 */

import { BUS_NOTIFICATIONS, type NotificationBus, type ServerChange } from "../high-level/server/notification-bus.js";
import { isRequestId, type JsonRpcMessage, type JsonRpcRequest, type RequestId } from "../jsonrpc/messages.js";
import type { LocalSession, SessionCluster, SessionLink } from "../transport/streamable-http/cluster.js";
import type { EventStore } from "../transport/streamable-http/event-store.js";
import { type RedisConnection, redisCall } from "./client.js";

/** What travels on a session's channel. */
type SessionEvent =
  | { t: "out"; from: string; id: string; m: JsonRpcMessage }
  | { t: "resp"; from: string; m: JsonRpcMessage }
  | { t: "note"; from: string; m: JsonRpcMessage }
  | { t: "change"; from: string; m: JsonRpcRequest }
  | { t: "end"; from: string };

const ID_MARK = "|";

/** Redis pub/sub between the processes serving the same sessions: both the session bus and the notification bus. */
export class RedisSessionCluster implements SessionCluster, NotificationBus {
  private readonly local = new Map<string, LocalSession>();
  private readonly listeners = new Set<(change: ServerChange) => void>();
  private readonly busChannel: string;

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
    private readonly events: EventStore,
    private readonly prefix: string,
    private readonly onError: (error: Error) => void,
  ) {
    this.busChannel = `${prefix}bus`;
  }

  /** Subscribes to the server-wide channel and to sessions expiring in Redis. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.busChannel, (raw) => {
      const change = JSON.parse(raw) as ServerChange;
      for (const listener of this.listeners) listener(change);
    });
    // Expiry of a session's hash in Redis ends it in every process (keyspace events, turned on if allowed).
    await this.publisher
      .sendCommand<string[]>(["CONFIG", "GET", "notify-keyspace-events"])
      .then(async (reply) => {
        const flags = reply[1] ?? "";
        if (!(flags.includes("E") && (flags.includes("x") || flags.includes("A")))) {
          await this.publisher.sendCommand(["CONFIG", "SET", "notify-keyspace-events", `${flags}Ex`]);
        }
      })
      .catch((error: unknown) => this.onError(error as Error));
    const sessionKey = `${this.prefix}session:`;
    await this.subscriber.pSubscribe("__keyevent@*__:expired", (key) => {
      if (!key.startsWith(sessionKey)) return;
      this.local.get(key.slice(sessionKey.length))?.end();
    });
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
    const node = this.nodeId;
    return {
      outgoing: (message) => this.outgoing(message),
      elsewhere: async (message) => {
        // Server-wide changes reach the holder of the stream through the notification bus itself.
        if ("method" in message && !("id" in message) && BUS_NOTIFICATIONS.has(message.method)) return;
        const id = await this.events.storeEvent(`${sessionId}.standalone`, message);
        const heard = await this.send(sessionId, { t: "out", from: node, id, m: message });
        if (heard < 2) {
          throw new Error(
            `no stream is open to the client for ${"method" in message ? message.method : "this message"}: it needs a GET stream or a related request`,
          );
        }
      },
      incoming: async (message) => {
        if ("method" in message) {
          if (message.method === "notifications/initialized") return false;
          await this.send(sessionId, { t: "note", from: node, m: message });
          return false;
        }
        const owner = ownerOf(message.id);
        if (owner === undefined) return false;
        if (owner.node === node) {
          (message as { id: RequestId }).id = owner.id;
          return false;
        }
        await this.send(sessionId, { t: "resp", from: node, m: message });
        return true;
      },
      changed: async (request) => {
        await this.send(sessionId, { t: "change", from: node, m: request as JsonRpcRequest });
      },
      close: () => {
        if (this.local.get(sessionId) !== local) return;
        this.local.delete(sessionId);
        this.subscriber.unsubscribe(channel, listener).catch(() => {});
      },
    };
  }

  async ended(sessionId: string): Promise<void> {
    await this.send(sessionId, { t: "end", from: this.nodeId });
  }

  /** Requests to the client, and this process's cancellations of them, name this process in their ids. */
  private outgoing(message: JsonRpcMessage): JsonRpcMessage {
    if ("method" in message) {
      if ("id" in message && message.id !== undefined) return { ...message, id: this.mark(message.id) };
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

  async publish(change: ServerChange): Promise<void> {
    await redisCall("publishing a change", () =>
      this.publisher.sendCommand(["PUBLISH", this.busChannel, JSON.stringify(change)]),
    );
  }

  subscribe(listener: (change: ServerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
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
