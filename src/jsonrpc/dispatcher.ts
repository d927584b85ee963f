/**
 * The JSON-RPC dispatcher: request ids, the pending-request table, timeouts, progress,
 * cancellation, and inbound routing. It knows nothing of MCP methods beyond the two
 * notifications JSON-RPC-level bookkeeping needs (cancelled and progress).
 */
import {
  ConnectionClosedError,
  ErrorCode,
  McpError,
  NoBackChannelError,
  RequestCancelledError,
  RequestTimeoutError,
} from "../errors.js";
import type { MessageExtraInfo, Transport, TransportSendOptions } from "../transport/transport.js";
import { MalformedMessageError, MessageTooLargeError } from "../transport/transport.js";
import {
  classifyMessage,
  isRequestId,
  type JsonRpcErrorObject,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type RequestId,
} from "./messages.js";

export type Params = Record<string, unknown>;
export type ProgressToken = string | number;

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

export interface CallOptions {
  /** Milliseconds to wait for the answer (default: the dispatcher's, 60 s). */
  timeout?: number;
  /** Restart the timeout whenever progress arrives for this request. */
  resetTimeoutOnProgress?: boolean;
  /** With resetTimeoutOnProgress: the most the request may take in all, progress or not. */
  maxTotalTimeout?: number;
  signal?: AbortSignal;
  /** Asks the peer for progress (sets `_meta.progressToken`) and receives it. */
  onProgress?: (progress: Progress) => void;
  /** The inbound request this one belongs to (request-scoped channel). */
  relatedRequestId?: RequestId;
  resumptionToken?: string;
  onresumptiontoken?: (token: string) => void;
  /** Extra headers, for transports that carry them. */
  headers?: Record<string, string>;
  /** Told the request's JSON-RPC id as soon as it is assigned (before anything is sent). */
  onRequestId?: (id: RequestId) => void;
}

export interface NotifyOptions {
  relatedRequestId?: RequestId;
  headers?: Record<string, string>;
}

/** Somewhere to send requests and notifications: the connection itself, or one inbound request's channel. */
export interface Outbound {
  sendRawRequest(method: string, params?: Params, options?: CallOptions): Promise<Params>;
  notify(method: string, params?: Params, options?: NotifyOptions): Promise<void>;
}

/** What the dispatcher knows about one inbound request while its handler runs. */
export interface InboundRequest {
  request: JsonRpcRequest;
  /** Aborted when the peer cancels the request or the connection closes (made on first use). */
  readonly signal: AbortSignal;
  extra?: MessageExtraInfo;
}

export interface InboundHandler {
  /** Answers a request; a thrown McpError keeps its code, anything else becomes -32603. */
  onRequest(inbound: InboundRequest): Promise<Params>;
  onNotification(notification: JsonRpcNotification, extra?: MessageExtraInfo): void | Promise<void>;
}

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

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_IN_FLIGHT_REQUESTS = 100;

interface PendingRequest {
  method: string;
  resolve: (result: Params) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: Progress) => void;
  timer?: ReturnType<typeof setTimeout>;
  timeout: number;
  startedAt: number;
  resetTimeoutOnProgress: boolean;
  maxTotalTimeout: number;
  cleanup: () => void;
}

/**
 * An inbound request being handled. Its AbortController is made only if the handler looks at the
 * signal: creating one per request is a measurable share of a busy server's time.
 */
class InFlight {
  cancelled = false;
  timer: ReturnType<typeof setTimeout> | undefined;
  private reason: unknown;
  private controller: AbortController | undefined;

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
  private readonly pending = new Map<RequestId, PendingRequest>();
  private readonly inFlight = new Map<RequestId, InFlight>();
  private handler: InboundHandler | undefined;
  private closed = false;
  readonly defaultTimeout: number;
  readonly hasBackChannel: boolean;
  private readonly onError: (error: Error) => void;
  readonly maxInFlightRequests: number;
  readonly handlerTimeout: number;
  /** Called once when the transport closes, after every pending request has been rejected. */
  onclose?: () => void;

  constructor(
    readonly transport: Transport,
    options: DispatcherOptions = {},
  ) {
    this.defaultTimeout = options.defaultTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.hasBackChannel = options.hasBackChannel ?? true;
    this.onError = options.onError ?? (() => {});
    this.maxInFlightRequests = options.maxInFlightRequests ?? DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    this.handlerTimeout = options.handlerTimeout ?? Number.POSITIVE_INFINITY;
    transport.onmessage = (message, extra) => this.receive(message, extra);
    transport.onerror = (error) => this.transportError(error);
    transport.onclose = () => this.transportClosed();
  }

  setHandler(handler: InboundHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    await this.transport.start();
  }

  async close(): Promise<void> {
    await this.transport.close();
    // Some transports do not call onclose for a close they were asked for.
    this.transportClosed();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Number of outbound requests awaiting an answer and of inbound requests being handled (for leak checks). */
  get load(): { pending: number; inFlight: number } {
    return { pending: this.pending.size, inFlight: this.inFlight.size };
  }

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
    let outboundParams = params;
    if (options.onProgress) {
      outboundParams = { ...params, _meta: { ...(params?._meta as Params | undefined), progressToken: id } };
    }
    const message: JsonRpcRequest = { jsonrpc: "2.0", id, method };
    if (outboundParams !== undefined) message.params = outboundParams;

    return new Promise<Params>((resolve, reject) => {
      const onAbort = () => this.cancelPending(id, new RequestCancelledError(method, signal?.reason));
      const entry: PendingRequest = {
        method,
        resolve,
        reject,
        onProgress: options.onProgress,
        timeout,
        startedAt: Date.now(),
        resetTimeoutOnProgress: options.resetTimeoutOnProgress ?? false,
        maxTotalTimeout: options.maxTotalTimeout ?? Number.POSITIVE_INFINITY,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      this.pending.set(id, entry);
      this.armTimer(id, entry, timeout);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.transport.send(message, sendOptions(options)).catch((error: unknown) => {
        const pending = this.takePending(id);
        pending?.reject(this.closed ? new ConnectionClosedError() : asError(error));
      });
    });
  }

  async notify(method: string, params?: Params, options: NotifyOptions = {}): Promise<void> {
    if (this.closed) throw new ConnectionClosedError();
    if (options.relatedRequestId === undefined && !this.hasBackChannel) throw new NoBackChannelError(method);
    const message: JsonRpcNotification = { jsonrpc: "2.0", method };
    if (params !== undefined) message.params = params;
    await this.transport.send(message, sendOptions(options));
  }

  private armTimer(id: RequestId, entry: PendingRequest, ms: number): void {
    if (entry.timer) clearTimeout(entry.timer);
    if (!Number.isFinite(ms)) return;
    entry.timer = setTimeout(() => this.cancelPending(id, new RequestTimeoutError(entry.method, entry.timeout)), ms);
  }

  private takePending(id: RequestId): PendingRequest | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    entry.cleanup();
    return entry;
  }

  /** Gives up on an outbound request: tells the peer (notifications/cancelled) and rejects the caller. */
  private cancelPending(id: RequestId, error: McpError): void {
    const entry = this.takePending(id);
    if (!entry) return;
    entry.reject(error);
    if (this.closed) return;
    const reason = error instanceof RequestTimeoutError ? "timeout" : error.message;
    this.notify("notifications/cancelled", { requestId: id, reason }, {}).catch((sendError: unknown) =>
      this.onError(asError(sendError)),
    );
  }

  private receive(raw: unknown, extra?: MessageExtraInfo): void {
    const classified = classifyMessage(raw);
    switch (classified.kind) {
      case "request":
        this.receiveRequest(classified.message, extra);
        return;
      case "notification":
        this.receiveNotification(classified.message, extra);
        return;
      case "result": {
        const entry = this.takePending(classified.message.id);
        if (entry) entry.resolve(classified.message.result);
        else this.onError(new Error(`a result arrived for unknown request id ${String(classified.message.id)}`));
        return;
      }
      case "error": {
        const { id, error } = classified.message;
        const entry = id === null || id === undefined ? undefined : this.takePending(id);
        if (entry) entry.reject(new McpError(error.code, error.message, error.data));
        else this.onError(new McpError(error.code, `peer reported: ${error.message}`, error.data));
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
    const flight = new InFlight();
    this.inFlight.set(id, flight);
    if (Number.isFinite(this.handlerTimeout)) {
      // The handler keeps its place (and counts against the cap) until it really returns.
      flight.timer = setTimeout(() => {
        if (flight.cancelled || this.closed) return;
        const limit = this.handlerTimeout;
        flight.cancel(new RequestTimeoutError(request.method, limit));
        this.sendError(
          id,
          {
            code: ErrorCode.RequestTimeout,
            message: `Request timed out: ${request.method} ran longer than the ${limit} ms its handler may take`,
          },
          id,
        );
      }, this.handlerTimeout);
    }
    let answer: Promise<Params>;
    try {
      answer = handler.onRequest({
        request,
        extra,
        get signal() {
          return flight.signal;
        },
      });
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (result) => {
        this.finished(id, flight);
        if (flight.cancelled || this.closed) return;
        this.transport
          .send({ jsonrpc: "2.0", id, result }, { relatedRequestId: id })
          .catch((error: unknown) => this.onError(asError(error)));
      },
      (error: unknown) => {
        this.finished(id, flight);
        if (flight.cancelled || this.closed) return;
        this.sendError(id, toErrorObject(error), id);
      },
    );
  }

  private finished(id: RequestId, flight: InFlight): void {
    clearTimeout(flight.timer);
    if (this.inFlight.get(id) === flight) this.inFlight.delete(id);
  }

  private receiveNotification(notification: JsonRpcNotification, extra?: MessageExtraInfo): void {
    const params = notification.params;
    if (notification.method === "notifications/cancelled" && params && isRequestId(params.requestId)) {
      this.inFlight.get(params.requestId)?.cancel(params.reason ?? "cancelled by the peer");
    } else if (notification.method === "notifications/progress" && params && isRequestId(params.progressToken)) {
      const entry = this.pending.get(params.progressToken);
      if (entry?.onProgress) {
        this.progressArrived(params.progressToken, entry, params);
        return;
      }
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

  private progressArrived(id: RequestId, entry: PendingRequest, params: Params): void {
    if (entry.resetTimeoutOnProgress) {
      const elapsed = Date.now() - entry.startedAt;
      if (elapsed >= entry.maxTotalTimeout) {
        this.cancelPending(id, new RequestTimeoutError(entry.method, entry.maxTotalTimeout));
        return;
      }
      this.armTimer(id, entry, Math.min(entry.timeout, entry.maxTotalTimeout - elapsed));
    }
    const progress: Progress = { progress: Number(params.progress) };
    if (typeof params.total === "number") progress.total = params.total;
    if (typeof params.message === "string") progress.message = params.message;
    try {
      entry.onProgress?.(progress);
    } catch (error) {
      this.onError(asError(error));
    }
  }

  private sendError(id: RequestId | null, error: JsonRpcErrorObject, relatedRequestId?: RequestId): void {
    if (this.closed) return;
    const options: TransportSendOptions = relatedRequestId === undefined ? {} : { relatedRequestId };
    this.transport
      .send({ jsonrpc: "2.0", id, error }, options)
      .catch((sendError: unknown) => this.onError(asError(sendError)));
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
      for (const id of [...this.pending.keys()]) this.takePending(id)?.reject(error);
      for (const flight of this.inFlight.values()) {
        clearTimeout(flight.timer);
        flight.cancel(error);
      }
      this.inFlight.clear();
    }
    this.onclose?.();
  }
}

function sendOptions(options: CallOptions | NotifyOptions): TransportSendOptions {
  const out: TransportSendOptions & { headers?: Record<string, string> } = {};
  if (options.relatedRequestId !== undefined) out.relatedRequestId = options.relatedRequestId;
  if ("resumptionToken" in options && options.resumptionToken !== undefined) {
    out.resumptionToken = options.resumptionToken;
  }
  if ("onresumptiontoken" in options && options.onresumptiontoken) out.onresumptiontoken = options.onresumptiontoken;
  if (options.headers) out.headers = options.headers;
  return out;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** How a handler's failure goes on the wire: an McpError keeps its code; anything else is -32603. */
export function toErrorObject(error: unknown): JsonRpcErrorObject {
  if (error instanceof McpError) {
    const object: JsonRpcErrorObject = { code: error.code, message: error.message };
    if (error.data !== undefined) object.data = error.data;
    return object;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: ErrorCode.InternalError, message: `Internal error: ${message}` };
}

export type { JsonRpcMessage };
