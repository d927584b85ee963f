/**
 * The JSON-RPC dispatcher: request ids, the pending-request table, timeouts, progress,
 * cancellation, and inbound routing. It knows nothing of MCP methods beyond the two
 * notifications JSON-RPC-level bookkeeping needs (cancelled and progress).
 */
import { Batches } from "./batch.js";
import { type Deadline, Deadlines } from "./deadlines.js";
import {
  ConnectionClosedError,
  JsonRpcErrorCode as ErrorCode,
  JsonRpcError,
  NoBackChannelError,
  RequestCancelledError,
  RequestTimeoutError,
} from "./errors.js";
import {
  type ClassifiedMessage,
  classifyMessage,
  isRequestId,
  type JsonRpcErrorObject,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type RequestId,
} from "./messages.js";
import {
  asError,
  type CallOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type InboundHandler,
  type InboundRequest,
  type NotifyOptions,
  type Outbound,
  type Params,
  toErrorObject,
  withProgressToken,
} from "./outbound.js";
import { PendingRequests } from "./pending.js";
import {
  MalformedMessageError,
  type MessageExtraInfo,
  MessageTooLargeError,
  SENT,
  type Transport,
  type TransportSendOptions,
} from "./transport.js";
import { wireTracerFromEnvironment } from "./wire-trace.js";

/** The dispatcher's defaults and limits: timeouts, in-flight cap, back-channel, error sink. */
export interface DispatcherOptions {
  /** Default timeout for outbound requests, in ms (60 s). */
  defaultTimeout?: number;
  /** False where the transport cannot carry messages from this side except as answers (stateless HTTP). */
  hasBackChannel?: boolean;
  /** Problems that are nobody's answer: an unknown response id, a handler error after cancellation, ... */
  onError?: (error: Error) => void;
  /**
   * Most inbound requests handled at once on this connection (default 100); past it a request is
   * answered at once with -32003 (TooManyRequests), never dropped.
   */
  maxInFlightRequests?: number;
  /**
   * Longest an inbound request's handler may run, in ms (default: no limit; the server kernel sets
   * 10 minutes). Past it the handler's signal aborts and the request is answered with -32001.
   */
  handlerTimeout?: number;
}

/** Inbound requests one connection handles at once by default. */
export const DEFAULT_MAX_IN_FLIGHT_REQUESTS = 100;

/**
 * An inbound request being handled. Its AbortController is made only if the handler looks at the
 * signal: creating one per request is a measurable share of a busy server's time.
 */
class InFlight implements InboundRequest, Deadline {
  cancelled = false;
  /** When its handler's time is up (see Deadlines). */
  due = 0;
  private reason: unknown;
  private controller: AbortController | undefined;

  constructor(
    readonly request: JsonRpcRequest,
    readonly extra: MessageExtraInfo | undefined,
    /** Called when the handler's time is up (one function per dispatcher, not a closure per request). */
    private readonly timedOut: (flight: InFlight) => void,
  ) {}

  expire(): void {
    this.timedOut(this);
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cancelled) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  cancel(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

export class Dispatcher implements Outbound {
  private nextId = 0;
  private readonly pending: PendingRequests;
  private readonly inFlight = new Map<RequestId, InFlight>();
  /** The handler deadlines of the requests in flight: one timer for all of them. */
  private readonly deadlines = new Deadlines();
  private readonly batches = new Batches();
  private handler: InboundHandler | undefined;
  private closed = false;
  /** The timeout of outbound requests that set none, in ms (default 60 s). */
  readonly defaultTimeout: number;
  /**
   * Whether this side may send messages that answer none of the peer's requests (false on sessionless HTTP).
   */
  readonly hasBackChannel: boolean;
  private readonly onError: (error: Error) => void;
  /** Most inbound requests handled at once (default 100); past it a request is refused with -32003. */
  readonly maxInFlightRequests: number;
  /** Longest an inbound request's handler may run, in ms (default: no limit). */
  readonly handlerTimeout: number;
  /** Whether handlers have a time limit at all. */
  private readonly handlerTimeoutFinite: boolean;
  /** Called once when the transport closes, after every pending request has been rejected. */
  onclose?: () => void;
  /** Every message out goes through here: the transport's send, traced when TYPED_MCP_TRACE is on. */
  private readonly send: (message: JsonRpcMessage, options?: TransportSendOptions) => Promise<void>;

  /**
   * Creates the dispatcher and takes over the transport's `onmessage`, `onerror` and `onclose`. Traces every
   * message to stderr when `TYPED_MCP_TRACE` is set.
   */
  constructor(
    /** The transport the dispatcher drives. */
    readonly transport: Transport,
    options: DispatcherOptions = {},
  ) {
    this.defaultTimeout = options.defaultTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.hasBackChannel = options.hasBackChannel ?? true;
    this.onError = options.onError ?? (() => {});
    this.maxInFlightRequests = options.maxInFlightRequests ?? DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    this.handlerTimeout = options.handlerTimeout ?? Number.POSITIVE_INFINITY;
    this.handlerTimeoutFinite = Number.isFinite(this.handlerTimeout);
    this.pending = new PendingRequests((id, reason) => this.tellCancelled(id, reason), this.onError);
    const tracer = wireTracerFromEnvironment(transport);
    if (tracer) {
      transport.onmessage = (message, extra) => {
        tracer.inbound(message);
        this.receive(message, extra);
      };
      this.send = (message, options) => {
        tracer.outbound(message);
        return transport.send(message, options);
      };
    } else {
      transport.onmessage = (message, extra) => this.receive(message, extra);
      this.send = (message, options) => transport.send(message, options);
    }
    transport.onerror = (error) => this.transportError(error);
    transport.onclose = () => this.transportClosed();
  }

  /** Sets what answers the peer's requests and receives its notifications (replacing any earlier handler). */
  setHandler(handler: InboundHandler): void {
    this.handler = handler;
  }

  /** Starts the transport. */
  async start(): Promise<void> {
    await this.transport.start();
  }

  /**
   * Closes the transport; pending requests reject with ConnectionClosedError and the handlers' signals abort.
   */
  async close(): Promise<void> {
    await this.transport.close();
    // Some transports do not call onclose for a close they were asked for.
    this.transportClosed();
  }

  /** Whether the transport has closed (or `close()` was called). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Number of outbound requests awaiting an answer and of inbound requests being handled (for leak checks). */
  get load(): { pending: number; inFlight: number } {
    return { pending: this.pending.size, inFlight: this.inFlight.size };
  }

  /**
   * Sends a request and resolves with its result. Rejects with the peer's error as a JsonRpcError,
   * RequestTimeoutError after the timeout (and sends `notifications/cancelled`), RequestCancelledError when
   * `signal` aborts, NoBackChannelError where this side cannot reach the peer outside a request,
   * ConnectionClosedError once closed.
   */
  sendRawRequest(method: string, params?: Params, options: CallOptions = {}): Promise<Params> {
    if (this.closed) return Promise.reject(new ConnectionClosedError());
    if (options.relatedRequestId === undefined && !this.hasBackChannel) {
      return Promise.reject(new NoBackChannelError(method));
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new RequestCancelledError(method, signal.reason));
    const id = this.nextId++;
    options.onRequestId?.(id);
    const timeout = options.timeout ?? this.defaultTimeout;
    const message: JsonRpcRequest = { jsonrpc: "2.0", id, method };
    const outboundParams = options.onProgress ? withProgressToken(params, id) : params;
    if (outboundParams !== undefined) message.params = outboundParams;

    return new Promise<Params>((resolve, reject) => {
      this.pending.add(id, method, options, timeout, resolve, reject);
      this.send(message, sendOptions(options)).catch((error: unknown) => {
        this.pending.reject(id, this.closed ? new ConnectionClosedError() : asError(error));
      });
    });
  }

  /**
   * Sends a notification. Throws ConnectionClosedError once closed, NoBackChannelError where it has no
   * channel to travel on.
   */
  async notify(method: string, params?: Params, options: NotifyOptions = {}): Promise<void> {
    if (this.closed) throw new ConnectionClosedError();
    if (options.relatedRequestId === undefined && !this.hasBackChannel) throw new NoBackChannelError(method);
    const message: JsonRpcNotification = { jsonrpc: "2.0", method };
    if (params !== undefined) message.params = params;
    await this.send(message, sendOptions(options));
  }

  /** Tells the peer that a request of ours was given up (timeout or abort). */
  private tellCancelled(id: RequestId, reason: string): void {
    if (this.closed) return;
    this.notify("notifications/cancelled", { requestId: id, reason }, {}).catch((sendError: unknown) =>
      this.onError(asError(sendError)),
    );
  }

  private receive(raw: unknown, extra?: MessageExtraInfo): void {
    if (Array.isArray(raw) && raw.length > 0 && this.handler?.acceptsBatch?.()) {
      // Transports carry an array of answers as they carry one message.
      const send = (answers: JsonRpcResponse[]) => {
        if (!this.closed) this.send(answers as never).catch((error: unknown) => this.onError(asError(error)));
      };
      this.batches.read(raw, (classified) => this.receiveClassified(classified, extra), send);
      return;
    }
    this.receiveClassified(classifyMessage(raw), extra);
  }

  private receiveClassified(classified: ClassifiedMessage, extra?: MessageExtraInfo): void {
    switch (classified.kind) {
      case "request":
        this.receiveRequest(classified.message, extra);
        return;
      case "notification":
        this.receiveNotification(classified.message, extra);
        return;
      case "result": {
        if (!this.pending.resolve(classified.message.id, classified.message.result))
          this.onError(new Error(`a result arrived for unknown request id ${String(classified.message.id)}`));
        return;
      }
      case "error": {
        const { id, error } = classified.message;
        const known =
          id !== null &&
          id !== undefined &&
          this.pending.reject(id, new JsonRpcError(error.code, error.message, error.data));
        if (!known) this.onError(new JsonRpcError(error.code, `peer reported: ${error.message}`, error.data));
        return;
      }
      case "invalid":
        this.sendError(classified.id, {
          code: ErrorCode.InvalidRequest,
          message: `Invalid Request: ${classified.reason}`,
        });
        return;
    }
  }

  /** Sends an answer, unless it belongs to a batch (whose answers go back together as one array). */
  private respond(answer: JsonRpcResponse, options: TransportSendOptions): void {
    if (this.batches.take(answer)) return;
    // A transport whose send throws instead of rejecting must not break the read that led here (answers are
    // often sent synchronously, from inside the transport's onmessage).
    try {
      const sent = this.send(answer, options);
      if (sent !== SENT) sent.catch(this.sendFailed);
    } catch (error) {
      this.sendFailed(error);
    }
  }

  /** Where a failed send of an answer goes (one function, not a closure per answer). */
  private readonly sendFailed = (error: unknown) => this.onError(asError(error));

  private receiveRequest(request: JsonRpcRequest, extra?: MessageExtraInfo): void {
    const { id } = request;
    if (this.inFlight.has(id)) {
      this.sendError(id, {
        code: ErrorCode.InvalidRequest,
        message: `Invalid Request: request id ${JSON.stringify(id)} is already in flight`,
      });
      return;
    }
    const handler = this.handler;
    if (!handler) {
      this.sendError(id, { code: ErrorCode.MethodNotFound, message: `Method not found: ${request.method}` });
      return;
    }
    if (this.inFlight.size >= this.maxInFlightRequests) {
      this.sendError(
        id,
        {
          code: ErrorCode.TooManyRequests,
          message: `Too many requests: ${this.inFlight.size} are already in flight on this connection (the limit is ${this.maxInFlightRequests}); retry once some have been answered`,
        },
        id,
      );
      return;
    }
    const flight = new InFlight(request, extra, this.expireFlight);
    this.inFlight.set(id, flight);
    const started = this.handlerTimeoutFinite ? performance.now() : 0;
    let answer: Params | Promise<Params>;
    try {
      answer = handler.onRequest(flight);
    } catch (error) {
      answer = Promise.reject(error);
    }
    if (typeof (answer as PromiseLike<Params>).then !== "function") {
      // Answered synchronously (the usual case): no deadline to arm, no promise, no extra turn.
      this.answered(id, flight, answer as Params);
      return;
    }
    // The handler keeps its place (and counts against the cap) until it really returns; its deadline counts
    // from when it was called.
    if (this.handlerTimeoutFinite) this.deadlines.add(flight, this.handlerTimeout, started);
    (answer as Promise<Params>).then(
      (result) => this.answered(id, flight, result),
      (error: unknown) => {
        this.finished(id, flight);
        if (flight.cancelled || this.closed) return this.batches.skip(id);
        this.sendError(id, toErrorObject(error), id);
      },
    );
  }

  /** A handler's result: sent, unless the request was cancelled or the connection closed meanwhile. */
  private answered(id: RequestId, flight: InFlight, result: Params): void {
    this.finished(id, flight);
    if (flight.cancelled || this.closed) this.batches.skip(id);
    else this.respond({ jsonrpc: "2.0", id, result }, { relatedRequestId: id });
  }

  private readonly expireFlight = (flight: InFlight) => this.handlerTimedOut(flight);

  private handlerTimedOut(flight: InFlight): void {
    if (flight.cancelled || this.closed) return;
    const { id, method } = flight.request;
    const limit = this.handlerTimeout;
    flight.cancel(new RequestTimeoutError(method, limit));
    this.sendError(
      id,
      {
        code: ErrorCode.RequestTimeout,
        message: `Request timed out: ${method} ran longer than the ${limit} ms its handler may take`,
      },
      id,
    );
  }

  private finished(id: RequestId, flight: InFlight): void {
    this.deadlines.delete(flight);
    if (this.inFlight.get(id) === flight) this.inFlight.delete(id);
  }

  private receiveNotification(notification: JsonRpcNotification, extra?: MessageExtraInfo): void {
    const params = notification.params;
    if (notification.method === "notifications/cancelled" && params && isRequestId(params.requestId)) {
      this.inFlight.get(params.requestId)?.cancel(params.reason ?? "cancelled by the peer");
    } else if (notification.method === "notifications/progress" && params && isRequestId(params.progressToken)) {
      if (this.pending.progress(params.progressToken, params)) return;
    }
    const handler = this.handler;
    if (!handler) return;
    try {
      const done = handler.onNotification(notification, extra);
      if (done) done.catch((error: unknown) => this.onError(asError(error)));
    } catch (error) {
      this.onError(asError(error));
    }
  }

  private sendError(id: RequestId | null, error: JsonRpcErrorObject, relatedRequestId?: RequestId): void {
    if (this.closed) return;
    const options: TransportSendOptions = relatedRequestId === undefined ? {} : { relatedRequestId };
    this.respond({ jsonrpc: "2.0", id, error }, options);
  }

  private transportError(error: Error): void {
    if (error instanceof MalformedMessageError) {
      this.sendError(null, { code: ErrorCode.ParseError, message: "Parse error: the message is not valid JSON" });
      return;
    }
    if (error instanceof MessageTooLargeError) {
      this.sendError(null, { code: ErrorCode.InvalidRequest, message: `Invalid Request: ${error.message}` });
      return;
    }
    this.onError(error);
  }

  private transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    // Made only when somebody is waiting: most connections close with nothing pending.
    if (this.pending.size > 0 || this.inFlight.size > 0) {
      const error = new ConnectionClosedError();
      this.pending.rejectAll(error);
      for (const flight of this.inFlight.values()) flight.cancel(error);
      this.inFlight.clear();
    }
    // Idle, the deadline timers are kept for the next request (unreferenced): a closed connection drops them.
    this.deadlines.clear();
    this.pending.stopTimer();
    this.batches.clear();
    this.onclose?.();
  }
}

function sendOptions(options: CallOptions | NotifyOptions): TransportSendOptions {
  const out: TransportSendOptions = {};
  if (options.relatedRequestId !== undefined) out.relatedRequestId = options.relatedRequestId;
  if ("resumptionToken" in options && options.resumptionToken !== undefined) {
    out.resumptionToken = options.resumptionToken;
  }
  if ("onresumptiontoken" in options && options.onresumptiontoken) out.onresumptiontoken = options.onresumptiontoken;
  if (options.headers) out.headers = options.headers;
  return out;
}
