/** Every error typed-mcp throws is one of these; each carries the JSON-RPC code it maps to on the wire. */

export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** 2026-07-28: an HTTP header disagrees with the body. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request needs a client capability the client did not declare. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: the protocol version the request names is not supported. */
  UnsupportedProtocolVersion: -32022,
  /** typed-mcp (as the official SDK): the connection closed while a request was pending. */
  ConnectionClosed: -32000,
  /** typed-mcp (as the official SDK): a request timed out. */
  RequestTimeout: -32001,
  /** typed-mcp: the caller aborted a request. */
  RequestCancelled: -32002,
  /** typed-mcp: the connection already has as many requests in flight as it allows. */
  TooManyRequests: -32003,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error with a JSON-RPC code, sent to or received from the peer as `{ code, message, data }`. */
export class McpError extends Error {
  override name = "McpError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** A protocol version string this build has no schema for. */
export class UnsupportedProtocolVersionError extends McpError {
  override name = "UnsupportedProtocolVersionError";
  constructor(
    readonly protocolVersion: string,
    readonly supported: readonly string[],
  ) {
    super(
      ErrorCode.InvalidParams,
      `unsupported protocol version ${JSON.stringify(protocolVersion)}; supported: ${supported.join(", ")}`,
      { requested: protocolVersion, supported: [...supported] },
    );
  }
}

export type MethodDirection = "clientRequests" | "serverRequests" | "clientNotifications" | "serverNotifications";

/** A method the negotiated protocol version does not define in that direction (e.g. elicitation/create in 2025-03-26). */
export class MethodNotInVersionError extends McpError {
  override name = "MethodNotInVersionError";
  constructor(
    readonly method: string,
    readonly protocolVersion: string,
    readonly direction: MethodDirection,
  ) {
    super(
      ErrorCode.MethodNotFound,
      `${JSON.stringify(method)} is not one of the ${describeDirection(direction)} of protocol version ${protocolVersion}`,
      { method, protocolVersion },
    );
  }
}

function describeDirection(direction: MethodDirection): string {
  switch (direction) {
    case "clientRequests":
      return "client requests";
    case "serverRequests":
      return "server requests";
    case "clientNotifications":
      return "client notifications";
    case "serverNotifications":
      return "server notifications";
  }
}

/** One failing place in a value: a JSON pointer into the value ("" is the value itself) and what is wrong there. */
export interface SchemaIssue {
  path: string;
  message: string;
  /** The JSON Schema keyword that failed (type, required, const, ...). */
  keyword: string;
}

/** A value that does not match its schema in the given protocol version; lists every failing path. */
export class SchemaViolationError extends McpError {
  override name = "SchemaViolationError";
  constructor(
    readonly subject: string,
    readonly protocolVersion: string,
    readonly issues: readonly SchemaIssue[],
  ) {
    super(
      ErrorCode.InvalidParams,
      `invalid ${subject} for protocol version ${protocolVersion}:\n${issues
        .map((issue) => `  ${issue.path || "(root)"}: ${issue.message}`)
        .join("\n")}`,
      { subject, protocolVersion, issues },
    );
  }
}

/** The generated validators of a version could not be loaded in this runtime. */
export class ValidatorsUnavailableError extends McpError {
  override name = "ValidatorsUnavailableError";
  constructor(
    readonly protocolVersion: string,
    cause: unknown,
  ) {
    super(
      ErrorCode.InternalError,
      `the validators for protocol version ${protocolVersion} could not be loaded (${String((cause as Error)?.message ?? cause)}); ` +
        "call `await loadProtocolVersion(version)` first in runtimes without synchronous module loading",
    );
  }
}

/** The connection closed while a request was waiting for its answer. */
export class ConnectionClosedError extends McpError {
  override name = "ConnectionClosedError";
  constructor(message = "the connection closed before the answer arrived") {
    super(ErrorCode.ConnectionClosed, message);
  }
}

/** A request got no answer within its timeout; `notifications/cancelled` has been sent for it. */
export class RequestTimeoutError extends McpError {
  override name = "RequestTimeoutError";
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(ErrorCode.RequestTimeout, `${method} got no answer within ${timeoutMs} ms`, { method, timeoutMs });
  }
}

/** The caller aborted a request; `notifications/cancelled` has been sent for it. */
export class RequestCancelledError extends McpError {
  override name = "RequestCancelledError";
  constructor(
    readonly method: string,
    readonly reason?: unknown,
  ) {
    super(ErrorCode.RequestCancelled, `${method} was cancelled${reason === undefined ? "" : `: ${String(reason)}`}`);
  }
}

/**
 * A server-to-client message has no channel to travel on (stateless HTTP, 2026-07-28, or after
 * the request's stream closed). Thrown at once, never a silent drop or a wait until timeout.
 */
export class NoBackChannelError extends McpError {
  override name = "NoBackChannelError";
  constructor(readonly method: string) {
    super(ErrorCode.InternalError, `cannot send ${method}: this connection has no channel back to the client`, {
      method,
    });
  }
}

/** The negotiated version or the peer's declared capabilities do not allow a message. */
export class CapabilityNotSupportedError extends McpError {
  override name = "CapabilityNotSupportedError";
  constructor(
    readonly method: string,
    readonly capability: string,
  ) {
    super(ErrorCode.MethodNotFound, `cannot send ${method}: the peer did not declare the ${capability} capability`, {
      method,
      capability,
    });
  }
}
