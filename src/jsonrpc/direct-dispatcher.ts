/**
 * Two in-process peers wired directly to each other's handlers: no transport, no JSON encoding.
 * It keeps the Dispatcher's contract (timeouts, abort, progress, cancellation reaching the peer's
 * handler, typed errors, closing) so tests and embedded setups can swap one for the other; the
 * same contract suite runs against both. With `TYPED_MCP_TRACE=1` each side traces the messages it
 * would have sent and received, as a transport-driven dispatcher does (see wire-trace.ts).
 */
import { ConnectionClosedError, JsonRpcError, JsonRpcErrorCode, RequestCancelledError } from "./errors.js";
import { isRequestId, type JsonRpcMessage, type RequestId } from "./messages.js";
import {
  type CallOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type InboundHandler,
  type NotifyOptions,
  type Outbound,
  type Params,
  toErrorObject,
  withProgressToken,
} from "./outbound.js";
import { PendingRequests } from "./pending.js";
import { wireTracerFromEnvironment } from "./wire-trace.js";

export class DirectDispatcher implements Outbound {
  private peer: DirectDispatcher | undefined;
  private handler: InboundHandler | undefined;
  private nextId = 0;
  private closed = false;
  /** Set when TYPED_MCP_TRACE is on: what crosses between the two sides, as the messages they stand for. */
  private readonly tracer = wireTracerFromEnvironment(this);
  private readonly pending = new PendingRequests(
    (id, reason) => {
      if (this.tracer || this.peer?.tracer) {
        this.traceAcross({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: id, reason: String(reason) },
        });
      }
      this.peer?.cancelInbound(id, reason);
    },
    () => {},
  );
  private readonly inbound = new Map<RequestId, AbortController>();

  /** @param defaultTimeout - The timeout of requests that set none, in ms (default 60 s). */
  private constructor(readonly defaultTimeout: number) {}

  /**
   * Creates two connected dispatchers (client side, server side) that hand messages to each other in memory,
   * without serialising them. `defaultTimeout`: the request timeout in ms (default 60 s).
   */
  static createPair(options: { defaultTimeout?: number } = {}): [DirectDispatcher, DirectDispatcher] {
    const timeout = options.defaultTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const a = new DirectDispatcher(timeout);
    const b = new DirectDispatcher(timeout);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  /** Sets what answers the peer's requests and receives its notifications (replacing any earlier handler). */
  setHandler(handler: InboundHandler): void {
    this.handler = handler;
  }

  /**
   * How many outbound requests await an answer and how many inbound requests are being handled (for leak
   * checks).
   */
  get load(): { pending: number; inFlight: number } {
    return { pending: this.pending.size, inFlight: this.inbound.size };
  }

  /**
   * Sends a request to the peer and resolves with its result. Rejects with the peer's error as a
   * JsonRpcError, RequestTimeoutError after the timeout, RequestCancelledError when `signal` aborts,
   * ConnectionClosedError once closed.
   */
  sendRawRequest(method: string, params?: Params, options: CallOptions = {}): Promise<Params> {
    const peer = this.peer;
    if (this.closed || !peer) return Promise.reject(new ConnectionClosedError());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new RequestCancelledError(method, signal.reason));
    const id = this.nextId++;
    const outbound = options.onProgress ? withProgressToken(params, id) : params;
    return new Promise<Params>((resolve, reject) => {
      this.pending.add(id, method, options, options.timeout ?? this.defaultTimeout, resolve, reject);
      // Like a transport, deliver on a later microtask, never inside the caller's call.
      queueMicrotask(() => {
        this.tracer?.outbound({ jsonrpc: "2.0", id, method, ...(outbound === undefined ? {} : { params: outbound }) });
        peer.receiveRequest(this, id, method, outbound);
      });
    });
  }

  /**
   * Sends a notification to the peer (delivered on a later microtask). Throws ConnectionClosedError once
   * closed.
   */
  async notify(method: string, params?: Params, _options?: NotifyOptions): Promise<void> {
    const peer = this.peer;
    if (this.closed || !peer) throw new ConnectionClosedError();
    queueMicrotask(() => {
      this.tracer?.outbound({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });
      peer.receiveNotification(method, params);
    });
  }

  /**
   * Closes both sides: pending requests reject with ConnectionClosedError and the handlers' signals abort.
   * Closing twice does nothing.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new ConnectionClosedError();
    this.pending.rejectAll(error);
    for (const controller of this.inbound.values()) controller.abort(error);
    this.inbound.clear();
    await this.peer?.close();
  }

  private receiveRequest(from: DirectDispatcher, id: RequestId, method: string, params: Params | undefined): void {
    if (this.closed) return;
    const handler = this.handler;
    const controller = new AbortController();
    this.inbound.set(id, controller);
    const request = { jsonrpc: "2.0" as const, id, method, ...(params === undefined ? {} : { params }) };
    this.tracer?.inbound(request);
    const answer = handler
      ? Promise.resolve().then(() => handler.onRequest({ request, signal: controller.signal }))
      : Promise.reject(new JsonRpcError(JsonRpcErrorCode.MethodNotFound, `Method not found: ${method}`));
    answer.then(
      (result) => {
        this.inbound.delete(id);
        if (controller.signal.aborted) return;
        if (this.tracer || from.tracer) this.traceAcross({ jsonrpc: "2.0", id, result });
        from.pending.resolve(id, result);
      },
      (error: unknown) => {
        this.inbound.delete(id);
        if (controller.signal.aborted) return;
        // The same mapping as on the wire: a JsonRpcError keeps its code, anything else is -32603.
        const wire = toErrorObject(error);
        if (this.tracer || from.tracer) this.traceAcross({ jsonrpc: "2.0", id, error: wire });
        from.pending.reject(id, new JsonRpcError(wire.code, wire.message, wire.data));
      },
    );
  }

  /** A message this side sends to its peer, traced on both sides (when tracing is on). */
  private traceAcross(message: JsonRpcMessage): void {
    this.tracer?.outbound(message);
    this.peer?.tracer?.inbound(message);
  }

  private cancelInbound(id: RequestId, reason: unknown): void {
    const controller = this.inbound.get(id);
    if (!controller) return;
    this.inbound.delete(id);
    controller.abort(reason);
  }

  private receiveNotification(method: string, params: Params | undefined): void {
    if (this.closed) return;
    this.tracer?.inbound({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });
    if (method === "notifications/cancelled" && isRequestId(params?.requestId)) {
      this.cancelInbound(params.requestId, params.reason ?? "cancelled by the peer");
    } else if (method === "notifications/progress" && params && isRequestId(params.progressToken)) {
      if (this.pending.progress(params.progressToken, params)) return;
    }
    const notification = { jsonrpc: "2.0" as const, method, ...(params === undefined ? {} : { params }) };
    Promise.resolve(this.handler?.onNotification(notification)).catch(() => {});
  }
}
