/** How the stateless lifecycle's errors are answered over HTTP: a status for each, the body says the rest. */

import type { RequestId } from "../../jsonrpc/messages.js";
import { ErrorCode } from "../../protocol/errors.js";
import { JSON_HEADERS } from "../../transport/streamable-http/json-response.js";

export function httpStatusOf(code: number): number {
  if (code === ErrorCode.MethodNotFound) return 404;
  if (
    code === ErrorCode.InvalidParams ||
    code === ErrorCode.InvalidRequest ||
    code === ErrorCode.ParseError ||
    code === ErrorCode.HeaderMismatch ||
    code === ErrorCode.MissingRequiredClientCapability ||
    code === ErrorCode.UnsupportedProtocolVersion
  ) {
    return 400;
  }
  return 200;
}

/** A version nobody here speaks: say which ones are, so the client can pick (the spec's -32022). */
export function unsupportedVersion(id: RequestId, requested: string, served: readonly string[]): Response {
  const supported = [...served];
  return new Response(
    JSON.stringify({
      jsonrpc: "2.0",
      id,
      error: {
        code: ErrorCode.UnsupportedProtocolVersion,
        message: `Unsupported protocol version: ${requested}`,
        data: { requested, supported },
      },
    }),
    { status: 400, headers: JSON_HEADERS },
  );
}
