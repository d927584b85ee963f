/**
 * JSON-RPC's own errors: the base every coded error extends (MCP's included), the standard codes,
 * and what the dispatcher itself reports (closed, timed out, cancelled, no back-channel).
 */

/** The codes JSON-RPC 2.0 defines, and the implementation-defined ones the dispatcher uses. */
export const JsonRpcErrorCode = {
  /** -32700: the message is not valid JSON. */
  ParseError: -32700,
  /** -32600: the message is JSON but not a valid JSON-RPC request. */
  InvalidRequest: -32600,
  /** -32601: the method does not exist (or is not available). */
  MethodNotFound: -32601,
  /** -32602: the params are not valid for the method. */
  InvalidParams: -32602,
  /** -32603: an internal error of the side that answers. */
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
  /** The error's name, `"JsonRpcError"`. */
  override name = "JsonRpcError";
  /** Creates the error with its JSON-RPC code, message and optional `data`. */
  constructor(
    /** The JSON-RPC error code (see `ErrorCode`). */
    readonly code: number,
    message: string,
    /** The error's `data` member, when it has one. */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** The connection closed while a request was waiting for its answer. */
export class ConnectionClosedError extends JsonRpcError {
  /** The error's name, `"ConnectionClosedError"`. */
  override name = "ConnectionClosedError";
  /** Creates the error (code -32000) with a message saying the connection closed first. */
  constructor(message = "the connection closed before the answer arrived") {
    super(JsonRpcErrorCode.ConnectionClosed, message);
  }
}

/** A request got no answer within its timeout; `notifications/cancelled` has been sent for it. */
export class RequestTimeoutError extends JsonRpcError {
  /** The error's name, `"RequestTimeoutError"`. */
  override name = "RequestTimeoutError";
  /** Creates the error (code -32001) for a request that got no answer in time. */
  constructor(
    /** The method of the request that timed out. */
    readonly method: string,
    /** The timeout that passed, in ms. */
    readonly timeoutMs: number,
  ) {
    super(JsonRpcErrorCode.RequestTimeout, `${method} got no answer within ${timeoutMs} ms`, { method, timeoutMs });
  }
}

/** The caller aborted a request; `notifications/cancelled` has been sent for it. */
export class RequestCancelledError extends JsonRpcError {
  /** The error's name, `"RequestCancelledError"`. */
  override name = "RequestCancelledError";
  /** Creates the error (code -32002) for a request the caller aborted. */
  constructor(
    /** The method of the request that was aborted. */
    readonly method: string,
    /** The abort signal's reason, when it had one. */
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
  /** The error's name, `"NoBackChannelError"`. */
  override name = "NoBackChannelError";
  /**
   * Creates the error (code -32603) for `method`, which had no channel to travel on.
   * @param method - The method of the request or notification that could not be sent.
   */
  constructor(readonly method: string) {
    super(JsonRpcErrorCode.InternalError, `cannot send ${method}: this connection has no channel back to the client`, {
      method,
    });
  }
}
