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
