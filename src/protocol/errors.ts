/**
 * MCP's error codes and its typed errors. Every error here extends the JSON-RPC error base, so it
 * carries the code it maps to on the wire; the dispatcher's own errors (closed, timeout,
 * cancelled) and the transports' errors live with them.
 */
import { JsonRpcError, JsonRpcErrorCode } from "../jsonrpc/errors.js";

// The dispatcher's own errors belong to the same vocabulary: every coded error has one home to import from.
export {
  ConnectionClosedError,
  JsonRpcError,
  JsonRpcErrorCode,
  NoBackChannelError,
  RequestCancelledError,
  RequestTimeoutError,
} from "../jsonrpc/errors.js";

/** Every JSON-RPC code typed-mcp sends or reports: JSON-RPC's own, then MCP's. */
export const ErrorCode = {
  ...JsonRpcErrorCode,
  /** resources/read of a URI that names no resource. */
  ResourceNotFound: -32002,
  /** 2026-07-28: an HTTP header disagrees with the body. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request needs a client capability the client did not declare. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: the protocol version the request names is not supported. */
  UnsupportedProtocolVersion: -32022,
} as const;

/** One of the codes in `ErrorCode`. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * An error with a JSON-RPC code, sent to or received from the peer as `{ code, message, data }`.
 * `instanceof McpError` holds for every such error, the dispatcher's own (ConnectionClosedError,
 * RequestTimeoutError, ...) included.
 */
export class McpError extends JsonRpcError {
  /** The error's name, `"McpError"`. */
  override name = "McpError";

  /**
   * `value instanceof McpError` holds for every error with a JSON-RPC code (any `JsonRpcError`); for a
   * subclass the ordinary prototype check applies.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Only McpError itself is the umbrella; its subclasses inherit this method and keep the ordinary check.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was made against
    if (this === McpError) return value instanceof JsonRpcError;
    // biome-ignore lint/complexity/noThisInStatic: as above
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** A protocol version string this build has no schema for. */
export class UnsupportedProtocolVersionError extends McpError {
  /** The error's name, `"UnsupportedProtocolVersionError"`. */
  override name = "UnsupportedProtocolVersionError";
  /**
   * Creates the error (code -32602, invalid params) for the version asked for and the versions this build
   * supports.
   */
  constructor(
    /** The protocol version that was asked for. */
    readonly protocolVersion: string,
    /** The protocol versions this build supports. */
    readonly supported: readonly string[],
  ) {
    super(
      ErrorCode.InvalidParams,
      `unsupported protocol version ${JSON.stringify(protocolVersion)}; supported: ${supported.join(", ")}`,
      { requested: protocolVersion, supported: [...supported] },
    );
  }
}

/** Which side sends a method and whether it is answered: the four method tables of a version. */
export type MethodDirection = "clientRequests" | "serverRequests" | "clientNotifications" | "serverNotifications";

const DIRECTION_WORDS: Record<MethodDirection, string> = {
  clientRequests: "client requests",
  serverRequests: "server requests",
  clientNotifications: "client notifications",
  serverNotifications: "server notifications",
};

/** A method the negotiated protocol version does not define in that direction (e.g. elicitation/create in 2025-03-26). */
export class MethodNotInVersionError extends McpError {
  /** The error's name, `"MethodNotInVersionError"`. */
  override name = "MethodNotInVersionError";
  /**
   * Creates the error (code -32601, method not found) for a method the version does not define in that
   * direction.
   */
  constructor(
    /** The method that was sent or received. */
    readonly method: string,
    /** The negotiated protocol version. */
    readonly protocolVersion: string,
    /** The direction the method was looked up in (`clientRequests`, `serverNotifications`, ...). */
    readonly direction: MethodDirection,
  ) {
    super(
      ErrorCode.MethodNotFound,
      `${JSON.stringify(method)} is not one of the ${DIRECTION_WORDS[direction]} of protocol version ${protocolVersion}`,
      { method, protocolVersion },
    );
  }
}

/** One failing place in a value: a JSON pointer into the value ("" is the value itself) and what is wrong there. */
export interface SchemaIssue {
  /** A JSON pointer to the failing place in the value (`""` is the value itself). */
  path: string;
  /** What is wrong there. */
  message: string;
  /** The JSON Schema keyword that failed (type, required, const, ...). */
  keyword: string;
}

/** A value that does not match its schema in the given protocol version; lists every failing path. */
export class SchemaViolationError extends McpError {
  /** The error's name, `"SchemaViolationError"`. */
  override name = "SchemaViolationError";
  /**
   * Creates the error (code -32602, invalid params); the message lists every issue, one per line, and `data`
   * carries them.
   */
  constructor(
    /**
     * What was checked (`"tools/call result"`, an extension method's `"... params"`, ...), as the message
     * names it.
     */
    readonly subject: string,
    /** The protocol version whose schema the value was checked against. */
    readonly protocolVersion: string,
    /** Every failing place in the value. */
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
  /** The error's name, `"ValidatorsUnavailableError"`. */
  override name = "ValidatorsUnavailableError";
  /**
   * Creates the error (code -32603, internal error) for a version whose validators failed to load with
   * `cause`; the message says to `await loadProtocolVersion(version)` first.
   */
  constructor(
    /** The protocol version whose validators could not be loaded. */
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

/** The negotiated version or the peer's declared capabilities do not allow a message. */
export class CapabilityNotSupportedError extends McpError {
  /** The error's name, `"CapabilityNotSupportedError"`. */
  override name = "CapabilityNotSupportedError";
  /** Creates the error (code -32601, method not found) for a method the peer's capabilities do not allow. */
  constructor(
    /** The method that could not be sent. */
    readonly method: string,
    /** The capability the peer did not declare (`"sampling"`, `"elicitation"`, ...). */
    readonly capability: string,
  ) {
    super(ErrorCode.MethodNotFound, `cannot send ${method}: the peer did not declare the ${capability} capability`, {
      method,
      capability,
    });
  }
}
