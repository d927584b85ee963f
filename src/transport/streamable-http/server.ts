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

import {
  classifyMessage,
  isRequestId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type RequestId,
} from "../../jsonrpc/messages.js";
import {
  type MessageExtraInfo,
  StalledReaderError,
  type Transport,
  type TransportSendOptions,
} from "../../jsonrpc/transport.js";
import { envelopeVersionOf } from "../../protocol/envelope.js";
import { ErrorCode } from "../../protocol/errors.js";
import { decodeHeaderValue, mirroredNameField } from "../../protocol/mcp-headers.js";
import {
  isSupportedProtocolVersion,
  STATEFUL_PROTOCOL_VERSIONS,
  STATELESS_PROTOCOL_VERSIONS,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../../protocol/versions.js";
import type { ConnectOptions } from "../../server/runner.js";
import { encodeSseEvent } from "../sse.js";
import { readBodyUpTo } from "./body.js";
import type { EventStore } from "./event-store.js";
import type { SessionStore } from "./session-store.js";

/** Anything that can serve a transport: McpServer and ServerRunner both can. */
export interface ConnectsTransports {
  connect(transport: Transport, options?: ConnectOptions): Promise<unknown>;
  /**
   * 2026-07-28: headers the server itself defines (a tool's `x-mcp-header` parameters, mirrored as
   * `Mcp-Param-*`) checked against the body; a message describing the first disagreement, or
   * undefined when they agree.
   */
  checkRequestHeaders?(request: JsonRpcRequest, headers: Headers): string | undefined;
}

export interface StreamableHttpOptions {
  /** Answer requests with one JSON body instead of an SSE stream. */
  jsonResponse?: boolean;
  /**
   * No sessions: every POST is served on its own, and the server cannot send requests to the client
   * except on the request's own stream. (Not to be confused with the stateless lifecycle of 2026-07-28,
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
   * Keeps each session's handshake (and principal) so that a restarted server, or another replica,
   * serves a session it does not hold in memory; with a persistent `eventStore`, clients then resume
   * their streams across the restart. DELETE and idle expiry remove a session from it; close() does not.
   */
  sessionStore?: SessionStore;
}

export const DEFAULT_MAX_SSE_BUFFER_BYTES = 4 * 1024 * 1024;
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];
const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" };

function jsonError(status: number, code: number, message: string, id: RequestId | null = null): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } }), {
    status,
    headers: { "content-type": "application/json" },
  });
}

const JSON_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json" };

/** A whole-body answer, before it becomes a web Response (the node adapter writes it directly). */
export class PlainResponse {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string | null,
  ) {}

  toResponse(): Response {
    return new Response(this.body, { status: this.status, headers: this.headers });
  }
}

/** Marks a web handler that also offers the plain entry point (see StreamableHttpServer.route). */
export const PLAIN_ROUTE: unique symbol = Symbol.for("typed-mcp.streamable-http.plain-route");

/** JSON-RPC errors of the stateless lifecycle map to HTTP statuses; the body says the rest. */
function httpStatusOf(code: number): number {
  if (code === ErrorCode.MethodNotFound) return 404;
  if (
    code === ErrorCode.InvalidParams ||
    code === ErrorCode.InvalidRequest ||
    code === ErrorCode.ParseError ||
    code === ErrorCode.HeaderMismatch ||
    code === ErrorCode.MissingRequiredClientCapability ||
    code === ErrorCode.UnsupportedProtocolVersion
  ) {
    return 400;
  }
  return 200;
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
  /** Called once when the stream ends; `reason` when it was closed because its reader stalled. */
  onclose?: (reason?: StalledReaderError) => void;
  onstall?: (reason: StalledReaderError) => void;

  constructor(
    keepAliveMs: number,
    headers: Record<string, string>,
    readonly streamId: string,
    private readonly store: EventStore | undefined,
    retryMs: number | undefined,
    private readonly maxBufferedBytes: number,
  ) {
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.finish(),
      },
      // desiredSize is then the limit minus the bytes waiting for the reader.
      new ByteLengthQueuingStrategy({ highWaterMark: maxBufferedBytes }),
    );
    this.response = new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
    if (store && retryMs !== undefined) this.raw(`retry: ${retryMs}\n\n`);
    this.keepAlive = setInterval(() => this.raw(": keep-alive\n\n"), keepAliveMs);
    this.keepAlive.unref?.();
  }

  private raw(text: string): void {
    if (this.closed) return;
    const bytes = this.encoder.encode(text);
    const waiting = this.maxBufferedBytes - (this.controller?.desiredSize ?? this.maxBufferedBytes);
    if (waiting > 0 && waiting + bytes.byteLength > this.maxBufferedBytes) {
      const reason = new StalledReaderError(
        `SSE stream ${this.streamId}`,
        waiting + bytes.byteLength,
        this.maxBufferedBytes,
      );
      try {
        this.controller?.error(reason); // Drops what was queued: the memory is released now.
      } catch {
        // Already closed.
      }
      this.finish(reason);
      return;
    }
    try {
      this.controller?.enqueue(bytes);
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

  private finish(reason?: StalledReaderError): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    if (reason) this.onstall?.(reason);
    this.onclose?.(reason);
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
  principal: string | undefined;
}

export class StreamableHttpServer {
  private readonly sessions = new Map<string, Session>();
  /** POST streams whose response has not gone out yet, by stream id: a resumed GET takes them over. */
  private readonly live = new Map<string, { sink: SseStream }>();
  private readonly options: Required<
    Omit<StreamableHttpOptions, "allowedHosts" | "eventStore" | "principal" | "sessionStore">
  > & {
    allowedHosts: readonly string[] | "any";
    eventStore: EventStore | undefined;
  };
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private readonly principalOf: StreamableHttpOptions["principal"];
  private readonly sessionStore: SessionStore | undefined;
  private readonly restoring = new Map<string, Promise<void>>();

  constructor(
    private readonly server: ConnectsTransports,
    options: StreamableHttpOptions = {},
  ) {
    this.options = {
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
    Object.defineProperty(this.handle, PLAIN_ROUTE, { value: this.route });
    this.principalOf = options.principal;
    this.sessionStore = options.sessionStore;
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(this.options.sessionIdleMs, 60_000));
    this.sweeper.unref?.();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Ends every session and stops the idle sweeper. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const modern = this.modern;
    this.modern = undefined;
    await modern?.then((transport) => transport.close()).catch(() => {});
    await Promise.all([...this.sessions.values()].map((session) => session.transport.close()));
    this.sessions.clear();
  }

  /** The web-standard entry point. */
  handle = async (request: Request): Promise<Response> => {
    const answer = await this.route(request);
    return answer instanceof PlainResponse ? answer.toResponse() : answer;
  };

  /**
   * Where the node:http adapter enters (see node.ts): the same handling, but a one-body answer
   * comes back as a PlainResponse that it writes directly, without a web Response and its streams.
   */
  private readonly route = async (request: Request): Promise<Response | PlainResponse> => {
    const refused = this.checkOriginAndHost(request);
    if (refused) return refused;
    const principal = await this.principalOf?.(request);
    const sessionId = request.headers.get("mcp-session-id");
    if (sessionId && this.sessionStore && !this.sessions.has(sessionId)) await this.restore(sessionId, principal);
    switch (request.method) {
      case "POST":
        return this.post(request, principal);
      case "GET":
        return this.get(request, principal);
      case "DELETE":
        return this.delete(request, principal);
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

  private sessionFor(request: Request, principal: string | undefined): Session | Response {
    const id = request.headers.get("mcp-session-id");
    if (!id) return jsonError(400, ErrorCode.InvalidRequest, "Bad Request: Mcp-Session-Id header is required");
    const session = this.sessions.get(id);
    // Another principal's session is answered exactly as an unknown one: nothing tells them apart.
    if (!session || session.principal !== principal)
      return jsonError(404, ErrorCode.InvalidRequest, "Session not found");
    session.transport.lastSeen = Date.now();
    return session;
  }

  private checkProtocolHeader(request: Request): Response | undefined {
    const version = request.headers.get("mcp-protocol-version");
    if (version !== null && !STATEFUL_PROTOCOL_VERSIONS.includes(version as never)) {
      return jsonError(400, ErrorCode.InvalidRequest, `Bad Request: unsupported MCP-Protocol-Version ${version}`);
    }
    return undefined;
  }

  private async post(request: Request, principal: string | undefined): Promise<Response | PlainResponse> {
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
    const envelopeVersion = "method" in message ? envelopeVersionOf(message.params) : undefined;
    const headerVersion = request.headers.get("mcp-protocol-version");
    // The stateless lifecycle (2026-07-28 on): the request names its version in its envelope, or the
    // header names a version without a handshake and no session is presented. Sessions play no part.
    const modern =
      typeof envelopeVersion === "string" ||
      (headerVersion !== null &&
        !STATEFUL_PROTOCOL_VERSIONS.includes(headerVersion as never) &&
        (!request.headers.has("mcp-session-id") || STATELESS_PROTOCOL_VERSIONS.includes(headerVersion as never)));
    if (modern) {
      if (classified.kind !== "request") return new Response(null, { status: 202 });
      return this.postModern(request, classified.message, envelopeVersion, principal);
    }

    let transport: HttpSessionTransport;
    const headers: Record<string, string> = {};
    if (this.options.sessionless) {
      if (headerVersion !== null && !isSupportedProtocolVersion(headerVersion)) {
        return jsonError(
          400,
          ErrorCode.InvalidRequest,
          `Bad Request: unsupported MCP-Protocol-Version ${headerVersion}`,
        );
      }
      transport = new HttpSessionTransport(undefined);
      await this.server.connect(transport, { hasBackChannel: false });
      // Requests of the stateless lifecycle carry their own envelope; older ones need a handshake replayed.
      if (!isInitialize && typeof envelopeVersion !== "string") this.primeStateless(transport, request);
    } else if (isInitialize) {
      if (this.sessions.size >= this.options.maxSessions) {
        return jsonError(503, ErrorCode.InternalError, "Service Unavailable: too many live sessions");
      }
      const id = randomSessionId();
      transport = new HttpSessionTransport(id);
      const session: Session = { transport, principal };
      transport.onclose = undefined;
      this.sessions.set(id, session);
      await this.server.connect(transport);
      await this.sessionStore?.save(id, { initialize: classified.message.params ?? {}, principal });
      headers["mcp-session-id"] = id;
    } else {
      const session = this.sessionFor(request, principal);
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

  /**
   * One request of the stateless lifecycle: its headers checked against its body, then served on a
   * connection of its own built from its envelope. The answer is one JSON body unless the handler
   * sends something first (progress, a log message, a subscription's notifications): then an SSE
   * stream scoped to the request.
   */
  private async postModern(
    request: Request,
    message: JsonRpcRequest,
    envelopeVersion: unknown,
    principal: string | undefined,
  ): Promise<Response | PlainResponse> {
    const requested = request.headers.get("mcp-protocol-version");
    if (requested !== null && !isSupportedProtocolVersion(requested)) {
      // A version nobody here speaks: say which ones are, so the client can pick (the spec's -32022).
      const supported = [...SUPPORTED_PROTOCOL_VERSIONS];
      return new Response(
        JSON.stringify({
          jsonrpc: "2.0",
          id: message.id,
          error: {
            code: ErrorCode.UnsupportedProtocolVersion,
            message: `Unsupported protocol version: ${requested}`,
            data: { requested, supported },
          },
        }),
        { status: 400, headers: JSON_HEADERS },
      );
    }
    const mismatch = this.checkModernHeaders(request, message, envelopeVersion);
    if (mismatch !== undefined) {
      return jsonError(400, ErrorCode.HeaderMismatch, `Header mismatch: ${mismatch}`, message.id);
    }
    // One connection serves every request of this era (each is self-contained), under an id of
    // its own so clients' ids never collide; a subscriptions/listen stream gets a connection to
    // itself, since its id is the subscription's id on every notification.
    const listen = message.method === "subscriptions/listen";
    const transport = listen ? await this.connectModern() : await this.sharedModern();
    const id = message.id;
    const wireId: RequestId = listen ? id : `m${++this.modernIds}`;
    const inbound = listen ? message : { ...message, id: wireId };
    return new Promise<Response | PlainResponse>((resolve) => {
      let stream: SseStream | undefined;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        transport.detach(wireId);
        if (listen) transport.close().catch(() => {});
      };
      // Closing the stream (or the connection) is the cancellation of the request in this era.
      const cancel = () => {
        if (!done && !transport.closed) {
          transport.onmessage?.({
            jsonrpc: "2.0",
            method: "notifications/cancelled",
            params: { requestId: wireId, reason: "the client closed the request's stream" },
          });
        }
        finish();
      };
      transport.attach(wireId, {
        pending: new Set([wireId]),
        deliver: (outgoing, isResponse) => {
          const answer = isResponse && wireId !== id ? ({ ...outgoing, id } as JsonRpcMessage) : outgoing;
          if (!stream) {
            if (isResponse) {
              finish();
              const code = (answer as { error?: { code?: number } }).error?.code;
              resolve(
                new PlainResponse(code === undefined ? 200 : httpStatusOf(code), JSON_HEADERS, JSON.stringify(answer)),
              );
              return;
            }
            const { keepAliveMs, maxSseBufferBytes } = this.options;
            const headers = { "x-accel-buffering": "no" };
            stream = new SseStream(keepAliveMs, headers, "modern", undefined, undefined, maxSseBufferBytes);
            stream.onclose = () => {
              if (!done) cancel();
            };
            resolve(stream.response);
          }
          stream.write(answer);
          if (isResponse) {
            finish();
            stream.close();
          }
        },
      });
      whenAborted(request, () => {
        if (stream) stream.closeNow();
        else cancel();
      });
      const headers = request.headers;
      transport.onmessage?.(inbound, {
        get requestInfo() {
          return { headers: Object.fromEntries(headers.entries()) };
        },
        // The principal binds what the request seals (its requestState) to whoever sent it.
        ...(principal === undefined ? {} : { authInfo: { principal } }),
      });
    });
  }

  private modernIds = 0;
  private modern: Promise<HttpSessionTransport> | undefined;

  /** A connection for requests of the stateless lifecycle: each is served from its own envelope. */
  private async connectModern(): Promise<HttpSessionTransport> {
    const transport = new HttpSessionTransport(undefined);
    await this.server.connect(transport, { hasBackChannel: false, requireEnvelope: true });
    return transport;
  }

  private async sharedModern(): Promise<HttpSessionTransport> {
    const current = this.modern ? await this.modern.catch(() => undefined) : undefined;
    if (current && !current.closed) return current;
    const connecting = this.connectModern();
    this.modern = connecting;
    return connecting;
  }

  /** 2026-07-28 request metadata headers against the body: what disagrees, or undefined. */
  private checkModernHeaders(request: Request, message: JsonRpcRequest, envelopeVersion: unknown): string | undefined {
    const headers = request.headers;
    const version = headers.get("mcp-protocol-version");
    if (version === null) return "the MCP-Protocol-Version header is required";
    if (typeof envelopeVersion === "string" && version !== envelopeVersion) {
      return `MCP-Protocol-Version ${version} but the request names ${envelopeVersion}`;
    }
    const method = headers.get("mcp-method");
    if (method === null) return "the Mcp-Method header is required";
    if (method !== message.method)
      return `Mcp-Method header value '${method}' does not match body value '${message.method}'`;
    const nameField = mirroredNameField(message.method);
    if (nameField) {
      const bodyValue = message.params?.[nameField];
      const raw = headers.get("mcp-name");
      if (raw === null) return `the Mcp-Name header is required for ${message.method}`;
      const decoded = decodeHeaderValue(raw);
      if (decoded === undefined) return `the Mcp-Name header value '${raw}' is malformed`;
      if (decoded !== bodyValue) {
        return `Mcp-Name header value '${decoded}' does not match body value '${String(bodyValue)}'`;
      }
    }
    return this.server.checkRequestHeaders?.(message, headers);
  }

  /** A session the store knows and this process does not (it restarted): connected again, its handshake replayed. */
  private restore(id: string, principal: string | undefined): Promise<void> {
    let restoring = this.restoring.get(id);
    if (!restoring) {
      restoring = this.restoreNow(id, principal).finally(() => this.restoring.delete(id));
      this.restoring.set(id, restoring);
    }
    return restoring;
  }

  private async restoreNow(id: string, principal: string | undefined): Promise<void> {
    const record = await this.sessionStore?.load(id);
    // Another principal's session stays unknown to them: sessionFor answers 404.
    if (!record || record.principal !== principal || this.sessions.has(id)) return;
    const transport = new HttpSessionTransport(id);
    this.sessions.set(id, { transport, principal: record.principal });
    await this.server.connect(transport);
    const initializeId = "__restored-initialize__";
    transport.attach(initializeId, { pending: new Set([initializeId]), deliver: () => transport.detach(initializeId) });
    transport.onmessage?.({ jsonrpc: "2.0", id: initializeId, method: "initialize", params: record.initialize });
    transport.onmessage?.({ jsonrpc: "2.0", method: "notifications/initialized" });
  }

  /** A stateless request needs a stateless-lifecycle connection: replay an initialize for it. */
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
      if (this.options.sessionless) transport.close().catch(() => {});
    };
    // A client that goes away mid-request cancels it: the handler's signal aborts and nothing is answered.
    const onAbort = (reason = "the client disconnected") => {
      if (!transport.closed) {
        transport.onmessage?.({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: id, reason },
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
        whenAborted(request, onAbort);
        transport.onmessage?.(message);
      });
    }
    const streamId = `${transport.sessionId ?? "stateless"}.${randomSessionId()}`;
    const store = this.options.eventStore;
    const live = { sink: this.stream(transport, headers, streamId) };
    const first = live.sink;
    if (store) {
      this.live.set(streamId, live);
    } else {
      // Nobody can resume this stream: its loss before the response means the client hung up (or stalled).
      first.onclose = (stalled) => {
        if (!transport.closed) onAbort(stalled?.message);
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
    whenAborted(request, () => first.closeNow());
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

  /** A new SSE stream for `transport`; one whose reader stalls is reported to the connection's onError. */
  private stream(transport: HttpSessionTransport, headers: Record<string, string>, streamId: string): SseStream {
    const { keepAliveMs, eventStore, retryMs, maxSseBufferBytes } = this.options;
    const stream = new SseStream(keepAliveMs, headers, streamId, eventStore, retryMs, maxSseBufferBytes);
    stream.onstall = (reason) => transport.onerror?.(reason);
    return stream;
  }

  private async get(request: Request, principal: string | undefined): Promise<Response> {
    if (!(request.headers.get("accept") ?? "").includes("text/event-stream")) {
      return jsonError(406, ErrorCode.InvalidRequest, "Not Acceptable: Accept must list text/event-stream");
    }
    if (this.options.sessionless) return new Response(null, { status: 405, headers: { allow: "POST" } });
    const session = this.sessionFor(request, principal);
    if (session instanceof Response) return session;
    const badVersion = this.checkProtocolHeader(request);
    if (badVersion) return badVersion;
    const lastEventId = request.headers.get("last-event-id");
    if (lastEventId !== null) return this.resume(session, lastEventId, request);
    if (session.transport.standalone && !session.transport.standalone.closed) {
      return jsonError(409, ErrorCode.InvalidRequest, "Conflict: this session already has a GET stream");
    }
    const stream = this.stream(
      session.transport,
      { "mcp-session-id": session.transport.sessionId ?? "" },
      standaloneStreamId(session),
    );
    session.transport.standalone = stream;
    whenAborted(request, () => stream.closeNow());
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
    const stream = this.stream(session.transport, { "mcp-session-id": session.transport.sessionId ?? "" }, streamId);
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
    whenAborted(request, () => stream.closeNow());
    return stream.response;
  }

  private async delete(request: Request, principal: string | undefined): Promise<Response> {
    if (this.options.sessionless) return new Response(null, { status: 405, headers: { allow: "POST" } });
    const session = this.sessionFor(request, principal);
    if (session instanceof Response) return session;
    const badVersion = this.checkProtocolHeader(request);
    if (badVersion) return badVersion;
    const id = session.transport.sessionId as string;
    this.sessions.delete(id);
    await this.sessionStore?.delete(id);
    await session.transport.close();
    return new Response(null, { status: 200 });
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.options.sessionIdleMs;
    for (const [id, session] of this.sessions) {
      if (session.transport.lastSeen < cutoff) {
        this.sessions.delete(id);
        this.sessionStore?.delete(id).catch(() => {});
        session.transport.close().catch(() => {});
      }
    }
  }
}

function standaloneStreamId(session: Session): string {
  return `${session.transport.sessionId}.standalone`;
}

/** A request that can report its abort without an AbortSignal (the node adapter's fast path). */
export const ON_ABORT: unique symbol = Symbol.for("typed-mcp.streamable-http.on-abort");

/** Calls `listener` once when the client goes away before the answer is complete. */
function whenAborted(request: Request, listener: () => void): void {
  const light = (request as { [ON_ABORT]?: (listener: () => void) => void })[ON_ABORT];
  if (light) light.call(request, listener);
  else request.signal.addEventListener("abort", listener, { once: true });
}

/** A request whose body was read before it got here (the node adapter's fast path). */
export const PREREAD_BODY: unique symbol = Symbol.for("typed-mcp.streamable-http.preread-body");

/** Reads a body up to `limit` bytes; undefined when it is larger. */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const preread = (request as { [PREREAD_BODY]?: Uint8Array })[PREREAD_BODY];
  if (preread) return preread.byteLength > limit ? undefined : new TextDecoder().decode(preread);
  return readBodyUpTo(request.body, limit);
}
