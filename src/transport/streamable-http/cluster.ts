/**
 * Several server processes serving the same sessions (behind a load balancer with no affinity):
 * what the endpoint asks of the bus that connects them. Without one (the default), everything of
 * a session stays in the process that serves it; `typed-mcp/redis` provides one on Redis.
 */
import type { JsonRpcMessage, JsonRpcRequest } from "../../jsonrpc/messages.js";
import type { HttpSessionTransport } from "./session-transport.js";

/** A session as this process holds it, for the bus to act on. */
export interface LocalSession {
  /** The session's transport in this process. */
  readonly transport: HttpSessionTransport;
  /** Ends this process's copy of the session (another process ended it, or it expired in the store). */
  end(): void;
  /** Applies a request that changed the session's state in another process (its answer is dropped). */
  apply(request: JsonRpcRequest): void;
}

/** One session's link to the other processes, made when the session becomes live in this process. */
export interface SessionLink {
  /** An outgoing message before it is sent: a request's id is made unique across the processes. */
  outgoing(message: JsonRpcMessage): JsonRpcMessage;
  /**
   * A message for the client that no stream of this process can carry: stored and handed to the
   * process holding the session's GET stream. Rejects when that cannot be done.
   */
  elsewhere(message: JsonRpcMessage): Promise<void>;
  /**
   * A response or notification the client POSTed here: true when it belongs to another process
   * and was passed on (the answer to that process's request), false when this process takes it
   * (a notification is also passed to the others). May rewrite the message's id in place.
   */
  incoming(message: JsonRpcMessage): Promise<boolean>;
  /** A request that changed the session's state (log level, subscriptions) succeeded here: the others apply it too. */
  changed(request: JsonRpcMessage): Promise<void>;
  /** The session's transport closed in this process. */
  close(): void;
  /**
   * The session's GET stream opened in this process: the bus records that this process holds it
   * (so messages for the client are routed here). Returns what to call when that stream closes, or
   * a promise of it, settled once the record is written: the stream's response starts only then.
   */
  holdStream?(): (() => void) | Promise<() => void>;
  /** Whether the bus itself stores and delivers this notification to the session's GET stream (wherever it is). */
  carries?(message: JsonRpcMessage): boolean;
}

/** The bus between the processes serving the same sessions (see `typed-mcp/redis`). */
export interface SessionCluster {
  /** A session became live in this process (opened or restored). */
  join(sessionId: string, local: LocalSession): SessionLink;
  /** The session ended here (DELETE): every process ends its copy at once. */
  ended(sessionId: string): Promise<void>;
}
