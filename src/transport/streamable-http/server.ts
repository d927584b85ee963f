/**
 * Streamable HTTP, server side, as a web-standard handler: `(request: Request) => Promise<Response>`
 * runs on Node (see node.ts for the node:http adapter), Deno, Bun and edge runtimes.
 *
 * POST carries client messages: a request is answered on an SSE stream that also carries every
 * message related to it (progress, logs, sampling...), or as one JSON body in JSON-response mode;
 * notifications and responses get 202. GET opens the session's standalone SSE stream. DELETE ends
 * the session. Origin and Host are checked against an allow-list (localhost only by default), so
 * DNS rebinding is refused without the application doing anything.
 */
import { ErrorCode } from "../../errors.js";
import type { DispatcherOptions } from "../../jsonrpc/dispatcher.js";
import {
  classifyMessage,
  isRequestId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type RequestId,
} from "../../jsonrpc/messages.js";
import { HANDSHAKE_PROTOCOL_VERSIONS, isSupportedProtocolVersion } from "../../protocol-versions.js";
import { encodeSseEvent } from "../sse.js";
import type { MessageExtraInfo, Transport, TransportSendOptions } from "../transport.js";
import type { EventStore } from "./event-store.js";

/** Anything that can serve a transport: McpServer and ServerRunner both can. */
export interface ConnectsTransports {
  connect(transport: Transport, options?: DispatcherOptions): Promise<unknown>;
}

export interface StreamableHttpOptions {
  /** Answer requests with one JSON body instead of an SSE stream. */
  jsonResponse?: boolean;
  /** No sessions: every POST is served on its own, and the server cannot send requests to the client. */
  stateless?: boolean;
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
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];
const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" };

function jsonError(status: number, code: number, message: string, id: RequestId | null = null): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } }), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function randomSessionId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * One SSE response body: messages in, bytes out, with keep-alive comments while idle. With an
 * event store, each message is stored before it is written and carries its event id; writes stay
 * in order although storing is asynchronous.
 */
class SseStream {
  readonly response: Response;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private readonly encoder = new TextEncoder();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly written = new Set<string>();
  /** While missed events are replayed, live ones wait here. */
  private held: Array<{ id: string; message: JsonRpcMessage }> | undefined;
  closed = false;
  onclose?: () => void;

  constructor(
    keepAliveMs: number,
    headers: Record<string, string>,
    readonly streamId: string,
    private readonly store: EventStore | undefined,
    retryMs?: number,
  ) {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => this.finish(),
    });
    this.response = new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
    if (store && retryMs !== undefined) this.raw(`retry: ${retryMs}\n\n`);
    this.keepAlive = setInterval(() => this.raw(": keep-alive\n\n"), keepAliveMs);
    this.keepAlive.unref?.();
  }

  private raw(text: string): void {
    if (this.closed) return;
    try {
      this.controller?.enqueue(this.encoder.encode(text));
    } catch {
      this.finish();
    }
  }

  /** Stores (when resumable) and writes one message; resolves once it is stored. */
  write(message: JsonRpcMessage): Promise<void> {
    const store = this.store;
    if (!store) {
      this.raw(encodeSseEvent({ event: "message", data: JSON.stringify(message) }));
      return Promise.resolve();
    }
    this.chain = this.chain.then(async () => {
      const id = await store.storeEvent(this.streamId, message);
      if (this.held) this.held.push({ id, message });
      else this.writeStored(id, message);
    });
    return this.chain;
  }

  writeStored(id: string, message: JsonRpcMessage): void {
    if (this.written.has(id)) return;
    this.written.add(id);
    this.raw(encodeSseEvent({ id, event: "message", data: JSON.stringify(message) }));
  }

  /** Replays `missed` first, then whatever arrived live meanwhile, skipping duplicates. */
  async replay(missed: Promise<Array<{ id: string; message: JsonRpcMessage }>>): Promise<void> {
    this.held = [];
    try {
      for (const event of await missed) this.writeStored(event.id, event.message);
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const event of held) this.writeStored(event.id, event.message);
    }
  }

  /** Closes once everything queued has been written. */
  close(): void {
    this.chain.then(() => this.closeNow());
  }

  closeNow(): void {
    if (this.closed) return;
    try {
      this.controller?.close();
    } catch {
      // Already cancelled by the client.
    }
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    this.onclose?.();
  }
}

/** Where the messages of one POST's requests go: an SSE stream, or collected for one JSON body. */
interface PostChannel {
  pending: Set<RequestId>;
  deliver(message: JsonRpcMessage, isResponse: boolean, id: RequestId | undefined): void;
  /** The client cancelled the request: no answer will come, so its POST ends now. */
  cancel?(): void;
}

export class HttpSessionTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?(message: JsonRpcMessage, extra?: MessageExtraInfo): void;
  private readonly channels = new Map<RequestId, PostChannel>();
  standalone: SseStream | undefined;
  lastSeen = Date.now();
  closed = false;
  protocolVersion: string | undefined;

  constructor(readonly sessionId: string | undefined) {}

  async start(): Promise<void> {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  attach(id: RequestId, channel: PostChannel): void {
    this.channels.set(id, channel);
  }

  detach(id: RequestId): void {
    this.channels.delete(id);
  }

  /** Ends the POST of a request the client cancelled (the spec: it gets no response). */
  cancelled(id: RequestId): void {
    this.channels.get(id)?.cancel?.();
  }

  async send(message: JsonRpcMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) throw new Error("the HTTP session is closed");
    const isResponse = "result" in message || "error" in message;
    const related = isResponse ? (message as { id?: RequestId }).id : options?.relatedRequestId;
    const channel = related === undefined || related === null ? undefined : this.channels.get(related);
    if (channel) {
      channel.deliver(message, isResponse, related ?? undefined);
      return;
    }
    if (isResponse) {
      // The request's stream is gone (the client disconnected): nobody is left to answer.
      return;
    }
    if (this.standalone && !this.standalone.closed) {
      this.standalone.write(message);
      return;
    }
    throw new Error(
      `no stream is open to the client for ${"method" in message ? message.method : "this message"}: it needs a GET stream or a related request`,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.standalone?.close();
    this.onclose?.();
  }
}

interface Session {
  transport: HttpSessionTransport;
}

export class StreamableHttpServer {
  private readonly sessions = new Map<string, Session>();
  /** POST streams whose response has not gone out yet, by stream id: a resumed GET takes them over. */
  private readonly live = new Map<string, { sink: SseStream }>();
  private readonly options: Required<Omit<StreamableHttpOptions, "allowedHosts" | "eventStore">> & {
    allowedHosts: readonly string[] | "any";
    eventStore: EventStore | undefined;
  };
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly server: ConnectsTransports,
    options: StreamableHttpOptions = {},
  ) {
    this.options = {
      jsonResponse: options.jsonResponse ?? false,
      stateless: options.stateless ?? false,
      allowedHosts: options.allowedHosts ?? LOOPBACK_HOSTS,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      sessionIdleMs: options.sessionIdleMs ?? 30 * 60 * 1000,
      maxSessions: options.maxSessions ?? 10_000,
      keepAliveMs: options.keepAliveMs ?? 15_000,
      eventStore: options.eventStore,
      retryMs: options.retryMs ?? 1000,
    };
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(this.options.sessionIdleMs, 60_000));
    this.sweeper.unref?.();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Ends every session and stops the idle sweeper. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.values()].map((session) => session.transport.close()));
    this.sessions.clear();
  }

  /** The web-standard entry point. */
  handle = async (request: Request): Promise<Response> => {
    const refused = this.checkOriginAndHost(request);
    if (refused) return refused;
    switch (request.method) {
      case "POST":
        return this.post(request);
      case "GET":
        return this.get(request);
      case "DELETE":
        return this.delete(request);
      default:
        return new Response(null, { status: 405, headers: { allow: "GET, POST, DELETE" } });
    }
  };

  private checkOriginAndHost(request: Request): Response | undefined {
    const allowed = this.options.allowedHosts;
    if (allowed === "any") return undefined;
    const hostname = (host: string) => host.replace(/:\d+$/, "").toLowerCase();
    const host = request.headers.get("host") ?? new URL(request.url).host;
    if (!allowed.includes(hostname(host)))
      return jsonError(403, ErrorCode.InvalidRequest, `Forbidden: host ${host} is not allowed`);
    const origin = request.headers.get("origin");
    if (origin) {
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        return jsonError(403, ErrorCode.InvalidRequest, "Forbidden: malformed Origin");
      }
      if (!allowed.includes(hostname(originHost))) {
        return jsonError(403, ErrorCode.InvalidRequest, `Forbidden: origin ${origin} is not allowed`);
      }
    }
    return undefined;
  }

  private sessionFor(request: Request): Session | Response {
    const id = request.headers.get("mcp-session-id");
    if (!id) return jsonError(400, ErrorCode.InvalidRequest, "Bad Request: Mcp-Session-Id header is required");
    const session = this.sessions.get(id);
    if (!session) return jsonError(404, ErrorCode.InvalidRequest, "Session not found");
    session.transport.lastSeen = Date.now();
    return session;
  }

  private checkProtocolHeader(request: Request): Response | undefined {
    const version = request.headers.get("mcp-protocol-version");
    if (version !== null && !HANDSHAKE_PROTOCOL_VERSIONS.includes(version as never)) {
      return jsonError(400, ErrorCode.InvalidRequest, `Bad Request: unsupported MCP-Protocol-Version ${version}`);
    }
    return undefined;
  }

  private async post(request: Request): Promise<Response> {
    const accept = request.headers.get("accept") ?? "";
    const wantsBoth = accept.includes("application/json") && accept.includes("text/event-stream");
    if (!wantsBoth && !(this.options.jsonResponse && accept.includes("application/json"))) {
      return jsonError(
        406,
        ErrorCode.InvalidRequest,
        "Not Acceptable: Accept must list application/json and text/event-stream",
      );
    }
    if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
      return jsonError(415, ErrorCode.InvalidRequest, "Unsupported Media Type: Content-Type must be application/json");
    }
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > this.options.maxBodyBytes) return jsonError(413, ErrorCode.InvalidRequest, "Payload Too Large");
    const text = await readLimited(request, this.options.maxBodyBytes);
    if (text === undefined) return jsonError(413, ErrorCode.InvalidRequest, "Payload Too Large");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return jsonError(400, ErrorCode.ParseError, "Parse error: the body is not valid JSON");
    }
    const classified = classifyMessage(body);
    if (classified.kind === "invalid") {
      return jsonError(400, ErrorCode.InvalidRequest, `Invalid Request: ${classified.reason}`, classified.id);
    }
    const message = body as JsonRpcMessage;
    const isInitialize = classified.kind === "request" && classified.message.method === "initialize";
    // 2026-07-28: the MCP-Protocol-Version header must agree with the version the body's envelope names.
    const meta = (message as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
    const envelopeVersion = meta?.["io.modelcontextprotocol/protocolVersion"];
    const headerVersion = request.headers.get("mcp-protocol-version");
    if (typeof envelopeVersion === "string" && headerVersion !== null && headerVersion !== envelopeVersion) {
      const id = classified.kind === "request" ? classified.message.id : null;
      return new Response(
        JSON.stringify({
          jsonrpc: "2.0",
          id,
          error: {
            code: ErrorCode.HeaderMismatch,
            message: `Header mismatch: MCP-Protocol-Version ${headerVersion} but the request names ${envelopeVersion}`,
          },
        }),
        { status: 400, headers: { "content-type": "application/json" } },
      );
    }

    let transport: HttpSessionTransport;
    const headers: Record<string, string> = {};
    if (this.options.stateless) {
      if (headerVersion !== null && !isSupportedProtocolVersion(headerVersion)) {
        return jsonError(
          400,
          ErrorCode.InvalidRequest,
          `Bad Request: unsupported MCP-Protocol-Version ${headerVersion}`,
        );
      }
      transport = new HttpSessionTransport(undefined);
      await this.server.connect(transport, { hasBackChannel: false });
      // Requests of the handshake-less era carry their own envelope; older ones need a handshake replayed.
      if (!isInitialize && typeof envelopeVersion !== "string") this.primeStateless(transport, request);
    } else if (isInitialize) {
      if (this.sessions.size >= this.options.maxSessions) {
        return jsonError(503, ErrorCode.InternalError, "Service Unavailable: too many live sessions");
      }
      const id = randomSessionId();
      transport = new HttpSessionTransport(id);
      const session: Session = { transport };
      transport.onclose = undefined;
      this.sessions.set(id, session);
      await this.server.connect(transport);
      headers["mcp-session-id"] = id;
    } else {
      const session = this.sessionFor(request);
      if (session instanceof Response) return session;
      const badVersion = this.checkProtocolHeader(request);
      if (badVersion) return badVersion;
      transport = session.transport;
    }

    if (classified.kind !== "request") {
      transport.onmessage?.(message);
      if (classified.kind === "notification" && classified.message.method === "notifications/cancelled") {
        const cancelled = classified.message.params?.requestId;
        if (isRequestId(cancelled)) transport.cancelled(cancelled);
      }
      return new Response(null, { status: 202 });
    }
    return this.answer(transport, classified.message, request, headers);
  }

  /** A stateless request needs a handshake-less connection: replay an initialize for it. */
  private primeStateless(transport: HttpSessionTransport, request: Request): void {
    const version = request.headers.get("mcp-protocol-version") ?? "2025-03-26";
    const id = "__stateless-initialize__";
    transport.attach(id, { pending: new Set([id]), deliver: () => transport.detach(id) });
    transport.onmessage?.({
      jsonrpc: "2.0",
      id,
      method: "initialize",
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "stateless", version: "0" } },
    });
  }

  private answer(
    transport: HttpSessionTransport,
    message: JsonRpcRequest,
    request: Request,
    headers: Record<string, string>,
  ): Promise<Response> | Response {
    const id = message.id;
    const done = () => {
      transport.detach(id);
      if (this.options.stateless) transport.close().catch(() => {});
    };
    // A client that goes away mid-request cancels it: the handler's signal aborts and nothing is answered.
    const onAbort = () => {
      if (!transport.closed) {
        transport.onmessage?.({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: id, reason: "the client disconnected" },
        });
      }
      done();
    };
    if (this.options.jsonResponse) {
      return new Promise<Response>((resolve) => {
        transport.attach(id, {
          pending: new Set([id]),
          deliver: (outgoing, isResponse) => {
            if (!isResponse) return; // JSON mode has no stream for related messages.
            done();
            resolve(
              new Response(JSON.stringify(outgoing), {
                status: 200,
                headers: { "content-type": "application/json", ...headers },
              }),
            );
          },
          cancel: () => {
            done();
            resolve(new Response(null, { status: 202, headers }));
          },
        });
        request.signal.addEventListener("abort", onAbort, { once: true });
        transport.onmessage?.(message);
      });
    }
    const streamId = `${transport.sessionId ?? "stateless"}.${randomSessionId()}`;
    const store = this.options.eventStore;
    const live = { sink: new SseStream(this.options.keepAliveMs, headers, streamId, store, this.options.retryMs) };
    const first = live.sink;
    if (store) {
      this.live.set(streamId, live);
    } else {
      // Nobody can resume this stream: its loss before the response means the client hung up.
      first.onclose = () => {
        if (!transport.closed) onAbort();
      };
    }
    transport.attach(id, {
      pending: new Set([id]),
      deliver: (outgoing, isResponse) => {
        const sink = live.sink;
        const written = sink.write(outgoing);
        if (isResponse) {
          first.onclose = undefined;
          done();
          written.then(() => this.live.delete(streamId));
          sink.close();
        }
      },
      cancel: () => {
        first.onclose = undefined;
        done();
        this.live.delete(streamId);
        live.sink.close();
      },
    });
    request.signal.addEventListener("abort", () => first.closeNow(), { once: true });
    const extra: MessageExtraInfo = {
      requestInfo: { headers: Object.fromEntries(request.headers.entries()) },
      // SEP-1699: the server may end a request's stream early and let the client resume it (GET +
      // Last-Event-ID) after `retry`; only possible when events are stored.
      ...(store
        ? {
            closeSseStream: () => {
              if (this.live.get(streamId) === live) live.sink.closeNow();
            },
          }
        : {}),
    };
    transport.onmessage?.(message, extra);
    return first.response;
  }

  private async get(request: Request): Promise<Response> {
    if (!(request.headers.get("accept") ?? "").includes("text/event-stream")) {
      return jsonError(406, ErrorCode.InvalidRequest, "Not Acceptable: Accept must list text/event-stream");
    }
    if (this.options.stateless) return new Response(null, { status: 405, headers: { allow: "POST" } });
    const session = this.sessionFor(request);
    if (session instanceof Response) return session;
    const badVersion = this.checkProtocolHeader(request);
    if (badVersion) return badVersion;
    const lastEventId = request.headers.get("last-event-id");
    if (lastEventId !== null) return this.resume(session, lastEventId, request);
    if (session.transport.standalone && !session.transport.standalone.closed) {
      return jsonError(409, ErrorCode.InvalidRequest, "Conflict: this session already has a GET stream");
    }
    const stream = new SseStream(
      this.options.keepAliveMs,
      { "mcp-session-id": session.transport.sessionId ?? "" },
      standaloneStreamId(session),
      this.options.eventStore,
      this.options.retryMs,
    );
    session.transport.standalone = stream;
    request.signal.addEventListener("abort", () => stream.closeNow(), { once: true });
    return stream.response;
  }

  /** GET + Last-Event-ID: exactly the events of that stream after that id, then whatever follows live. */
  private async resume(session: Session, lastEventId: string, request: Request): Promise<Response> {
    const store = this.options.eventStore;
    if (!store) return jsonError(400, ErrorCode.InvalidRequest, "Bad Request: this server does not resume streams");
    const streamId = await store.streamOf(lastEventId);
    // An unknown id, or one of another session's streams, is not found: never another stream's events.
    if (streamId === undefined || !streamId.startsWith(`${session.transport.sessionId}.`)) {
      return jsonError(404, ErrorCode.InvalidRequest, "Not Found: unknown Last-Event-ID for this session");
    }
    const stream = new SseStream(
      this.options.keepAliveMs,
      { "mcp-session-id": session.transport.sessionId ?? "" },
      streamId,
      store,
      this.options.retryMs,
    );
    const live = this.live.get(streamId);
    if (live) {
      live.sink.closeNow();
      live.sink = stream;
    } else if (streamId === standaloneStreamId(session)) {
      session.transport.standalone?.closeNow();
      session.transport.standalone = stream;
    }
    await stream.replay(store.eventsAfter(lastEventId));
    // A finished request's stream ends after the replay; live ones stay open for what follows.
    if (!live && streamId !== standaloneStreamId(session)) stream.close();
    request.signal.addEventListener("abort", () => stream.closeNow(), { once: true });
    return stream.response;
  }

  private async delete(request: Request): Promise<Response> {
    if (this.options.stateless) return new Response(null, { status: 405, headers: { allow: "POST" } });
    const session = this.sessionFor(request);
    if (session instanceof Response) return session;
    const badVersion = this.checkProtocolHeader(request);
    if (badVersion) return badVersion;
    const id = session.transport.sessionId as string;
    this.sessions.delete(id);
    await session.transport.close();
    return new Response(null, { status: 200 });
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.options.sessionIdleMs;
    for (const [id, session] of this.sessions) {
      if (session.transport.lastSeen < cutoff) {
        this.sessions.delete(id);
        session.transport.close().catch(() => {});
      }
    }
  }
}

function standaloneStreamId(session: Session): string {
  return `${session.transport.sessionId}.standalone`;
}

/** Reads a body up to `limit` bytes; undefined when it is larger. */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
