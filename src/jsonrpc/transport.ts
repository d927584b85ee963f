/**
 * The transport contract the dispatcher drives: a transport moves JSON-RPC messages between two
 * peers and knows nothing above that. Everything the dispatcher passes through it is declared here.
 *
 * The shape matches the official SDK's `Transport`, so its transports (InMemoryTransport,
 * stdio, Streamable HTTP) plug into typed-mcp sessions, and ours into its Client and Server.
 */
import type { JsonRpcMessage, RequestId } from "./messages.js";

/** What a sender tells the transport about one outgoing message besides the message itself. */
export interface TransportSendOptions {
  /** The inbound request this message belongs to: transports with per-request streams route by it. */
  relatedRequestId?: RequestId;
  /** Where a transport supports resumption, the token to resume from. */
  resumptionToken?: string;
  /** Receives each new resumption token of the message's stream. */
  onresumptiontoken?: (token: string) => void;
  /** Extra headers for this message, on transports that carry headers (Streamable HTTP). */
  headers?: Record<string, string>;
}

/** What the transport knows about one incoming message besides the message itself. */
export interface MessageExtraInfo {
  /** Transport-level facts about an inbound message (HTTP headers, an authenticated principal, ...). */
  requestInfo?: { headers?: Record<string, string | string[] | undefined> };
  /**
   * What the transport's authentication established about the caller (the auth gate of `typed-mcp/auth` sets
   * it), as handlers see it in `ctx.authInfo`.
   */
  authInfo?: unknown;
  /**
   * Streamable HTTP with an event store: ends this request's SSE stream now; the client resumes it
   * with GET + Last-Event-ID after the `retry` delay, and the rest of the request's messages wait in
   * the store.
   */
  closeSseStream?: () => void;
}

/**
 * What a transport can carry, declared by the transport itself: whoever serves it (the server
 * kernel) reads them, so nobody above the transport has to be told per connection. A transport
 * that declares none is a full two-way connection whose peer may shake hands.
 */
export interface TransportTraits {
  /**
   * Whether this side can reach the peer with messages that answer none of its requests (default
   * true). False where only a request's own answer travels back, as on sessionless HTTP.
   */
  readonly hasBackChannel?: boolean;
  /**
   * Whether every request must describe itself (the stateless lifecycle's `_meta` envelope:
   * version, client, capabilities), because no handshake ever happens on this transport (default false).
   */
  readonly requireEnvelope?: boolean;
}

/**
 * Moves JSON-RPC messages to and from one peer: implement it to carry MCP over something new. The
 * shape is the official SDK's, so transports plug into either SDK.
 */
export interface Transport {
  /** Starts moving messages (opens the connection, starts reading); called once, by the dispatcher. */
  start(): Promise<void>;
  /** Sends one message; rejects when it cannot be sent. */
  send(message: JsonRpcMessage, options?: TransportSendOptions): Promise<void>;
  /** Closes the connection; `onclose` is called. */
  close(): Promise<void>;
  /** Set by the dispatcher: called once when the connection closes, from either side. */
  onclose?: (() => void) | undefined;
  /**
   * Set by the dispatcher: called with errors that are not a message (a malformed line, a failed write, ...).
   */
  onerror?: ((error: Error) => void) | undefined;
  /** Set by the dispatcher: called with each message received, and what the transport knows about it. */
  // Method syntax on purpose: parameters are then compared both ways, so the official SDK's
  // transports (whose message type differs in detail, e.g. an error's id may be absent, not null)
  // are accepted as they are.
  onmessage?(message: JsonRpcMessage, extra?: MessageExtraInfo): void;
  /** The session id, on transports that have sessions (Streamable HTTP). */
  sessionId?: string | undefined;
  /**
   * Called once the protocol version is negotiated, on transports that send it (the `MCP-Protocol-Version`
   * header).
   */
  setProtocolVersion?: ((version: string) => void) | undefined;
  /** What the transport can carry (see TransportTraits); none declared means a full two-way connection. */
  readonly traits?: TransportTraits | undefined;
}

/**
 * What a transport's `send` may return when the message went out in the call itself: one promise,
 * already resolved, shared by every such send, so that the dispatcher attaches nothing to it (no
 * promise and no turn per answer).
 */
export const SENT: Promise<void> = Promise.resolve();

/** A line or body that was not JSON at all: the receiving side answers it with -32700. */
export class MalformedMessageError extends Error {
  /** The error's name, `"MalformedMessageError"`. */
  override name = "MalformedMessageError";
  /** Creates the error for the text that failed to parse (the message quotes its first 200 characters). */
  constructor(
    /** The text that is not JSON. */
    readonly raw: string,
    cause?: unknown,
  ) {
    super(`malformed JSON: ${raw.length > 200 ? `${raw.slice(0, 200)}…` : raw}`, { cause });
  }
}

/** A message larger than the transport's configured limit. */
export class MessageTooLargeError extends Error {
  /** The error's name, `"MessageTooLargeError"`. */
  override name = "MessageTooLargeError";
  /** Creates the error for a message of `size` bytes over the `limit`. */
  constructor(
    /** The message's size, in bytes. */
    readonly size: number,
    /** The transport's limit, in bytes. */
    readonly limit: number,
  ) {
    super(`message of ${size} bytes exceeds the limit of ${limit} bytes`);
  }
}

/**
 * A reader stopped reading: more output is waiting for it than the configured bound, so the stream
 * is closed rather than letting memory grow without limit.
 */
export class StalledReaderError extends Error {
  /** The error's name, `"StalledReaderError"`. */
  override name = "StalledReaderError";
  /** Creates the error; the stream it names is closed. */
  constructor(
    /** What was being written to: "SSE stream <id>", "stdout", ... */
    readonly stream: string,
    /** Bytes that would be waiting for the reader. */
    readonly buffered: number,
    /** The bound on waiting bytes. */
    readonly limit: number,
  ) {
    super(
      `the reader of ${stream} stopped reading: ${buffered} bytes would be waiting, over the ${limit}-byte limit; the stream is closed`,
    );
  }
}
