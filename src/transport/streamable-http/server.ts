/**
 * Streamable HTTP, server side, as a web-standard handler: `(request: Request) => Promise<Response>`
 * runs on Node (see node.ts for the node:http adapter), Deno, Bun and edge runtimes.
 *
 * POST carries client messages: a request is answered on an SSE stream that also carries every
 * message related to it (progress, logs, sampling...), or as one JSON body in JSON-response mode;
 * notifications and responses get 202. GET opens the session's standalone SSE stream. DELETE ends
 * the session. Origin and Host are checked against an allow-list (localhost only by default), so
 * DNS rebinding is refused without the application doing anything.
 *
 * This is the transport: it checks and reads requests, keeps the sessions (each bound to the
 * principal that opened it, ended by DELETE or idleness) and writes the answers. What a message
 * means beyond that (which lifecycle a POST belongs to, which handshake to replay) is the handler's
 * above it, the MCP HTTP handler.
 */

import { type ClassifiedMessage, classifyMessage, isRequestId, type JsonRpcRequest } from "../../jsonrpc/messages.js";
import type { TransportTraits } from "../../jsonrpc/transport.js";
import { ErrorCode } from "../../protocol/errors.js";
import { isStatefulProtocolVersion, isSupportedProtocolVersion } from "../../protocol/versions.js";
import { type HttpAuthGate, requestAuth, setRequestAuth, viewOf } from "./auth-gate.js";
import { answerBatch, takesBatches } from "./batch-posts.js";
import type { SessionCluster } from "./cluster.js";
import { PLAIN_ROUTE, PlainResponse, prereadText, readLimited } from "./fast-path.js";
import { checkOriginAndHost } from "./host-guard.js";
import { jsonError } from "./json-response.js";
import { type ResolvedHttpOptions, resolveHttpOptions, type StreamableHttpOptions } from "./options.js";
import { randomId } from "./random-id.js";
import { ResponseStreams } from "./response-streams.js";
import {
  applySessionChange,
  type SessionChange,
  type SessionRecord,
  type SessionStore,
  sessionChangeOf,
} from "./session-store.js";
import { HttpSessionTransport, SESSIONLESS_INITIALIZE_ID } from "./session-transport.js";

/** A POST's message once read and checked: anything but an invalid one. */
export type PostedMessage = Exclude<ClassifiedMessage, { kind: "invalid" }>;

/** What the endpoint asks of the handler above it. */
export interface EndpointHandler {
  /**
   * The answer to a POST the handler serves on its own (one that belongs to no session), or
   * undefined for the endpoint to serve it. Its body has been read and checked already.
   */
  claim(
    request: Request,
    message: PostedMessage,
    principal: string | undefined,
  ): Promise<Response | PlainResponse> | Response | PlainResponse | undefined;
  /** Serves a new transport: a session's, or a sessionless POST's. */
  connect(transport: HttpSessionTransport): Promise<unknown>;
  /** A sessionless POST's connection, before its message, when that message is not itself an initialize. */
  primeSessionless(transport: HttpSessionTransport, request: Request): void;
  /** The scopes a message needs (a tool's, resource's or prompt's), checked by the auth gate before it is served. */
  requiredScopes?(message: PostedMessage): readonly string[] | undefined;
  /**
   * A session restored from the store, connected again: the initialize params it was opened with,
   * and the rest of its record (log level, subscriptions) to set up again.
   */
  replayHandshake(transport: HttpSessionTransport, initialize: Record<string, unknown>, record?: SessionRecord): void;
  /** A request that changed a live session's state in another process (see cluster.ts), applied here too. */
  replayChange?(transport: HttpSessionTransport, request: JsonRpcRequest): void;
}

interface Session {
  transport: HttpSessionTransport;
  principal: string | undefined;
  /** What the store holds of the session, as this process last wrote or read it. */
  record?: SessionRecord;
}

/** A session store that cannot be reached is answered with this (and nothing of the session changes). */
function storeUnavailable(error: unknown): Response {
  const reason = error instanceof Error ? error.message : String(error);
  return jsonError(503, ErrorCode.InternalError, `Service Unavailable: the session store failed (${reason})`);
}

/** A sessionless POST's connection: only its own answers reach the client. */
const SESSIONLESS: TransportTraits = { hasBackChannel: false };

export class StreamableHttpEndpoint {
  private readonly sessions = new Map<string, Session>();
  readonly options: ResolvedHttpOptions;
  private readonly streams: ResponseStreams;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private readonly principalOf: StreamableHttpOptions["principal"];
  private readonly sessionStore: SessionStore | undefined;
  private readonly auth: HttpAuthGate | undefined;
  private readonly cluster: SessionCluster | undefined;
  private readonly restoring = new Map<string, Promise<void>>();
  /** GET streams registered with the cluster as held by this process. */
  private readonly held = new WeakSet<object>();
  /** Initialize POSTs not answered yet: they count against maxSessions. */
  private opening = 0;

  constructor(
    private readonly handler: EndpointHandler,
    options: StreamableHttpOptions = {},
  ) {
    this.options = resolveHttpOptions(options);
    this.streams = new ResponseStreams(this.options);
    Object.defineProperty(this.handle, PLAIN_ROUTE, { value: this.route });
    this.principalOf = options.principal;
    this.sessionStore = options.sessionStore;
    this.auth = options.auth;
    this.cluster = options.cluster;
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(this.options.sessionIdleMs, 60_000));
    this.sweeper.unref?.();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Ends every session and stops the idle sweeper. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all(
      [...this.sessions.values()].map((session) => {
        session.transport.link?.close();
        return session.transport.close();
      }),
    );
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
   * With no auth gate, principal callback or session store to wait for, a request is routed in the
   * turn it came in, and an answer ready at once (a refusal) comes back without a promise.
   */
  private readonly route = (request: Request): Promise<Response | PlainResponse> | Response | PlainResponse => {
    const refused = checkOriginAndHost(request, this.options.allowedHosts);
    if (refused) return refused;
    if (this.auth || this.principalOf || this.sessionStore) return this.routeWaiting(request);
    return this.byMethod(request, undefined);
  };

  /** `route` once the caller is known and the session, if stored, is here: what may take a wait. */
  private async routeWaiting(request: Request): Promise<Response | PlainResponse> {
    let principal: string | undefined;
    if (this.auth) {
      const outcome = await this.auth.authenticate(viewOf(request));
      if ("answer" in outcome) return plain(outcome.answer);
      setRequestAuth(request, outcome.authInfo);
      principal = outcome.principal;
    } else principal = await this.principalOf?.(request);
    const sessionId = request.headers.get("mcp-session-id");
    if (sessionId && this.sessionStore?.isLive && this.sessions.has(sessionId)) {
      // Expired or ended in the store meanwhile (another process's view): this copy goes too.
      try {
        const live = this.sessionStore.isLive(sessionId);
        if (live !== true && !(await live)) this.endLocal(sessionId);
      } catch (error) {
        return storeUnavailable(error);
      }
    }
    if (sessionId && this.sessionStore && !this.sessions.has(sessionId)) {
      try {
        await this.restore(sessionId, principal);
      } catch (error) {
        return storeUnavailable(error);
      }
    }
    return this.byMethod(request, principal);
  }

  private byMethod(
    request: Request,
    principal: string | undefined,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
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
  }

  private sessionFor(request: Request, principal: string | undefined): Session | Response {
    const id = request.headers.get("mcp-session-id");
    if (!id) return jsonError(400, ErrorCode.InvalidRequest, "Bad Request: Mcp-Session-Id header is required");
    const session = this.sessions.get(id);
    // Another principal's session is answered exactly as an unknown one: nothing tells them apart.
    if (!session || session.principal !== principal)
      return jsonError(404, ErrorCode.InvalidRequest, "Session not found");
    session.transport.lastSeen = Date.now();
    this.sessionStore?.touch?.(id).catch(() => {
      // The store is unreachable: requests that need it say so; this one does not.
    });
    return session;
  }

  /** The auth gate's 403 for a message needing scopes its caller lacks (before any stream opens). */
  private authorize(request: Request, message: PostedMessage): PlainResponse | undefined {
    if (!this.auth) return undefined;
    const required = this.handler.requiredScopes?.(message);
    if (!required || required.length === 0) return undefined;
    const answer = this.auth.authorize(requestAuth(request), required);
    return answer ? plain(answer) : undefined;
  }

  private checkProtocolHeader(request: Request): Response | undefined {
    const version = request.headers.get("mcp-protocol-version");
    if (version !== null && !isStatefulProtocolVersion(version)) {
      return jsonError(400, ErrorCode.InvalidRequest, `Bad Request: unsupported MCP-Protocol-Version ${version}`);
    }
    return undefined;
  }

  private post(
    request: Request,
    principal: string | undefined,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
    const headers = request.headers;
    const accept = headers.get("accept") ?? "";
    const wantsBoth = accept.includes("application/json") && accept.includes("text/event-stream");
    if (!wantsBoth && !(this.options.jsonResponse && accept.includes("application/json"))) {
      return jsonError(
        406,
        ErrorCode.InvalidRequest,
        "Not Acceptable: Accept must list application/json and text/event-stream",
      );
    }
    if (!(headers.get("content-type") ?? "").includes("application/json")) {
      return jsonError(415, ErrorCode.InvalidRequest, "Unsupported Media Type: Content-Type must be application/json");
    }
    const declared = Number(headers.get("content-length") ?? "0");
    if (declared > this.options.maxBodyBytes) return jsonError(413, ErrorCode.InvalidRequest, "Payload Too Large");
    // A body the adapter read already is taken in this turn; any other is read first.
    const text = prereadText(request, this.options.maxBodyBytes);
    if (text !== null) return this.posted(request, principal, text);
    return readLimited(request, this.options.maxBodyBytes).then((read) => this.posted(request, principal, read));
  }

  /** A POST whose body is read (undefined: larger than the limit): parsed, checked and served. */
  private posted(
    request: Request,
    principal: string | undefined,
    text: string | undefined,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
    if (text === undefined) return jsonError(413, ErrorCode.InvalidRequest, "Payload Too Large");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return jsonError(400, ErrorCode.ParseError, "Parse error: the body is not valid JSON");
    }
    if (Array.isArray(body) && body.length > 0) {
      if (this.options.sessionless)
        return this.sessionlessBatch(request, body).then((batch) => batch ?? this.single(request, body, principal));
      const batch = this.batch(request, body, principal);
      if (batch) return batch;
    }
    return this.single(request, body, principal);
  }

  /** One message (not a batch) POSTed. */
  private single(
    request: Request,
    body: unknown,
    principal: string | undefined,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
    const classified = classifyMessage(body);
    if (classified.kind === "invalid") {
      return jsonError(400, ErrorCode.InvalidRequest, `Invalid Request: ${classified.reason}`, classified.id);
    }
    const denied = this.authorize(request, classified);
    if (denied) return denied;
    const claimed = this.handler.claim(request, classified, principal);
    if (claimed) return claimed;

    const isInitialize = classified.kind === "request" && classified.message.method === "initialize";
    if (this.options.sessionless) {
      const headerVersion = request.headers.get("mcp-protocol-version");
      if (headerVersion !== null && !isSupportedProtocolVersion(headerVersion)) {
        return jsonError(
          400,
          ErrorCode.InvalidRequest,
          `Bad Request: unsupported MCP-Protocol-Version ${headerVersion}`,
        );
      }
      const transport = new HttpSessionTransport(undefined, SESSIONLESS);
      return this.handler.connect(transport).then(() => {
        if (!isInitialize) this.handler.primeSessionless(transport, request);
        return this.serve(transport, classified, request);
      });
    }
    if (isInitialize && classified.kind === "request") return this.initialize(request, classified.message, principal);
    const session = this.sessionFor(request, principal);
    if (session instanceof Response) return session;
    const badVersion = this.checkProtocolHeader(request);
    if (badVersion) return badVersion;
    return this.serve(session.transport, classified, request);
  }

  /** A message of a session (or of a sessionless POST's own connection), handed to its transport. */
  private serve(
    transport: HttpSessionTransport,
    classified: PostedMessage,
    request: Request,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
    if (classified.kind !== "request") {
      if (transport.link) {
        const link = transport.link;
        return link.incoming(classified.message).then(
          (taken) => (taken ? new Response(null, { status: 202 }) : this.notify(transport, classified)),
          (error: unknown) => storeUnavailable(error),
        );
      }
      return this.notify(transport, classified);
    }
    if (transport.isAttached(classified.message.id)) {
      // Its answer would go to the other POST's stream, and that POST's answer nowhere.
      const id = classified.message.id;
      return jsonError(
        400,
        ErrorCode.InvalidRequest,
        `Invalid Request: request id ${JSON.stringify(id)} is already in flight`,
        id,
      );
    }
    const change = transport.sessionId === undefined ? undefined : sessionChangeOf(classified.message);
    if (change) this.keepChange(transport, classified.message, change);
    return this.streams.answer(transport, classified.message, request, {}, true);
  }

  /** A notification or response POSTed: handed to the transport, answered 202. */
  private notify(transport: HttpSessionTransport, classified: Exclude<PostedMessage, { kind: "request" }>): Response {
    transport.onmessage?.(classified.message);
    if (classified.kind === "notification" && classified.message.method === "notifications/cancelled") {
      const cancelled = classified.message.params?.requestId;
      if (isRequestId(cancelled)) transport.cancelled(cancelled);
    }
    return new Response(null, { status: 202 });
  }

  /** A request that changes the session's state: once it succeeds, the store (and the other processes) learn of it. */
  private keepChange(transport: HttpSessionTransport, request: JsonRpcRequest, change: SessionChange): void {
    const id = transport.sessionId as string;
    transport.answerTo(request.id).then(async (answer) => {
      if (!answer || !("result" in answer)) return;
      const session = this.sessions.get(id);
      try {
        if (this.sessionStore?.change) await this.sessionStore.change(id, change);
        else if (this.sessionStore && session?.record) {
          session.record = applySessionChange(session.record, change);
          await this.sessionStore.save(id, session.record);
        }
        await transport.link?.changed(request);
      } catch (error) {
        transport.onerror?.(error as Error);
      }
    });
  }

  /** Joins the session to the other processes, when there are several. */
  private link(id: string, transport: HttpSessionTransport): void {
    if (!this.cluster) return;
    transport.link = this.cluster.join(id, {
      transport,
      end: () => this.endLocal(id),
      apply: (request) => this.handler.replayChange?.(transport, request),
    });
  }

  /** Ends this process's copy of a session (the session itself may live on elsewhere). */
  private endLocal(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    session.transport.link?.close();
    session.transport.close().catch(() => {});
  }

  /**
   * A JSON-RPC batch, answered when it comes within a session whose negotiated version takes batches;
   * undefined otherwise (it is then refused as any other invalid body).
   */
  private batch(
    request: Request,
    elements: readonly unknown[],
    principal: string | undefined,
  ): Response | Promise<Response> | undefined {
    if (this.options.sessionless || !request.headers.get("mcp-session-id")) return undefined;
    const session = this.sessionFor(request, principal);
    if (session instanceof Response || !takesBatches(session.transport)) return undefined;
    return (
      this.authorizeBatch(request, elements) ??
      this.checkProtocolHeader(request) ??
      answerBatch(session.transport, elements, request, this.options, undefined, this.streams)
    );
  }

  /** Each message of a batch needs its scopes, as it would alone: one lacking them refuses the batch (403). */
  private authorizeBatch(request: Request, elements: readonly unknown[]): Response | undefined {
    for (const element of elements) {
      const classified = classifyMessage(element);
      if (classified.kind === "invalid") continue;
      const refused = this.authorize(request, classified);
      if (refused) return refused.toResponse();
    }
    return undefined;
  }

  /**
   * A JSON-RPC batch in sessionless mode: no session has negotiated a version, so the POST's own
   * version decides, as for any sessionless POST: its MCP-Protocol-Version header, or
   * HTTP_VERSION_WITHOUT_HEADER when it has none (the one batch-taking revision predates the header,
   * so its clients send none, and the later revisions say a server with no other way to know SHOULD
   * assume that revision). The POST's connection is primed with a handshake at that version, and the
   * batch is taken when the version the server negotiated there has batches: when the server speaks
   * that revision and the POST asked for it. Undefined otherwise (the batch is then refused as any
   * other invalid body).
   */
  private async sessionlessBatch(request: Request, elements: readonly unknown[]): Promise<Response | undefined> {
    const refused = this.authorizeBatch(request, elements);
    if (refused) return refused;
    const transport = new HttpSessionTransport(undefined, SESSIONLESS);
    await this.handler.connect(transport);
    const primed = transport.answerTo(SESSIONLESS_INITIALIZE_ID);
    this.handler.primeSessionless(transport, request);
    await primed;
    if (!takesBatches(transport)) {
      await transport.close();
      return undefined;
    }
    // The connection serves this POST only: it ends with the batch's last answer.
    return answerBatch(transport, elements, request, this.options, () => {
      transport.close().catch(() => {});
    });
  }

  /**
   * An initialize POST opens a session only when it succeeds: a failed one is answered without an
   * Mcp-Session-Id, and nothing of it stays behind.
   */
  private async initialize(
    request: Request,
    message: JsonRpcRequest,
    principal: string | undefined,
  ): Promise<Response> {
    if (this.sessions.size + this.opening >= this.options.maxSessions) {
      return jsonError(503, ErrorCode.InternalError, "Service Unavailable: too many live sessions");
    }
    const id = randomId();
    const transport = new HttpSessionTransport(id);
    const answered = transport.answerTo(message.id);
    this.opening++;
    try {
      await this.handler.connect(transport);
      const response = await this.streams.answer(transport, message, request, {});
      const answer = await answered;
      if (!answer || !("result" in answer)) {
        await transport.close();
        return response;
      }
      // Idle from now, not from when the initialize began (a slow handshake must not expire its session at once).
      transport.lastSeen = Date.now();
      const negotiated = (answer.result as { protocolVersion?: unknown }).protocolVersion;
      const record: SessionRecord = {
        initialize: message.params ?? {},
        principal,
        ...(typeof negotiated === "string" ? { protocolVersion: negotiated } : {}),
      };
      if (this.sessionStore) {
        try {
          await this.sessionStore.save(id, record);
        } catch (error) {
          // No session the others cannot serve: the handshake fails as a whole.
          await transport.close();
          return storeUnavailable(error);
        }
      }
      this.sessions.set(id, { transport, principal, record });
      this.link(id, transport);
      response.headers.set("mcp-session-id", id);
      return response;
    } finally {
      this.opening--;
    }
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
    this.sessions.set(id, { transport, principal: record.principal, record });
    this.link(id, transport);
    await this.handler.connect(transport);
    this.handler.replayHandshake(transport, record.initialize, record);
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
    const response =
      lastEventId !== null
        ? await this.streams.resume(session.transport, lastEventId, request)
        : this.streams.openStandalone(session.transport, request);
    // Recorded before the response starts: a client that saw its stream open can count on it.
    await this.holdStandalone(session.transport);
    return response;
  }

  /** A GET stream newly opened (or resumed) here: the other processes learn that this one holds it. */
  private async holdStandalone(transport: HttpSessionTransport): Promise<void> {
    const stream = transport.standalone;
    if (!stream || stream.closed || !transport.link?.holdStream || this.held.has(stream)) return;
    this.held.add(stream);
    let release: (() => void) | undefined;
    let closed = false;
    const previous = stream.onclose;
    stream.onclose = (reason) => {
      previous?.(reason);
      closed = true;
      release?.();
    };
    const hold = transport.link.holdStream();
    release = typeof hold === "function" ? hold : await hold.catch(() => undefined);
    // Closed while the hold was being recorded: released now.
    if (closed) release?.();
  }

  private async delete(request: Request, principal: string | undefined): Promise<Response> {
    if (this.options.sessionless) return new Response(null, { status: 405, headers: { allow: "POST" } });
    const session = this.sessionFor(request, principal);
    if (session instanceof Response) return session;
    const badVersion = this.checkProtocolHeader(request);
    if (badVersion) return badVersion;
    const id = session.transport.sessionId as string;
    try {
      await this.sessionStore?.delete(id);
      await this.cluster?.ended(id);
    } catch (error) {
      return storeUnavailable(error);
    }
    this.sessions.delete(id);
    session.transport.link?.close();
    await session.transport.close();
    return new Response(null, { status: 200 });
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.options.sessionIdleMs;
    for (const [id, session] of this.sessions) {
      if (session.transport.lastSeen < cutoff) {
        // A store that expires sessions itself decides when one ends; this copy only goes.
        if (!this.sessionStore?.touch) this.sessionStore?.delete(id).catch(() => {});
        else if (session.transport.standalone && !session.transport.standalone.closed) {
          // Unused here, but its GET stream is here: it stays while the store keeps the session (busy elsewhere).
          this.sessionStore
            .load(id)
            .then((record) => {
              if (record === undefined) this.endLocal(id);
            })
            .catch(() => {});
          continue;
        }
        this.endLocal(id);
      }
    }
  }
}

function plain(answer: {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string | null;
}): PlainResponse {
  return new PlainResponse(answer.status, answer.headers, answer.body);
}
