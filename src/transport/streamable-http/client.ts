/**
 * Streamable HTTP, client side: POST for every message (answered by 202, one JSON body, or an SSE
 * stream carrying the request's related messages and its response), the session's GET stream for
 * standalone messages, session id and protocol-version headers, DELETE on close. Custom headers and
 * a `fetch` override serve authentication.
 */

import type { JsonRpcMessage, RequestId } from "../../jsonrpc/messages.js";
import {
  type MessageExtraInfo,
  MessageTooLargeError,
  type Transport,
  type TransportSendOptions,
} from "../../jsonrpc/transport.js";
import { envelopeVersionOf } from "../../protocol/envelope.js";
import { ConnectionClosedError, ErrorCode } from "../../protocol/errors.js";
import { encodeHeaderValue, mirroredNameField } from "../../protocol/mcp-headers.js";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../ndjson.js";
import { SseParser } from "../sse.js";
import { readBodyUpTo } from "./body.js";
import { LegacySseClientTransport } from "./legacy-sse-client.js";

export interface StreamableHttpClientOptions {
  fetch?: typeof fetch;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Open the standalone GET stream after the handshake (default true). */
  openStandaloneStream?: boolean;
  /**
   * Reconnecting a stream that ended before its answer (or the standalone stream): the first wait
   * when the server gave no `retry` (default 1000 ms), doubling up to `maxDelayMs` (30 s), at most
   * `maxAttempts` times in a row (default 5).
   */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** Fall back to the 2024-11-05 HTTP+SSE transport when the server refuses the initialize POST (default true). */
  legacyFallback?: boolean;
  /**
   * Largest message accepted from the server, in bytes (default 4 MiB, as stdio): a larger SSE event
   * or JSON body fails its request with -32000 instead of growing memory without bound.
   */
  maxMessageBytes?: number;
}

const DELETE_ATTEMPTS = 3;

export class HttpTransportError extends Error {
  override name = "HttpTransportError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class StreamableHttpClientTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?(message: JsonRpcMessage, extra?: MessageExtraInfo): void;
  sessionId?: string | undefined;
  private protocolVersion: string | undefined;
  private readonly fetch: typeof fetch;
  private readonly streams = new Set<AbortController>();
  private closed = false;

  constructor(
    readonly url: URL,
    private readonly options: StreamableHttpClientOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async start(): Promise<void> {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  private headers(accept: string): Record<string, string> {
    const headers: Record<string, string> = { accept, ...this.options.headers };
    if (this.sessionId) headers["mcp-session-id"] = this.sessionId;
    if (this.protocolVersion) headers["mcp-protocol-version"] = this.protocolVersion;
    return headers;
  }

  /** A network failure (the server is gone, the connection reset) is a ConnectionClosedError. */
  private async post(message: JsonRpcMessage, signal: AbortSignal): Promise<Response> {
    try {
      return await this.fetch(this.url, {
        method: "POST",
        headers: { ...this.headers("application/json, text/event-stream"), "content-type": "application/json" },
        body: JSON.stringify(message),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ConnectionClosedError(`the server could not be reached: ${describeFailure(error)}`);
    }
  }

  /**
   * A request's stream ended without its answer and cannot be resumed: its caller is told now
   * (-32000, as when a connection closes) instead of waiting for its timeout.
   */
  private lost(id: RequestId | undefined, reason: string): void {
    if (id === undefined || this.closed) return;
    this.onmessage?.({
      jsonrpc: "2.0",
      id,
      error: { code: ErrorCode.ConnectionClosed, message: `Connection closed: ${reason}` },
    });
  }

  /** Set when the server only speaks the 2024-11-05 HTTP+SSE transport: everything goes through it. */
  private legacy: LegacySseClientTransport | undefined;

  /** Which transport this turned out to be: "streamable-http", or "sse" for a 2024-11-05 server. */
  get mode(): "streamable-http" | "sse" {
    return this.legacy ? "sse" : "streamable-http";
  }

  /** 2026-07-28 requests in flight, by id: cancelling one closes its stream (no notification is sent). */
  private readonly modern = new Map<RequestId, AbortController>();

  async send(message: JsonRpcMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) throw new Error("the Streamable HTTP transport is closed");
    if (this.legacy) return this.legacy.send(message, options);
    const version = "method" in message ? envelopeVersionOf(message.params) : undefined;
    if (typeof version === "string") return this.sendModern(message, version, options);
    if ("method" in message && message.method === "notifications/cancelled") {
      const cancelled = this.modern.get(message.params?.requestId as RequestId);
      if (cancelled) {
        // 2026-07-28: closing the request's stream is its cancellation.
        this.modern.delete(message.params?.requestId as RequestId);
        cancelled.abort("cancelled");
        return;
      }
    }
    const isInitialize = "method" in message && message.method === "initialize" && "id" in message;
    if (isInitialize) this.initializeRequest = message;
    const controller = new AbortController();
    let response = await this.post(message, controller.signal);
    if (isInitialize && [400, 404, 405].includes(response.status) && this.options.legacyFallback !== false) {
      // The backwards-compatibility rule: a server that refuses the initialize POST may be an
      // HTTP+SSE (2024-11-05) server; open its stream and carry on through it.
      await response.body?.cancel();
      const legacy = new LegacySseClientTransport(this.url, { fetch: this.fetch, headers: this.options.headers });
      legacy.onmessage = (m, extra) => this.onmessage?.(m, extra);
      legacy.onerror = (error) => this.onerror?.(error);
      legacy.onclose = () => this.onclose?.();
      await legacy.start();
      this.legacy = legacy;
      return legacy.send(message, options);
    }
    if (response.status === 404 && this.sessionId && !isInitialize && this.initializeRequest) {
      // The server forgot the session (expired, or restarted): start a new one and send again.
      await response.body?.cancel();
      await this.reinitialize();
      response = await this.post(message, controller.signal);
    }
    const session = response.headers.get("mcp-session-id");
    if (session) this.sessionId = session;
    if (response.status === 202) {
      await response.body?.cancel();
      if (
        "method" in message &&
        message.method === "notifications/initialized" &&
        this.options.openStandaloneStream !== false
      ) {
        this.openStandaloneStream().catch((error: unknown) => this.onerror?.(error as Error));
      }
      return;
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new HttpTransportError(
        response.status,
        `HTTP ${response.status} for ${describe(message)}: ${text.slice(0, 300)}`,
      );
    }
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream")) {
      const expect = "method" in message && "id" in message ? message.id : undefined;
      this.consume(response, controller, expect).catch((error: unknown) => this.onerror?.(error as Error));
      return;
    }
    if (type.includes("application/json")) {
      const text = await readUpTo(response, this.maxMessageBytes);
      if (text === undefined) {
        const expect = "method" in message && "id" in message ? message.id : undefined;
        this.lost(expect, `the answer is larger than the ${this.maxMessageBytes}-byte limit`);
        return;
      }
      const body = JSON.parse(text) as JsonRpcMessage | JsonRpcMessage[];
      for (const item of Array.isArray(body) ? body : [body]) this.onmessage?.(item);
      return;
    }
    await response.body?.cancel();
  }

  /**
   * 2026-07-28: each message its own POST, no session: the request metadata headers mirror the body
   * (MCP-Protocol-Version, Mcp-Method, Mcp-Name, plus any Mcp-Param-* the caller computed from the
   * tool's x-mcp-header annotations). The answer is one JSON body (also for errors, whatever the
   * HTTP status) or an SSE stream scoped to the request; a stream that ends unanswered fails the
   * request (these streams cannot be resumed).
   */
  private async sendModern(message: JsonRpcMessage, version: string, options?: TransportSendOptions): Promise<void> {
    const request = message as { id?: RequestId; method: string; params?: Record<string, unknown> };
    const headers: Record<string, string> = {
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
      ...this.options.headers,
      ...(options as { headers?: Record<string, string> } | undefined)?.headers,
      "mcp-protocol-version": version,
      "mcp-method": request.method,
    };
    const name = mirroredNameField(request.method);
    const value = name ? request.params?.[name] : undefined;
    if (typeof value === "string") headers["mcp-name"] = encodeHeaderValue(value);
    const controller = new AbortController();
    const id = request.id;
    if (id !== undefined) this.modern.set(id, controller);
    const fail = (text: string) => {
      if (id === undefined) return;
      this.modern.delete(id);
      this.onmessage?.({ jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message: text } });
    };
    let response: Response;
    try {
      response = await this.fetch(this.url, {
        method: "POST",
        headers,
        body: JSON.stringify(message),
        signal: controller.signal,
      });
    } catch (error) {
      if (id !== undefined) this.modern.delete(id);
      throw error;
    }
    const type = response.headers.get("content-type") ?? "";
    if (response.status === 202 || id === undefined) {
      if (id !== undefined) this.modern.delete(id);
      await response.body?.cancel();
      return;
    }
    if (type.includes("application/json")) {
      const body = (await response.json().catch(() => undefined)) as JsonRpcMessage | undefined;
      this.modern.delete(id);
      if (body && typeof body === "object" && "id" in body && body.id === id) {
        this.onmessage?.(body);
        return;
      }
      throw new HttpTransportError(
        response.status,
        `HTTP ${response.status} for ${request.method} with no answer to it`,
      );
    }
    if (!response.ok || !type.includes("text/event-stream")) {
      this.modern.delete(id);
      const text = await response.text().catch(() => "");
      throw new HttpTransportError(
        response.status,
        `HTTP ${response.status} for ${request.method}: ${text.slice(0, 300)}`,
      );
    }
    const read = async () => {
      if (!response.body) return fail(`the server sent no stream for ${request.method}`);
      let answered = false;
      const parser = new SseParser((event) => {
        if (!event.data || (event.event !== undefined && event.event !== "message")) return;
        try {
          const incoming = JSON.parse(event.data) as JsonRpcMessage;
          if ("id" in incoming && incoming.id === id && !("method" in incoming)) answered = true;
          this.onmessage?.(incoming);
        } catch (error) {
          this.onerror?.(error as Error);
        }
      });
      this.streams.add(controller);
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value: chunk } = await reader.read();
          if (done) break;
          parser.push(chunk);
        }
      } catch {
        // Aborted (cancelled or closed) or dropped: decided below.
      } finally {
        this.streams.delete(controller);
      }
      if (answered || controller.signal.aborted || this.closed) {
        this.modern.delete(id);
        return;
      }
      fail(`the server closed the stream of ${request.method} before answering`);
    };
    read().catch((error: unknown) => this.onerror?.(error as Error));
  }

  private get maxMessageBytes(): number {
    return this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Sessions started again after a 404, for diagnostics and tests. */
  reinitializations = 0;
  private initializeRequest: JsonRpcMessage | undefined;

  /**
   * Replays the handshake the session made (the same initialize params), invisibly to the layers
   * above: its answer is read here, not delivered, then notifications/initialized follows.
   */
  private async reinitialize(): Promise<void> {
    this.sessionId = undefined;
    const id = `typed-mcp-reinitialize-${++this.reinitializations}`;
    const request = { ...(this.initializeRequest as object), id } as JsonRpcMessage;
    const controller = new AbortController();
    const response = await this.post(request, controller.signal);
    if (!response.ok)
      throw new HttpTransportError(response.status, `re-initialize failed with HTTP ${response.status}`);
    const session = response.headers.get("mcp-session-id");
    if (session) this.sessionId = session;
    const answer = await firstAnswer(response, id);
    if (!answer || "error" in answer)
      throw new HttpTransportError(response.status, "re-initialize was refused by the server");
    const initialized = await this.post({ jsonrpc: "2.0", method: "notifications/initialized" }, controller.signal);
    await initialized.body?.cancel();
    if (this.options.openStandaloneStream !== false) {
      this.openStandaloneStream().catch((error: unknown) => this.onerror?.(error as Error));
    }
  }

  /** The GET stream for messages not tied to a request; a server without one answers 405, which is fine. */
  private async openStandaloneStream(): Promise<void> {
    const controller = new AbortController();
    const response = await this.fetch(this.url, {
      method: "GET",
      headers: this.headers("text/event-stream"),
      signal: controller.signal,
    });
    if (response.status === 405 || !response.ok) {
      await response.body?.cancel();
      return;
    }
    await this.consume(response, controller, undefined);
  }

  /**
   * Reads one SSE stream. When it ends before the answer it was opened for (a POST stream), or it
   * is the standalone stream, the stream is resumed with GET + Last-Event-ID after the server's
   * `retry` delay (or a backoff): nothing the server stored is lost, and the ids keep it from
   * arriving twice.
   */
  private async consume(
    response: Response,
    controller: AbortController,
    expect: string | number | undefined,
    attempt = 0,
  ): Promise<void> {
    if (!response.body) return;
    this.streams.add(controller);
    let lastEventId: string | undefined;
    let retry: number | undefined;
    let answered = false;
    let received = false;
    const parser = new SseParser((event) => {
      if (event.id !== undefined) lastEventId = event.id;
      if (event.retry !== undefined) retry = event.retry;
      if (!event.data || (event.event !== undefined && event.event !== "message")) return;
      received = true;
      try {
        const message = JSON.parse(event.data) as JsonRpcMessage;
        if (expect !== undefined && "id" in message && message.id === expect && !("method" in message)) answered = true;
        this.onmessage?.(message);
      } catch (error) {
        this.onerror?.(error as Error);
      }
    }, this.maxMessageBytes);
    const reader = response.body.getReader();
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      failure = error;
    } finally {
      this.streams.delete(controller);
    }
    if (failure instanceof MessageTooLargeError) {
      // Resuming would replay the same message: the request fails now, and the stream is dropped.
      controller.abort();
      await reader.cancel().catch(() => {});
      this.onerror?.(failure);
      this.lost(expect, `the server sent a message over the ${this.maxMessageBytes}-byte limit`);
      return;
    }
    if (this.closed || controller.signal.aborted || answered) return;
    const standalone = expect === undefined;
    const ended = failure === undefined ? "the stream ended" : `the stream failed (${describeFailure(failure)})`;
    if (!standalone && lastEventId === undefined) {
      // Nothing to resume from: the answer will never come.
      this.lost(expect, `${ended} before the answer, and the server gave no event ids to resume from`);
      return;
    }
    const limits = this.options.reconnect ?? {};
    const maxAttempts = limits.maxAttempts ?? 5;
    // Resume after the server's `retry`, or with a doubling backoff; a server that cannot be reached
    // (restarting) counts as a failed attempt, and so does a stream that ends again with nothing new.
    for (let tries = received ? 0 : attempt + 1, first = true; ; tries++, first = false) {
      if (tries > maxAttempts) {
        this.onerror?.(new Error("the server's stream kept ending; giving up reconnecting"));
        this.lost(expect, `${ended} before the answer, and resuming it failed ${maxAttempts} times`);
        return;
      }
      const backoff = Math.min(
        (limits.initialDelayMs ?? 1000) * 2 ** Math.max(0, tries - 1),
        limits.maxDelayMs ?? 30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, first ? (retry ?? backoff) : backoff));
      if (this.closed) return;
      const next = new AbortController();
      const headers = this.headers("text/event-stream");
      if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
      let resumed: Response;
      try {
        resumed = await this.fetch(this.url, { method: "GET", headers, signal: next.signal });
      } catch {
        continue;
      }
      if (!resumed.ok) {
        await resumed.body?.cancel();
        if (resumed.status !== 405)
          this.onerror?.(
            new HttpTransportError(resumed.status, `resuming the stream failed with HTTP ${resumed.status}`),
          );
        this.lost(expect, `${ended} before the answer, and resuming it failed with HTTP ${resumed.status}`);
        return;
      }
      await this.consume(resumed, next, expect, tries);
      return;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.legacy) {
      await this.legacy.close();
      return;
    }
    for (const controller of this.streams) controller.abort();
    this.streams.clear();
    if (this.sessionId) await this.deleteSession();
    this.onclose?.();
  }

  /**
   * Ends the session on the server. A pooled keep-alive connection that the server has just closed
   * fails a request before the server sees it (ECONNRESET); DELETE is idempotent, so it is sent
   * again rather than leaving the session alive on the server until its idle expiry.
   */
  private async deleteSession(): Promise<void> {
    for (let attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
      try {
        const response = await this.fetch(this.url, { method: "DELETE", headers: this.headers("application/json") });
        await response.body?.cancel();
        return;
      } catch {
        // A network failure: try again, on a fresh connection.
      }
    }
  }
}

/** A response body as text, or undefined when it is longer than `limit` bytes (reading stops there). */
async function readUpTo(response: Response, limit: number): Promise<string | undefined> {
  if (Number(response.headers.get("content-length") ?? 0) > limit) {
    await response.body?.cancel();
    return undefined;
  }
  return readBodyUpTo(response.body, limit);
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

function describe(message: JsonRpcMessage): string {
  return "method" in message ? message.method : "a response";
}

/** The response to request `id` in a JSON or SSE answer. */
async function firstAnswer(response: Response, id: string): Promise<JsonRpcMessage | undefined> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = (await response.json()) as JsonRpcMessage | JsonRpcMessage[];
    return (Array.isArray(body) ? body : [body]).find((m) => "id" in m && m.id === id);
  }
  if (!response.body) return undefined;
  let found: JsonRpcMessage | undefined;
  const parser = new SseParser((event) => {
    if (!event.data) return;
    const message = JSON.parse(event.data) as JsonRpcMessage;
    if ("id" in message && message.id === id && !("method" in message)) found = message;
  });
  const reader = response.body.getReader();
  while (!found) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(value);
  }
  await reader.cancel().catch(() => {});
  return found;
}
