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
}

/** Where a Streamable HTTP server keeps its sessions' handshakes, so another process can serve them. */
export interface SessionStore {
  save(sessionId: string, record: SessionRecord): Promise<void>;
  load(sessionId: string): Promise<SessionRecord | undefined>;
  /** The session ended (DELETE, idle expiry): it must not be restored again. */
  delete(sessionId: string): Promise<void>;
}
