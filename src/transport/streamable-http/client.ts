/**
 * Streamable HTTP, client side. It speaks whichever lifecycle the session above chose: the stateful
 * one through a session (session-posts.ts, with resumable SSE streams and recovery of a forgotten
 * session), the stateless one request by request (stateless-posts.ts), and falls back to the
 * legacy HTTP+SSE transport for a server that refuses the initialize POST (legacy-fallback.ts).
 * Custom headers and a `fetch` override serve authentication. On Node.js its requests go through
 * node:http unless it is given a `fetch` (default-fetch.ts).
 */

import type { JsonRpcMessage, RequestId } from "../../jsonrpc/messages.js";
import type { MessageExtraInfo, Transport, TransportSendOptions } from "../../jsonrpc/transport.js";
import { envelopeVersionOf } from "../../protocol/envelope.js";
import { HttpClientLink, type StreamableHttpClientOptions } from "./client-link.js";
import { connectLegacySse } from "./legacy-fallback.js";
import type { LegacySseClientTransport } from "./legacy-sse-client.js";
import { HttpSession } from "./session-posts.js";
import { StatelessPosts } from "./stateless-posts.js";

/** The client end of Streamable HTTP, for a server at `url`. */
export class StreamableHttpClientTransport implements Transport {
  /** Set by the dispatcher: called once when the connection closes. */
  onclose?: (() => void) | undefined;
  /**
   * Set by the dispatcher: called with errors that are not a message (a malformed line, a failed write, ...).
   */
  onerror?: ((error: Error) => void) | undefined;
  /** Set by the dispatcher: called with each message received. */
  onmessage?(message: JsonRpcMessage, extra?: MessageExtraInfo): void;
  private readonly link: HttpClientLink;
  private readonly session: HttpSession;
  private readonly stateless: StatelessPosts;
  /** Set when the server only speaks the legacy HTTP+SSE transport: everything goes through it. */
  private legacy: LegacySseClientTransport | undefined;

  /** Creates the transport; nothing is sent until the first message. */
  constructor(
    /** The server's MCP endpoint. */
    readonly url: URL,
    options: StreamableHttpClientOptions = {},
  ) {
    this.link = new HttpClientLink(url, options, this);
    this.session = new HttpSession(this.link);
    this.stateless = new StatelessPosts(this.link);
  }

  /** The stateful lifecycle's session, once the server opened one. */
  get sessionId(): string | undefined {
    return this.session.sessionId;
  }

  /** Sets the session id to send (to resume a session another transport started). */
  set sessionId(sessionId: string | undefined) {
    this.session.sessionId = sessionId;
  }

  /** Sessions started again after a 404, for diagnostics and tests. */
  get reinitializations(): number {
    return this.session.reinitializations;
  }

  /** Which transport this turned out to be: "streamable-http", or "sse" for a legacy HTTP+SSE server. */
  get mode(): "streamable-http" | "sse" {
    return this.legacy ? "sse" : "streamable-http";
  }

  /** Does nothing: the connection is made by the first message. */
  async start(): Promise<void> {}

  /** Sends `version` as the `MCP-Protocol-Version` header of every later request. */
  setProtocolVersion(version: string): void {
    this.session.protocolVersion = version;
  }

  /**
   * POSTs the message (or, for a legacy server, sends it the legacy way); the answer arrives through
   * `onmessage`. Throws HttpTransportError on an HTTP status it cannot use, and once closed.
   */
  async send(message: JsonRpcMessage, options?: TransportSendOptions): Promise<void> {
    if (this.link.closed) throw new Error("the Streamable HTTP transport is closed");
    if (this.legacy) return this.legacy.send(message, options);
    const version = "method" in message ? envelopeVersionOf(message.params) : undefined;
    if (typeof version === "string") return this.stateless.send(message, version, options);
    if (
      "method" in message &&
      message.method === "notifications/cancelled" &&
      this.stateless.cancel(message.params?.requestId as RequestId)
    ) {
      return;
    }
    if ((await this.session.send(message)) === "refused") {
      this.legacy = await connectLegacySse(this.link, () => this.onclose?.());
      return this.legacy.send(message, options);
    }
  }

  /**
   * Aborts the open streams and ends the session (DELETE, when the server gave one); calls `onclose`. Closing
   * twice does nothing.
   */
  async close(): Promise<void> {
    if (this.link.closed) return;
    this.link.closed = true;
    if (this.legacy) {
      await this.legacy.close();
      this.link.releaseConnections();
      return;
    }
    for (const controller of this.link.streams) controller.abort();
    this.link.streams.clear();
    try {
      await this.session.end();
    } finally {
      this.link.releaseConnections();
    }
    this.onclose?.();
  }
}
