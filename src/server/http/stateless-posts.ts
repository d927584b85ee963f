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
import type { PostedMessage } from "../../transport/streamable-http/server.js";
import { HttpSessionTransport } from "../../transport/streamable-http/session-transport.js";
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
  ): Promise<Response | PlainResponse> | Response | undefined {
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
  ): Promise<Response | PlainResponse> | Response {
    const requested = request.headers.get("mcp-protocol-version");
    const served = this.server.supportedProtocolVersions;
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
  ): Promise<Response | PlainResponse> {
    const id = message.id;
    const wireId: RequestId = listen ? id : `m${++this.wireIds}`;
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
      // Closing the stream (or the connection) is the cancellation of the request in this lifecycle.
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
            stream = new SseStream(
              keepAliveMs,
              headers,
              "stateless-lifecycle",
              undefined,
              undefined,
              maxSseBufferBytes,
            );
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
      const authInfo = requestAuth(request);
      transport.onmessage?.(inbound, {
        get requestInfo() {
          return { headers: Object.fromEntries(headers.entries()) };
        },
        // The principal binds what the request seals (its requestState) to whoever sent it.
        ...(authInfo !== undefined ? { authInfo } : principal === undefined ? {} : { authInfo: { principal } }),
      });
    });
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
