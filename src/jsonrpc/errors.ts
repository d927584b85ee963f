/**
 * JSON-RPC's own errors: the base every coded error extends (MCP's included), the standard codes,
 * and what the dispatcher itself reports (closed, timed out, cancelled, no back-channel).
 */

/** The codes JSON-RPC 2.0 defines, and the implementation-defined ones the dispatcher uses. */
export const JsonRpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** The connection closed while a request was pending (as the official SDK). */
  ConnectionClosed: -32000,
  /** A request timed out (as the official SDK). */
  RequestTimeout: -32001,
  /**
   * The caller aborted a request. Never sent to the peer by the dispatcher; note that MCP uses the
   * same number for "resource not found" (see the protocol's ErrorCode.ResourceNotFound).
   */
  RequestCancelled: -32002,
  /** The connection already has as many requests in flight as it allows. */
  TooManyRequests: -32003,
} as const;

/** An error with a JSON-RPC code, sent to or received from the peer as `{ code, message, data }`. */
export class JsonRpcError extends Error {
  override name = "JsonRpcError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** The connection closed while a request was waiting for its answer. */
export class ConnectionClosedError extends JsonRpcError {
  override name = "ConnectionClosedError";
  constructor(message = "the connection closed before the answer arrived") {
    super(JsonRpcErrorCode.ConnectionClosed, message);
  }
}

/** A request got no answer within its timeout; `notifications/cancelled` has been sent for it. */
export class RequestTimeoutError extends JsonRpcError {
  override name = "RequestTimeoutError";
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(JsonRpcErrorCode.RequestTimeout, `${method} got no answer within ${timeoutMs} ms`, { method, timeoutMs });
  }
}

/** The caller aborted a request; `notifications/cancelled` has been sent for it. */
export class RequestCancelledError extends JsonRpcError {
  override name = "RequestCancelledError";
  constructor(
    readonly method: string,
    readonly reason?: unknown,
  ) {
    super(
      JsonRpcErrorCode.RequestCancelled,
      `${method} was cancelled${reason === undefined ? "" : `: ${String(reason)}`}`,
    );
  }
}

/**
 * A message from this side has no channel to travel on (a transport that only carries answers, or
 * a request whose stream has closed). Thrown at once, never a silent drop or a wait until timeout.
 */
export class NoBackChannelError extends JsonRpcError {
  override name = "NoBackChannelError";
  constructor(readonly method: string) {
    super(JsonRpcErrorCode.InternalError, `cannot send ${method}: this connection has no channel back to the client`, {
      method,
    });
  }
}
