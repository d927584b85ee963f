/**
 * The protocol versions typed-mcp speaks and their two lifecycles:
 * - stateful: an `initialize` handshake opens a session that fixes the version;
 * - stateless: no handshake; every request names its version, client and capabilities in its
 *   `_meta` envelope.
 * Which version has which lifecycle, and which versions are opt-in drafts, comes from the
 * generated registry (the schema lock); the conformance suite uses the same two names.
 */
import {
  type ProtocolVersion as GeneratedProtocolVersion,
  LIFECYCLES,
  OPT_IN_VERSIONS,
  PROTOCOL_VERSIONS,
} from "../../generated/registry.js";

/** A protocol version typed-mcp speaks, one per generated schema. */
export type ProtocolVersion = GeneratedProtocolVersion;

/** How a protocol version runs a connection: with an initialize handshake, or request by request. */
export type Lifecycle = "stateful" | "stateless";

/** Every protocol version typed-mcp speaks (opt-in drafts included), oldest first. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = PROTOCOL_VERSIONS;

/** Versions spoken by default: every supported one except the opt-in drafts, oldest first. */
const DEFAULT_VERSIONS: readonly ProtocolVersion[] = PROTOCOL_VERSIONS.filter((v) => !OPT_IN_VERSIONS.includes(v));

/** The newest protocol version typed-mcp speaks by default (not an opt-in draft). */
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = DEFAULT_VERSIONS[
  DEFAULT_VERSIONS.length - 1
] as ProtocolVersion;

/** Whether a value names a protocol version typed-mcp speaks. */
export function isSupportedProtocolVersion(version: unknown): version is ProtocolVersion {
  return typeof version === "string" && (PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** Whether a version is an opt-in draft: spoken only where a server or client lists it. */
export function isOptInProtocolVersion(version: ProtocolVersion): boolean {
  return OPT_IN_VERSIONS.includes(version);
}

/** The lifecycle of a supported version. */
export function lifecycleOf(version: ProtocolVersion): Lifecycle {
  return LIFECYCLES[version];
}

/** The stateful-lifecycle versions negotiated by default (the initialize handshake), oldest first. */
export const STATEFUL_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = DEFAULT_VERSIONS.filter(
  (version) => lifecycleOf(version) === "stateful",
);

/** The stateless-lifecycle versions spoken by default (each request carries its envelope in `_meta`), oldest first. */
export const STATELESS_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = DEFAULT_VERSIONS.filter(
  (version) => lifecycleOf(version) === "stateless",
);

/** Whether a string names a version of the stateful lifecycle (an opt-in draft included). */
export function isStatefulProtocolVersion(version: unknown): version is ProtocolVersion {
  return isSupportedProtocolVersion(version) && lifecycleOf(version) === "stateful";
}

/** Whether a string names a version of the stateless lifecycle (an opt-in draft included). */
export function isStatelessProtocolVersion(version: unknown): version is ProtocolVersion {
  return isSupportedProtocolVersion(version) && lifecycleOf(version) === "stateless";
}

/** Whether `version` is `since` or newer, in the registry's order (never a string comparison). */
export function isAtLeast(version: ProtocolVersion, since: ProtocolVersion): boolean {
  return PROTOCOL_VERSIONS.indexOf(version) >= PROTOCOL_VERSIONS.indexOf(since);
}
