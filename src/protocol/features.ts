/**
 * Protocol behaviours that changed from one version to another, keyed by feature: each row says
 * which versions have it, so a caller asks `hasFeature(version, "…")` instead of comparing
 * version strings where the behaviour is implemented.
 */
import { type ProtocolVersion, SUPPORTED_PROTOCOL_VERSIONS } from "./versions.js";

/** The supported versions from `first` on (version strings are dates, so they sort as strings). */
function since(first: ProtocolVersion): readonly ProtocolVersion[] {
  return SUPPORTED_PROTOCOL_VERSIONS.filter((version) => version >= first);
}

const FEATURES = {
  /**
   * Invalid `tools/call` arguments are a tool execution error (a result with `isError: true` the
   * model can read and correct itself from), no longer a -32602 protocol error (SEP-1303, 2025-11-25).
   */
  toolInputErrorsAsResults: since("2025-11-25"),
  /**
   * JSON-RPC batches: 2025-03-26 says implementations MUST support receiving them; 2025-06-18
   * removed them, and 2024-11-05 never named them.
   */
  jsonRpcBatches: ["2025-03-26"],
} satisfies Record<string, readonly ProtocolVersion[]>;

/** A protocol behaviour that some versions have and others do not (see `hasFeature`). */
export type ProtocolFeature = keyof typeof FEATURES;

/** Whether `version` has `feature`. */
export function hasFeature(version: ProtocolVersion, feature: ProtocolFeature): boolean {
  return (FEATURES[feature] as readonly ProtocolVersion[]).includes(version);
}

/** The versions that have `feature`, oldest first. */
export function versionsWith(feature: ProtocolFeature): readonly ProtocolVersion[] {
  return FEATURES[feature];
}
