import { describe, expect, it } from "vitest";
import { FEATURE_SINCE, hasFeature } from "../../../src/protocol/features.js";
import {
  isAtLeast,
  LATEST_PROTOCOL_VERSION,
  lifecycleOf,
  STATEFUL_PROTOCOL_VERSIONS,
  STATELESS_PROTOCOL_VERSIONS,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../../../src/protocol/versions.js";

describe("version facts", () => {
  it.each([
    ["progressMessage", "2024-11-05", false],
    ["progressMessage", "2025-03-26", true],
    ["structuredContent", "2025-03-26", false],
    ["structuredContent", "2025-06-18", true],
    ["structuredContent", "2026-07-28", true],
    ["elicitationModeField", "2025-06-18", false],
    ["elicitationModeField", "2025-11-25", true],
  ] as const)("%s in %s: %s", (feature, version, want) => {
    expect(hasFeature(version, feature)).toBe(want);
  });

  it("each feature holds from its version to the newest, by registry order", () => {
    for (const [feature, since] of Object.entries(FEATURE_SINCE)) {
      const from = SUPPORTED_PROTOCOL_VERSIONS.indexOf(since);
      expect(from, feature).toBeGreaterThanOrEqual(0);
      const flags = SUPPORTED_PROTOCOL_VERSIONS.map((v) => hasFeature(v, feature as keyof typeof FEATURE_SINCE));
      expect(flags).toEqual(SUPPORTED_PROTOCOL_VERSIONS.map((_, i) => i >= from));
    }
  });

  it("lifecycles come from the registry and split the default versions in two", () => {
    expect(STATEFUL_PROTOCOL_VERSIONS.every((v) => lifecycleOf(v) === "stateful")).toBe(true);
    expect(STATELESS_PROTOCOL_VERSIONS.every((v) => lifecycleOf(v) === "stateless")).toBe(true);
    expect([...STATEFUL_PROTOCOL_VERSIONS, ...STATELESS_PROTOCOL_VERSIONS].sort()).toEqual(
      [...SUPPORTED_PROTOCOL_VERSIONS].sort(),
    );
    expect(lifecycleOf("2025-11-25")).toBe("stateful");
    expect(lifecycleOf("2026-07-28")).toBe("stateless");
    expect(isAtLeast(LATEST_PROTOCOL_VERSION, "2024-11-05")).toBe(true);
    expect(isAtLeast("2024-11-05", "2025-03-26")).toBe(false);
  });
});
