/**
 * The facts about protocol versions that the schemas cannot express, keyed by feature: the one
 * place hand-written code learns that a behaviour started (or ended) at some version. Everything
 * else per version (methods, fields, lifecycles) comes from the generated registry. A new version
 * that changes none of these behaviours needs no line here: each feature holds from its version on.
 */
import { isAtLeast, type ProtocolVersion } from "./versions.js";

/** The first version with each behaviour; every later version has it too. */
export const FEATURE_SINCE = {
  /** `notifications/progress` carries a `message`. */
  progressMessage: "2025-03-26",
  /** Tool results carry `structuredContent` (before it, it is mirrored as text). */
  structuredContent: "2025-06-18",
  /** `elicitation/create` params carry a `mode` ("form" or "url"); before it, every elicitation is a form without one. */
  elicitationModeField: "2025-11-25",
  /**
   * Invalid `tools/call` arguments are a tool execution error (a result with `isError: true` the
   * model can read and correct itself from), no longer a -32602 protocol error (SEP-1303).
   */
  toolInputErrorsAsResults: "2025-11-25",
} as const satisfies Record<string, ProtocolVersion>;

/** Behaviours a version introduced and a later one removed: exactly the versions that have them. */
export const FEATURE_ONLY_IN = {
  /**
   * JSON-RPC batches: 2025-03-26 says implementations MUST support receiving them; 2025-06-18
   * removed them, and 2024-11-05 never named them.
   */
  jsonRpcBatches: ["2025-03-26"],
} as const satisfies Record<string, readonly ProtocolVersion[]>;

/** A behaviour that some protocol versions have and others do not. */
export type ProtocolFeature = keyof typeof FEATURE_SINCE | keyof typeof FEATURE_ONLY_IN;

/** Whether `version` has `feature`. */
export function hasFeature(version: ProtocolVersion, feature: ProtocolFeature): boolean {
  if (Object.hasOwn(FEATURE_ONLY_IN, feature)) {
    return (FEATURE_ONLY_IN[feature as keyof typeof FEATURE_ONLY_IN] as readonly ProtocolVersion[]).includes(version);
  }
  return isAtLeast(version, FEATURE_SINCE[feature as keyof typeof FEATURE_SINCE]);
}

/**
 * The version a Streamable HTTP server assumes for a request without an `MCP-Protocol-Version`
 * header: the spec says the first version with Streamable HTTP, for clients that predate the header.
 */
export const HTTP_VERSION_WITHOUT_HEADER: ProtocolVersion = "2025-03-26";
