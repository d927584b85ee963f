/**
 * POSTs of the stateless lifecycle, which no session serves: each request's headers
 * are checked against its body, then it is served from its own envelope on a connection that
 * requires one. The answer is one JSON body unless the handler sends something first (progress, a
 * log message, a subscription's notifications): then an SSE stream scoped to the request.
 */

import type { JsonRpcMessage, JsonRpcRequest, RequestId } from "../../jsonrpc/messages.js";
import type { TransportTraits } from "../../jsonrpc/transport.js";
import { envelopeVersionOf } from "../../protocol/envelope.js";
import { ErrorCode } from "../../protocol/errors.js";
import { requestAuth } from "../../transport/streamable-http/auth-gate.js";
import { PlainResponse, whenAborted } from "../../transport/streamable-http/fast-path.js";
import { JSON_HEADERS, jsonError } from "../../transport/streamable-http/json-response.js";
import type { ResolvedHttpOptions } from "../../transport/streamable-http/options.js";
import { RequestExtra } from "../../transport/streamable-http/request-extra.js";
import type { PostedMessage } from "../../transport/streamable-http/server.js";
import { HttpSessionTransport, type PostChannel } from "../../transport/streamable-http/session-transport.js";
import { SseStream } from "../../transport/streamable-http/sse-stream.js";
import type { ConnectsTransports } from "./connects-transports.js";
import { isStatelessPost } from "./post-lifecycle.js";
import { httpStatusOf, unsupportedVersion } from "./stateless-errors.js";
import { checkStatelessHeaders } from "./stateless-headers.js";

/** A connection of the stateless lifecycle: no handshake, no channel back but each request's own answer. */
const STATELESS_LIFECYCLE: TransportTraits = { hasBackChannel: false, requireEnvelope: true };

export class StatelessPosts {
  private wireIds = 0;
  private shared: Promise<HttpSessionTransport> | undefined;
  /** The protocol versions the server speaks, read once. */
  private served: readonly string[] | undefined;
  /** The shared connection once made: requests use it in the turn they come in. */
  private ready: HttpSessionTransport | undefined;

  constructor(
    private readonly server: ConnectsTransports,
    private readonly options: ResolvedHttpOptions,
  ) {}

  /** The answer to a POST of the stateless lifecycle; undefined for any other. */
  claim(
    request: Request,
    posted: PostedMessage,
    principal: string | undefined,
  ): Promise<Response | PlainResponse> | Response | PlainResponse | undefined {
    const envelopeVersion =
      posted.kind === "request" || posted.kind === "notification"
        ? envelopeVersionOf(posted.message.params)
        : undefined;
    if (!isStatelessPost(request.headers, envelopeVersion)) return undefined;
    if (posted.kind !== "request") return new Response(null, { status: 202 });
    return this.answer(request, posted.message, envelopeVersion, principal);
  }

  /** Ends the connection the requests share. */
  async close(): Promise<void> {
    const shared = this.shared;
    this.shared = undefined;
    this.ready = undefined;
    await shared?.then((transport) => transport.close()).catch(() => {});
  }

  private answer(
    request: Request,
    message: JsonRpcRequest,
    envelopeVersion: unknown,
    principal: string | undefined,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
    const requested = request.headers.get("mcp-protocol-version");
    // Fixed when the server was made (a getter that builds the list on each read).
    this.served ??= this.server.supportedProtocolVersions;
    const served = this.served;
    if (requested !== null && !(served as readonly string[]).includes(requested)) {
      return unsupportedVersion(message.id, requested, served);
    }
    const mismatch = checkStatelessHeaders(request.headers, message, envelopeVersion, this.server);
    if (mismatch !== undefined) {
      return jsonError(400, ErrorCode.HeaderMismatch, `Header mismatch: ${mismatch}`, message.id);
    }
    // One connection serves every request of this lifecycle (each is self-contained), under an id
    // of its own so clients' ids never collide; a subscriptions/listen stream gets a connection to
    // itself, since its id is the subscription's id on every notification.
    const listen = message.method === "subscriptions/listen";
    const ready = this.ready;
    if (!listen && ready !== undefined && !ready.closed) return this.serve(ready, request, message, principal, false);
    return (listen ? this.connect() : this.sharedConnection()).then((transport) =>
      this.serve(transport, request, message, principal, listen),
    );
  }

  /** Serves the request on `transport` (the shared connection, or a subscriptions/listen stream's own). */
  private serve(
    transport: HttpSessionTransport,
    request: Request,
    message: JsonRpcRequest,
    principal: string | undefined,
    listen: boolean,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
    const id = message.id;
    const wireId: RequestId = listen ? id : `m${++this.wireIds}`;
    // The parsed body is this POST's own: it goes to the connection under the wire id.
    if (!listen) message.id = wireId;
    const call = new StatelessCall(transport, id, wireId, listen, this.options);
    transport.attach(wireId, call);
    whenAborted(request, () => call.aborted());
    const authInfo = requestAuth(request);
    // The principal binds what the request seals (its requestState) to whoever sent it.
    transport.onmessage?.(
      message,
      new RequestExtra(
        request.headers,
        authInfo !== undefined ? authInfo : principal === undefined ? undefined : { principal },
      ),
    );
    // Answered in the same turn (a handler that did not wait): the answer itself, no promise to wait on.
    return call.settled ?? call.answer;
  }

  private async connect(): Promise<HttpSessionTransport> {
    const transport = new HttpSessionTransport(undefined, STATELESS_LIFECYCLE);
    await this.server.connect(transport);
    return transport;
  }

  private async sharedConnection(): Promise<HttpSessionTransport> {
    const current = this.shared ? await this.shared.catch(() => undefined) : undefined;
    if (current && !current.closed) return current;
    const connecting = this.connect();
    this.shared = connecting;
    connecting.then(
      (transport) => {
        if (this.shared === connecting) this.ready = transport;
      },
      () => {},
    );
    return connecting;
  }
}

/**
 * One request of the stateless lifecycle on its connection: where its messages go (one JSON body,
 * or an SSE stream once something comes before the answer), and its cancellation when the client
 * closes it. One object per request, its handlers methods (no closures per call).
 */
class StatelessCall implements PostChannel {
  /** The answer once there is one. */
  settled: Response | PlainResponse | undefined;
  private waiting: Promise<Response | PlainResponse> | undefined;
  private resolveAnswer: ((answer: Response | PlainResponse) => void) | undefined;
  private stream: SseStream | undefined;
  private done = false;

  constructor(
    private readonly transport: HttpSessionTransport,
    /** The id the client gave the request. */
    private readonly id: RequestId,
    /** Its id on the shared connection. */
    private readonly wireId: RequestId,
    /** A subscriptions/listen stream, on a connection of its own (closed with it). */
    private readonly listen: boolean,
    private readonly options: ResolvedHttpOptions,
  ) {}

  /** The answer, when it comes (made on first use: an answer given in the turn the request came in needs no promise). */
  get answer(): Promise<Response | PlainResponse> {
    this.waiting ??=
      this.settled !== undefined
        ? Promise.resolve(this.settled)
        : new Promise((resolve) => {
            this.resolveAnswer = resolve;
          });
    return this.waiting;
  }

  private resolve(answer: Response | PlainResponse): void {
    if (this.settled !== undefined) return;
    this.settled = answer;
    this.resolveAnswer?.(answer);
  }

  deliver(outgoing: JsonRpcMessage, isResponse: boolean): void {
    const id = this.id;
    const answer = isResponse && this.wireId !== id ? ({ ...outgoing, id } as JsonRpcMessage) : outgoing;
    let stream = this.stream;
    if (!stream) {
      if (isResponse) {
        this.finish();
        const code = (answer as { error?: { code?: number } }).error?.code;
        this.resolve(
          new PlainResponse(code === undefined ? 200 : httpStatusOf(code), JSON_HEADERS, JSON.stringify(answer)),
        );
        return;
      }
      const { keepAliveMs, maxSseBufferBytes } = this.options;
      const headers = { "x-accel-buffering": "no" };
      stream = new SseStream(keepAliveMs, headers, "stateless-lifecycle", undefined, undefined, maxSseBufferBytes);
      this.stream = stream;
      stream.onclose = () => {
        if (!this.done) this.cancelRequest();
      };
      this.resolve(stream.response);
    }
    stream.write(answer);
    if (isResponse) {
      this.finish();
      stream.close();
    }
  }

  /** The client went away (closed the POST): its stream ends, or the request is cancelled. */
  aborted(): void {
    if (this.stream) this.stream.closeNow();
    else this.cancelRequest();
  }

  /** Closing the stream (or the connection) is the cancellation of the request in this lifecycle. */
  private cancelRequest(): void {
    const transport = this.transport;
    if (!this.done && !transport.closed) {
      transport.onmessage?.({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId: this.wireId, reason: "the client closed the request's stream" },
      });
    }
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.transport.detach(this.wireId);
    if (this.listen) this.transport.close().catch(() => {});
  }
}
