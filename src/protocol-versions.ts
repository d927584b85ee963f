import { PROTOCOL_VERSIONS, type ProtocolVersion } from "../generated/registry.js";

export type { ProtocolVersion };

/** Every protocol version typed-mcp speaks, oldest first. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = PROTOCOL_VERSIONS;

/** The newest protocol version typed-mcp speaks. */
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = PROTOCOL_VERSIONS[
  PROTOCOL_VERSIONS.length - 1
] as ProtocolVersion;

export function isSupportedProtocolVersion(version: unknown): version is ProtocolVersion {
  return typeof version === "string" && (PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** The versions negotiated with the initialize handshake, oldest first (2026-07-28 has none). */
export const HANDSHAKE_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = [
  "2024-11-05",
  "2025-03-26",
  "2025-06-18",
  "2025-11-25",
];

/** The versions without a handshake: every request carries its own envelope in `_meta` (2026-07-28 on). */
export const STATELESS_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = PROTOCOL_VERSIONS.filter(
  (version) => !HANDSHAKE_PROTOCOL_VERSIONS.includes(version),
);
