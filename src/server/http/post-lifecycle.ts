/** Which lifecycle a POST belongs to, from its envelope and headers. */

import { isStatefulProtocolVersion, isStatelessProtocolVersion } from "../../protocol/versions.js";

/**
 * The stateless lifecycle: the request names its version in its envelope, or the
 * header names a version without a handshake and no session is presented. Sessions play no part.
 */
export function isStatelessPost(headers: Headers, envelopeVersion: unknown): boolean {
  if (typeof envelopeVersion === "string") return true;
  const headerVersion = headers.get("mcp-protocol-version");
  return (
    headerVersion !== null &&
    !isStatefulProtocolVersion(headerVersion) &&
    (!headers.has("mcp-session-id") || isStatelessProtocolVersion(headerVersion))
  );
}
