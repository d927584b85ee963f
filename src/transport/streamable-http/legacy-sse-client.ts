/**
 * The legacy HTTP+SSE transport (the oldest protocol version's), client side, for servers that predate Streamable
 * HTTP: a GET opens an SSE stream whose first `endpoint` event names where to POST messages;
 * everything from the server arrives on that stream.
 */
import type { JsonRpcMessage } from "../../jsonrpc/messages.js";
import type { MessageExtraInfo, Transport, TransportSendOptions } from "../../jsonrpc/transport.js";
import { SseParser } from "../sse.js";
import { authorizedFetch, type HttpAuthProvider } from "./auth-hook.js";
import { type DefaultFetch, defaultFetch } from "./default-fetch.js";
import { pumpSse } from "./sse-messages.js";

/** The client end of the legacy HTTP+SSE transport, for a server whose SSE endpoint is `url`. */
export class LegacySseClientTransport implements Transport {
  /** Set by the dispatcher: called once when the connection closes. */
  onclose?: (() => void) | undefined;
  /**
   * Set by the dispatcher: called with errors that are not a message (a malformed line, a failed write, ...).
   */
  onerror?: ((error: Error) => void) | undefined;
  /** Set by the dispatcher: called with each message received. */
  onmessage?(message: JsonRpcMessage, extra?: MessageExtraInfo): void;
  private endpoint: URL | undefined;
  private readonly controller = new AbortController();
  private closed = false;

  /** Creates the transport; `start()` opens the SSE stream. */
  constructor(
    /** The server's SSE endpoint. */
    readonly url: URL,
    private readonly options: {
      /**
       * The fetch every request goes through; by default node:http on Node.js and the global `fetch`
       * elsewhere, as the Streamable HTTP client's option of that name says.
       */
      fetch?: typeof fetch;
      headers?: Record<string, string>;
      /** Authorizes every request and answers 401 and 403, as the Streamable HTTP client's option. */
      authProvider?: HttpAuthProvider;
    } = {},
  ) {
    // Called as a plain function: browsers refuse their fetch called as a method of another object ("Illegal invocation").
    const given = options.fetch;
    const own = given ? undefined : defaultFetch();
    this.ownFetch = own;
    const base: typeof fetch = own ? own.fetch : (input, init) => (given as typeof fetch)(input, init);
    this.fetch = options.authProvider ? authorizedFetch(base, options.authProvider) : base;
  }

  private readonly fetch: typeof fetch;
  /** The fetch this transport made for itself (no `fetch` option), whose connections close with it. */
  private readonly ownFetch: DefaultFetch | undefined;

  /** Opens the stream and waits for the endpoint event. */
  async start(): Promise<void> {
    const response = await this.fetch(this.url, {
      method: "GET",
      headers: { accept: "text/event-stream", ...this.options.headers },
      signal: this.controller.signal,
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`the legacy SSE endpoint answered HTTP ${response.status}`);
    }
    const reader = response.body.getReader();
    await new Promise<void>((resolve, reject) => {
      const parser = new SseParser((event) => {
        if (event.event === "endpoint") {
          this.endpoint = new URL(event.data, this.url);
          resolve();
          return;
        }
        if (!event.data) return;
        try {
          this.onmessage?.(JSON.parse(event.data) as JsonRpcMessage);
        } catch (error) {
          this.onerror?.(error as Error);
        }
      });
      const pump = async () => {
        try {
          await pumpSse(reader, parser);
          reject(new Error("the legacy SSE stream ended before naming its endpoint"));
        } catch (error) {
          if (!this.closed) reject(error as Error);
        } finally {
          if (!this.closed) {
            this.closed = true;
            this.ownFetch?.destroy();
            this.onclose?.();
          }
        }
      };
      void pump();
    });
  }

  /**
   * POSTs the message to the endpoint the server named. Throws before the endpoint is known, once closed, and
   * on an HTTP error.
   */
  async send(message: JsonRpcMessage, _options?: TransportSendOptions): Promise<void> {
    if (!this.endpoint || this.closed) throw new Error("the legacy SSE transport is not connected");
    const response = await this.fetch(this.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.options.headers },
      body: JSON.stringify(message),
    });
    await response.body?.cancel();
    if (!response.ok)
      throw new Error(`HTTP ${response.status} posting ${"method" in message ? message.method : "a response"}`);
  }

  /** Closes the SSE stream; calls `onclose` once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    this.ownFetch?.destroy();
    this.onclose?.();
  }
}
