/** Client options that make a typed-mcp `Client` speak exactly one protocol version, whichever its lifecycle. */
import type { ClientOptions } from "../../src/index.js";
import { lifecycleOf, type ProtocolVersion } from "../../src/protocol/versions.js";

/** `{ protocolVersions: [v] }` for a handshake version, the stateless lifecycle at `v` otherwise. */
export function speaking(version: ProtocolVersion): ClientOptions {
  return lifecycleOf(version) === "stateless"
    ? { negotiation: "stateless", statelessProtocolVersions: [version] }
    : { protocolVersions: [version] };
}
