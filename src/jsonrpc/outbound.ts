/**
 * What the two ends of the dispatcher look like to the code above it: `Outbound` for sending
 * (requests and notifications, with their call options), `InboundHandler` for receiving.
 */
import { JsonRpcError, JsonRpcErrorCode } from "./errors.js";
import type { JsonRpcErrorObject, JsonRpcNotification, JsonRpcRequest, RequestId } from "./messages.js";
import type { MessageExtraInfo } from "./transport.js";

/** A request's or notification's params, or a result: a JSON object. */
export type Params = Record<string, unknown>;
/** The token that ties progress notifications to the request that asked for them. */
export type ProgressToken = string | number;

/** One progress report for a request: how far, of how much, and a message. */
export interface Progress {
  /** How far along: increases with every report. */
  progress: number;
  /** The total `progress` will reach, when known. */
  total?: number;
  /** A human-readable note on the progress. */
  message?: string;
}

/** Options of one outgoing request: timeout, cancellation, progress, and the channel it travels on. */
export interface CallOptions {
  /** Milliseconds to wait for the answer (default: the dispatcher's, 60 s). */
  timeout?: number;
  /** Restart the timeout whenever progress arrives for this request. */
  resetTimeoutOnProgress?: boolean;
  /** With resetTimeoutOnProgress: the most the request may take in all, progress or not. */
  maxTotalTimeout?: number;
  /** Aborts the request: it rejects with RequestCancelledError and `notifications/cancelled` is sent. */
  signal?: AbortSignal;
  /** Asks the peer for progress (sets `_meta.progressToken`) and receives it. */
  onProgress?: (progress: Progress) => void;
  /** The inbound request this one belongs to (request-scoped channel). */
  relatedRequestId?: RequestId;
  /**
   * Where a transport supports resumption (Streamable HTTP with an event store), the token to resume the
   * request's stream from.
   */
  resumptionToken?: string;
  /** Receives each new resumption token of the request's stream, to resume it after a disconnect. */
  onresumptiontoken?: (token: string) => void;
  /** Extra headers, for transports that carry them. */
  headers?: Record<string, string>;
  /** Told the request's JSON-RPC id as soon as it is assigned (before anything is sent). */
  onRequestId?: (id: RequestId) => void;
}

/** Options of one outgoing notification: the channel it travels on. */
export interface NotifyOptions {
  /**
   * The inbound request this notification belongs to: it travels on that request's channel (its SSE stream on
   * HTTP).
   */
  relatedRequestId?: RequestId;
  /** Extra headers, for transports that carry them. */
  headers?: Record<string, string>;
}

/** Somewhere to send requests and notifications: the connection itself, or one inbound request's channel. */
export interface Outbound {
  /** Sends a request and resolves with its raw result (see `Dispatcher.sendRawRequest` for the errors). */
  sendRawRequest(method: string, params?: Params, options?: CallOptions): Promise<Params>;
  /** Sends a notification. */
  notify(method: string, params?: Params, options?: NotifyOptions): Promise<void>;
}

/** What the dispatcher knows about one inbound request while its handler runs. */
export interface InboundRequest {
  /** The request as received. */
  request: JsonRpcRequest;
  /** Aborted when the peer cancels the request or the connection closes (made on first use). */
  readonly signal: AbortSignal;
  /** What the transport knows about the request (HTTP headers, the authenticated principal, ...). */
  extra?: MessageExtraInfo;
}

/** What the dispatcher hands incoming requests and notifications to. */
export interface InboundHandler {
  /**
   * Answers a request, with its result or a promise of it (a result answers at once, with no extra turn); a
   * thrown JsonRpcError (McpError) keeps its code, anything else becomes -32603.
   */
  onRequest(inbound: InboundRequest): Params | Promise<Params>;
  /** Receives a notification; an error thrown (or rejected) goes to the dispatcher's `onError`. */
  onNotification(notification: JsonRpcNotification, extra?: MessageExtraInfo): void | Promise<void>;
  /** Whether a JSON-RPC batch (an array of messages) is taken now; refused with -32600 when absent or false. */
  acceptsBatch?(): boolean;
}

/** How long an outbound request waits for its answer by default (60 s). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** How a handler's failure goes on the wire: a JsonRpcError keeps its code; anything else is -32603. */
export function toErrorObject(error: unknown): JsonRpcErrorObject {
  if (error instanceof JsonRpcError) {
    const object: JsonRpcErrorObject = { code: error.code, message: error.message };
    if (error.data !== undefined) object.data = error.data;
    return object;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: JsonRpcErrorCode.InternalError, message: `Internal error: ${message}` };
}

/** Params with `_meta.progressToken` set, asking the peer for progress on this request. */
export function withProgressToken(params: Params | undefined, token: ProgressToken): Params {
  return { ...params, _meta: { ...(params?._meta as Params | undefined), progressToken: token } };
}

/** A `notifications/progress` params object as the caller's Progress. */
export function progressOf(params: Params): Progress {
  const progress: Progress = { progress: Number(params.progress) };
  if (typeof params.total === "number") progress.total = params.total;
  if (typeof params.message === "string") progress.message = params.message;
  return progress;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
