/**
 * Sessions that outlive the process serving them: with a SessionStore (and an EventStore for the
 * streams), a Streamable HTTP server that restarts, or another replica, serves a session it did not
 * start: the handshake is replayed from the store and resumption picks up where the client left off.
 */
export interface SessionRecord {
  /** The params of the initialize request that started the session. */
  initialize: Record<string, unknown>;
  /** The principal the session is bound to, when the server authenticates requests. */
  principal?: string | undefined;
  /** The version the handshake settled on. */
  protocolVersion?: string | undefined;
  /** The level the client set with `logging/setLevel`, if it did. */
  logLevel?: string | undefined;
  /** The resource URIs the client subscribed to with `resources/subscribe` (and did not unsubscribe). */
  resourceSubscriptions?: string[] | undefined;
}

/** A change to a live session's state: a new log level, a URI subscribed to or unsubscribed from. */
export interface SessionChange {
  /** The session's new log level. */
  logLevel?: string;
  /** A resource URI the session subscribed to. */
  subscribe?: string;
  /** A resource URI the session unsubscribed from. */
  unsubscribe?: string;
}

/** Where a Streamable HTTP server keeps its sessions' handshakes, so another process can serve them. */
export interface SessionStore {
  /** Writes the session's record whole (at initialize); another process can then `load` it. */
  save(sessionId: string, record: SessionRecord): Promise<void>;
  /** The session's record, or undefined when there is none (never created, ended or expired). */
  load(sessionId: string): Promise<SessionRecord | undefined>;
  /** The session ended (DELETE, idle expiry): it must not be restored again. */
  delete(sessionId: string): Promise<void>;
  /**
   * Applies a change to the stored record in one step (a store shared by several processes must,
   * since two of them may change one session at once). Without it the endpoint saves the whole
   * record, changed.
   */
  change?(sessionId: string, change: SessionChange): Promise<void>;
  /**
   * The session was used: a store that expires sessions itself (shared by several processes,
   * each seeing only some of the requests) restarts its idle clock. With it, a process whose own
   * copy of a session is idle only drops that copy (and keeps it while the session's GET stream is
   * open there and `load` still finds the session); the session ends when the store expires it.
   */
  touch?(sessionId: string): Promise<void>;
  /**
   * Whether a session this process holds still lives in the store (a store shared by several
   * processes may have expired or ended it meanwhile): `true` at once while this process
   * confirmed it recently, else a check (which also restarts the session's idle clock).
   */
  isLive?(sessionId: string): boolean | Promise<boolean>;
}

/** Applies `change` to `record` (what a store without `change` saves). */
export function applySessionChange(record: SessionRecord, change: SessionChange): SessionRecord {
  const next: SessionRecord = { ...record };
  if (change.logLevel !== undefined) next.logLevel = change.logLevel;
  const uris = new Set(record.resourceSubscriptions ?? []);
  if (change.subscribe !== undefined) uris.add(change.subscribe);
  if (change.unsubscribe !== undefined) uris.delete(change.unsubscribe);
  if (change.subscribe !== undefined || change.unsubscribe !== undefined) next.resourceSubscriptions = [...uris];
  return next;
}

/** The change a request makes to its session's state once it succeeds, if it makes one. */
export function sessionChangeOf(request: {
  method: string;
  params?: Record<string, unknown> | undefined;
}): SessionChange | undefined {
  const params = request.params ?? {};
  switch (request.method) {
    case "logging/setLevel":
      return typeof params.level === "string" ? { logLevel: params.level } : undefined;
    case "resources/subscribe":
      return typeof params.uri === "string" ? { subscribe: params.uri } : undefined;
    case "resources/unsubscribe":
      return typeof params.uri === "string" ? { unsubscribe: params.uri } : undefined;
    default:
      return undefined;
  }
}
