/**
 * The transport of one Streamable HTTP session (or of one sessionless POST): what the server sends
 * goes to the POST of the request it relates to, else to the session's standalone GET stream.
 */

import type { JsonRpcMessage, RequestId } from "../../jsonrpc/messages.js";
import {
  type MessageExtraInfo,
  SENT,
  type Transport,
  type TransportSendOptions,
  type TransportTraits,
} from "../../jsonrpc/transport.js";
import type { SessionLink } from "./cluster.js";
import type { SseStream } from "./sse-stream.js";

/** Where the messages of one POST's requests go: an SSE stream, or collected for one JSON body. */
export interface PostChannel {
  deliver(message: JsonRpcMessage, isResponse: boolean, id: RequestId | undefined): void;
  /** The client cancelled the request: no answer will come, so its POST ends now. */
  cancel?(): void;
}

/**
 * The id of the initialize a sessionless POST's connection is primed with (its answer goes nowhere):
 * whoever needs the version it negotiated waits for that answer.
 */
export const SESSIONLESS_INITIALIZE_ID = "__stateless-initialize__";

export class HttpSessionTransport implements Transport {
  /** Set by the dispatcher: called once when the connection closes. */
  onclose?: (() => void) | undefined;
  /**
   * Set by the dispatcher: called with errors that are not a message (a malformed line, a failed write, ...).
   */
  onerror?: ((error: Error) => void) | undefined;
  /** Set by the dispatcher: called with each message received. */
  onmessage?(message: JsonRpcMessage, extra?: MessageExtraInfo): void;
  private readonly channels = new Map<RequestId, PostChannel>();
  private readonly answerWatchers = new Map<RequestId, (answer: JsonRpcMessage | undefined) => void>();
  /** The session's standalone SSE stream (its GET), while one is open. */
  standalone: SseStream | undefined;
  /** When a request of the session last arrived (epoch ms), for idle expiry. */
  lastSeen = Date.now();
  /** Whether the session has closed. */
  closed = false;
  /** The negotiated protocol version, once known. */
  protocolVersion: string | undefined;
  /** The session's link to the other processes serving it, when there are several (see cluster.ts). */
  link: SessionLink | undefined;

  /** Creates the transport of a session (or, with no id, of one sessionless POST). */
  constructor(
    /** The session's id; undefined for a sessionless POST. */
    readonly sessionId: string | undefined,
    /** What the transport can carry (sessionless: no back-channel). */
    readonly traits?: TransportTraits,
  ) {}

  /** Does nothing: the HTTP handler feeds the transport. */
  async start(): Promise<void> {}

  /** Records the negotiated protocol version. */
  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  /** Routes the messages related to request `id` (its answer included) to the POST that carried it. */
  attach(id: RequestId, channel: PostChannel): void {
    this.channels.set(id, channel);
  }

  /** Whether a POST is still waiting for the answer to `id` (a request id may not be reused meanwhile). */
  isAttached(id: RequestId): boolean {
    return this.channels.has(id);
  }

  /** Stops routing to the POST of request `id` (it ended); whoever waits for its answer gets undefined. */
  detach(id: RequestId): void {
    this.channels.delete(id);
    this.answerWatchers.get(id)?.(undefined);
    this.answerWatchers.delete(id);
  }

  /**
   * The answer to the request `id` as it goes out, or undefined when its POST ends without one
   * (cancelled, the client gone): the endpoint keeps a session only when its initialize succeeded.
   */
  answerTo(id: RequestId): Promise<JsonRpcMessage | undefined> {
    return new Promise((resolve) => this.answerWatchers.set(id, resolve));
  }

  /** Ends the POST of a request the client cancelled (the spec: it gets no response). */
  cancelled(id: RequestId): void {
    this.channels.get(id)?.cancel?.();
  }

  /**
   * Sends a message: to the POST of the request it relates to, else to the standalone GET stream, else
   * (clustered) to the process that holds the stream. An answer whose POST is gone is dropped (nobody is left
   * to read it). Throws when no stream can carry a message, and once closed.
   */
  send(message: JsonRpcMessage, options?: TransportSendOptions): Promise<void> {
    try {
      return this.sendNow(message, options) ?? SENT;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `send`'s work: undefined once the message went out (or was dropped), a promise when it goes out later. */
  private sendNow(message: JsonRpcMessage, options?: TransportSendOptions): Promise<void> | undefined {
    if (this.closed) throw new Error("the HTTP session is closed");
    if (this.link) message = this.link.outgoing(message);
    const isResponse = "result" in message || "error" in message;
    const related = isResponse ? (message as { id?: RequestId }).id : options?.relatedRequestId;
    const channel = related === undefined || related === null ? undefined : this.channels.get(related);
    if (isResponse && related !== undefined && related !== null) {
      this.answerWatchers.get(related)?.(message);
      this.answerWatchers.delete(related);
    }
    if (channel) {
      channel.deliver(message, isResponse, related ?? undefined);
      return;
    }
    if (isResponse) {
      // The request's stream is gone (the client disconnected): nobody is left to answer.
      return;
    }
    // Stored for the session's GET stream by the bus itself, and written by whichever process holds it.
    if (this.link?.carries?.(message)) return;
    if (this.standalone && !this.standalone.closed) {
      this.standalone.write(message);
      return;
    }
    if (this.link) return this.link.elsewhere(message);
    throw new Error(
      `no stream is open to the client for ${"method" in message ? message.method : "this message"}: it needs a GET stream or a related request`,
    );
  }

  /**
   * Closes the session: the standalone stream ends, answer waiters get undefined, `onclose` is called once.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of this.answerWatchers.values()) watcher(undefined);
    this.answerWatchers.clear();
    this.standalone?.close();
    this.onclose?.();
  }
}
