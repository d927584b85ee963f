/** Stateless-lifecycle request metadata headers, checked against the body they mirror. */

import type { JsonRpcRequest } from "../../jsonrpc/messages.js";
import { decodeHeaderValue, mirroredNameField } from "../../protocol/mcp-headers.js";
import type { ConnectsTransports } from "./connects-transports.js";

/** What disagrees, or undefined; the server's own headers (`Mcp-Param-*`) are its to check. */
export function checkStatelessHeaders(
  headers: Headers,
  message: JsonRpcRequest,
  envelopeVersion: unknown,
  server: ConnectsTransports,
): string | undefined {
  const version = headers.get("mcp-protocol-version");
  if (version === null) return "the MCP-Protocol-Version header is required";
  if (typeof envelopeVersion === "string" && version !== envelopeVersion) {
    return `MCP-Protocol-Version ${version} but the request names ${envelopeVersion}`;
  }
  const method = headers.get("mcp-method");
  if (method === null) return "the Mcp-Method header is required";
  if (method !== message.method)
    return `Mcp-Method header value '${method}' does not match body value '${message.method}'`;
  const nameField = mirroredNameField(message.method);
  if (nameField) {
    const bodyValue = message.params?.[nameField];
    const raw = headers.get("mcp-name");
    if (raw === null) return `the Mcp-Name header is required for ${message.method}`;
    const decoded = decodeHeaderValue(raw);
    if (decoded === undefined) return `the Mcp-Name header value '${raw}' is malformed`;
    if (decoded !== bodyValue) {
      return `Mcp-Name header value '${decoded}' does not match body value '${String(bodyValue)}'`;
    }
  }
  return server.checkRequestHeaders?.(message, headers);
}
