/**
 * The stateful lifecycle over Streamable HTTP: every message a POST within the session the
 * initialize answer opened (Mcp-Session-Id, and MCP-Protocol-Version once negotiated), answered by
 * 202, one JSON body, or an SSE stream carrying the request's related messages and its answer; the
 * session's GET stream for standalone messages; DELETE to end the session.
 */
import type { JsonRpcMessage } from "../../jsonrpc/messages.js";
import { ConnectionClosedError } from "../../protocol/errors.js";
import { AuthorizationFailedError } from "./auth-hook.js";
import { bodyReader, discardBody, readUpTo as readReaderUpTo } from "./body.js";
import { describeFailure, type HttpClientLink, StreamAbort } from "./client-link.js";
import { HttpTransportError } from "./http-transport-error.js";
import { isInitializeRequest, refusesStreamableHttp } from "./legacy-fallback.js";
import { ResumableSseReader } from "./resumable-sse.js";
import { replayHandshake } from "./session-recovery.js";

const DELETE_ATTEMPTS = 3;

export class HttpSession {
  sessionId: string | undefined;
  protocolVersion: string | undefined;
  /** Sessions started again after a 404. */
  reinitializations = 0;
  /** The handshake this session made, replayed when the server forgets the session. */
  private initializeRequest: JsonRpcMessage | undefined;
  private readonly streams: ResumableSseReader;

  constructor(private readonly link: HttpClientLink) {
    this.streams = new ResumableSseReader(link, (accept) => this.headers(accept));
  }

  headers(accept: string): Record<string, string> {
    const headers: Record<string, string> = { accept, ...this.link.options.headers };
    if (this.sessionId) headers["mcp-session-id"] = this.sessionId;
    if (this.protocolVersion) headers["mcp-protocol-version"] = this.protocolVersion;
    return headers;
  }

  /** A network failure (the server is gone, the connection reset) is a ConnectionClosedError. */
  async post(message: JsonRpcMessage, signal?: AbortSignal): Promise<Response> {
    try {
      return await this.link.fetch(this.link.url, {
        method: "POST",
        headers: { ...this.headers("application/json, text/event-stream"), "content-type": "application/json" },
        body: JSON.stringify(message),
        signal,
      });
    } catch (error) {
      if (signal?.aborted || error instanceof AuthorizationFailedError) throw error;
      throw new ConnectionClosedError(`the server could not be reached: ${describeFailure(error)}`);
    }
  }

  /**
   * POSTs one message of the session and takes in its answer. "refused" when the server refused
   * the initialize POST in a way that says it may speak only HTTP+SSE (see legacy-fallback.ts).
   */
  async send(message: JsonRpcMessage): Promise<"sent" | "refused"> {
    const link = this.link;
    const isInitialize = isInitializeRequest(message);
    if (isInitialize) this.initializeRequest = message;
    let response = await this.post(message);
    if (refusesStreamableHttp(message, response, link)) {
      await response.body?.cancel();
      return "refused";
    }
    if (response.status === 404 && this.sessionId && !isInitialize && this.initializeRequest) {
      // The server forgot the session (expired, or restarted): start a new one and send again.
      await response.body?.cancel();
      await replayHandshake(this, this.initializeRequest, `typed-mcp-reinitialize-${++this.reinitializations}`);
      response = await this.post(message);
    }
    const session = response.headers.get("mcp-session-id");
    if (session) this.sessionId = session;
    if (response.status === 202) {
      await discardBody(response);
      if ("method" in message && message.method === "notifications/initialized") this.openStandaloneStream();
      return "sent";
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new HttpTransportError(
        response.status,
        `HTTP ${response.status} for ${describe(message)}: ${text.slice(0, 300)}`,
      );
    }
    const type = response.headers.get("content-type") ?? "";
    const expect = "method" in message && "id" in message ? message.id : undefined;
    if (type.includes("text/event-stream")) {
      this.streams.read(response, new StreamAbort(), expect).catch((error: unknown) => link.report(error as Error));
      return "sent";
    }
    if (type.includes("application/json")) {
      const text = await readUpTo(response, link.maxMessageBytes);
      if (text === undefined) {
        link.lost(expect, `the answer is larger than the ${link.maxMessageBytes}-byte limit`);
        return "sent";
      }
      const body = JSON.parse(text) as JsonRpcMessage | JsonRpcMessage[];
      for (const item of Array.isArray(body) ? body : [body]) link.deliver(item);
      return "sent";
    }
    await response.body?.cancel();
    return "sent";
  }

  /** Opens the GET stream for messages not tied to a request, unless the options say not to. */
  openStandaloneStream(): void {
    if (this.link.options.openStandaloneStream === false) return;
    this.readStandaloneStream().catch((error: unknown) => this.link.report(error as Error));
  }

  /** A server without a standalone stream answers 405, which is fine. */
  private async readStandaloneStream(): Promise<void> {
    const response = await this.link.fetch(this.link.url, {
      method: "GET",
      headers: this.headers("text/event-stream"),
    });
    if (response.status === 405 || !response.ok) {
      await response.body?.cancel();
      return;
    }
    await this.streams.read(response, new StreamAbort(), undefined);
  }

  /**
   * Ends the session on the server. A pooled keep-alive connection that the server has just closed
   * fails a request before the server sees it (ECONNRESET); DELETE is idempotent, so it is sent
   * again rather than leaving the session alive on the server until its idle expiry.
   */
  async end(): Promise<void> {
    if (!this.sessionId) return;
    for (let attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
      try {
        const response = await this.link.fetch(this.link.url, {
          method: "DELETE",
          headers: this.headers("application/json"),
        });
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
    await discardBody(response);
    return undefined;
  }
  const reader = bodyReader(response);
  return reader ? readReaderUpTo(reader, limit) : "";
}

function describe(message: JsonRpcMessage): string {
  return "method" in message ? message.method : "a response";
}
