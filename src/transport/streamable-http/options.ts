/** What a Streamable HTTP server can be told, and the defaults of what it is not. */

import type { HttpAuthGate } from "./auth-gate.js";
import type { SessionCluster } from "./cluster.js";
import type { EventStore } from "./event-store.js";
import { LOOPBACK_HOSTS } from "./host-guard.js";
import type { SessionStore } from "./session-store.js";
import { DEFAULT_MAX_SSE_BUFFER_BYTES } from "./sse-stream.js";

/** Options of a Streamable HTTP server: answer format, sessions, limits, resumability, principals. */
export interface StreamableHttpOptions {
  /** Answer requests with one JSON body instead of an SSE stream. */
  jsonResponse?: boolean;
  /**
   * No sessions: every POST is served on its own, and the server cannot send requests to the client
   * except on the request's own stream. (Not to be confused with the stateless lifecycle,
   * which every server serves without sessions whatever this says.)
   */
  sessionless?: boolean;
  /** Hosts (Host header, and the host of any Origin header) accepted; default: localhost, 127.0.0.1, [::1]. */
  allowedHosts?: readonly string[] | "any";
  /** Largest request body, in bytes (default 4 MiB). */
  maxBodyBytes?: number;
  /** Sessions idle longer than this are ended (default 30 minutes). */
  sessionIdleMs?: number;
  /** Most live sessions (default 10,000); past it initialize gets 503. */
  maxSessions?: number;
  /** Interval of keep-alive comments on open SSE streams (default 15 s). */
  keepAliveMs?: number;
  /**
   * Makes streams resumable: every event is stored (before it is written) under an id, and a
   * client that lost a stream gets exactly the events it missed with GET + Last-Event-ID. With a
   * store, a client that disconnects mid-request does not cancel it (it may come back); without
   * one, the disconnect cancels the request.
   */
  eventStore?: EventStore;
  /** Reconnection delay suggested to clients in the SSE `retry` field, with an event store (default 1000 ms). */
  retryMs?: number;
  /**
   * Most bytes an SSE stream may hold for a client that has stopped reading (default 4 MiB; one
   * message larger than that still goes to a client that keeps up). Past it the stream is closed,
   * a StalledReaderError goes to the connection's onError, and, without an event store, the
   * stream's request is cancelled with that reason.
   */
  maxSseBufferBytes?: number;
  /**
   * The authenticated principal of a request (a user id, a token's subject...), from your
   * authentication layer. A session is bound to the principal that created it: its id presented
   * with another principal, or with none, is 404 as if it did not exist (POST, GET, resumption, DELETE).
   */
  principal?: (request: Request) => string | undefined | Promise<string | undefined>;
  /**
   * An authorization layer in front of everything (`bearerAuth(...)` from `typed-mcp/auth`): it
   * authenticates each request, answers the ones it refuses (401) and the documents it serves (the
   * protected-resource metadata), refuses messages needing scopes the caller lacks (403), and names
   * the principal sessions are bound to (it replaces `principal`). What it establishes reaches every
   * handler as `authInfo`.
   */
  auth?: HttpAuthGate;
  /**
   * Keeps each session's handshake (and principal) so that a restarted server, or another replica,
   * serves a session it does not hold in memory; with a persistent `eventStore`, clients then resume
   * their streams across the restart. DELETE and idle expiry remove a session from it; close() does not.
   */
  sessionStore?: SessionStore;
  /**
   * Several processes serving the same sessions with no affinity (with a shared `sessionStore` and
   * `eventStore`): messages for a stream another process holds, the client's answers to another
   * process's requests, and the end of a session go through this bus (see `typed-mcp/redis`).
   */
  cluster?: SessionCluster;
}

/** The options in force: every limit with its value, the hooks as given. */
export type ResolvedHttpOptions = Required<
  Omit<StreamableHttpOptions, "allowedHosts" | "auth" | "eventStore" | "principal" | "sessionStore" | "cluster">
> & {
  allowedHosts: readonly string[] | "any";
  eventStore: EventStore | undefined;
};

export function resolveHttpOptions(options: StreamableHttpOptions): ResolvedHttpOptions {
  return {
    jsonResponse: options.jsonResponse ?? false,
    sessionless: options.sessionless ?? false,
    allowedHosts: options.allowedHosts ?? LOOPBACK_HOSTS,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    sessionIdleMs: options.sessionIdleMs ?? 30 * 60 * 1000,
    maxSessions: options.maxSessions ?? 10_000,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    eventStore: options.eventStore,
    retryMs: options.retryMs ?? 1000,
    maxSseBufferBytes: options.maxSseBufferBytes ?? DEFAULT_MAX_SSE_BUFFER_BYTES,
  };
}
