/**
 * The facts about protocol versions that the schemas cannot express, keyed by feature: the one
 * place hand-written code learns that a behaviour started at some version. Everything else per
 * version (methods, fields, lifecycles) comes from the generated registry. A new version that
 * changes none of these behaviours needs no line here: each feature holds from its version on.
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
} as const satisfies Record<string, ProtocolVersion>;

/** A behaviour that starts at some protocol version. */
export type VersionFeature = keyof typeof FEATURE_SINCE;

/** Whether `version` has `feature`. */
export function hasFeature(version: ProtocolVersion, feature: VersionFeature): boolean {
  return isAtLeast(version, FEATURE_SINCE[feature]);
}

/**
 * The version a Streamable HTTP server assumes for a request without an `MCP-Protocol-Version`
 * header: the spec says the first version with Streamable HTTP, for clients that predate the header.
 */
export const HTTP_VERSION_WITHOUT_HEADER: ProtocolVersion = "2025-03-26";
