/**
 * The protocol versions typed-mcp speaks and their two lifecycles:
 * - stateful: an `initialize` handshake opens a session that fixes the version (up to 2025-11-25);
 * - stateless: no handshake; every request names its version, client and capabilities in its
 *   `_meta` envelope (2026-07-28 on).
 * The conformance suite uses the same two names.
 */
import { type ProtocolVersion as GeneratedProtocolVersion, PROTOCOL_VERSIONS } from "../../generated/registry.js";

/** A protocol version typed-mcp speaks ("2024-11-05" … "2026-07-28"), one per generated schema. */
export type ProtocolVersion = GeneratedProtocolVersion;

/** How a protocol version runs a connection: with an initialize handshake, or request by request. */
export type Lifecycle = "stateful" | "stateless";

/** Every protocol version typed-mcp speaks, oldest first. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = PROTOCOL_VERSIONS;

/** The newest protocol version typed-mcp speaks. */
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = PROTOCOL_VERSIONS[
  PROTOCOL_VERSIONS.length - 1
] as ProtocolVersion;

/** Whether a value names a protocol version typed-mcp speaks. */
export function isSupportedProtocolVersion(version: unknown): version is ProtocolVersion {
  return typeof version === "string" && (PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** The versions of the stateful lifecycle (negotiated by the initialize handshake), oldest first. */
export const STATEFUL_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = [
  "2024-11-05",
  "2025-03-26",
  "2025-06-18",
  "2025-11-25",
];

/** The versions of the stateless lifecycle (every request carries its own envelope in `_meta`), oldest first. */
export const STATELESS_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = PROTOCOL_VERSIONS.filter(
  (version) => !STATEFUL_PROTOCOL_VERSIONS.includes(version),
);

/** The lifecycle of a supported version. */
export function lifecycleOf(version: ProtocolVersion): Lifecycle {
  return STATEFUL_PROTOCOL_VERSIONS.includes(version) ? "stateful" : "stateless";
}

/** Whether a string names a version of the stateful lifecycle. */
export function isStatefulProtocolVersion(version: unknown): version is ProtocolVersion {
  return typeof version === "string" && (STATEFUL_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** Whether a string names a version of the stateless lifecycle. */
export function isStatelessProtocolVersion(version: unknown): version is ProtocolVersion {
  return typeof version === "string" && (STATELESS_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}
