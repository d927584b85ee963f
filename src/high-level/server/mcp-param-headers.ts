/**
 * Stateless-lifecycle Streamable HTTP: a tool's arguments marked `x-mcp-header` travel in `Mcp-Param-{name}`
 * headers too, so that intermediaries can route on them without reading the body. A header that
 * disagrees with the body would let the two be read differently, so the request is refused.
 */

import { decodeHeaderValue, headerMatches, type MirroredParam, mirroredValue } from "../../protocol/mcp-headers.js";

/**
 * Every mirrored argument that has a value must come with a matching header (Base64 sentinel
 * decoded, integers compared as numbers). Returns a message describing the first disagreement.
 */
export function checkMcpParamHeaders(
  mirrored: readonly MirroredParam[],
  args: unknown,
  headers: Headers,
): string | undefined {
  for (const param of mirrored) {
    const value = mirroredValue(args, param);
    if (value === undefined) continue;
    const raw = headers.get(`mcp-param-${param.name}`);
    if (raw === null)
      return `the Mcp-Param-${param.name} header is required (arguments.${param.path.join(".")} has a value)`;
    const text = decodeHeaderValue(raw);
    if (text === undefined) return `the Mcp-Param-${param.name} header value is malformed`;
    if (!headerMatches(text, value, param.type)) {
      return `Mcp-Param-${param.name} header value '${text}' does not match body value '${String(value)}'`;
    }
  }
  return undefined;
}
