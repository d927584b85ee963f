import { describe, expect, it } from "vitest";
import {
  diffSurfaces,
  diffVersions,
  formatVersionDiff,
  surfaceOf,
  type VersionSurface,
} from "../../../src/cli/version-diff.js";
import { UnsupportedProtocolVersionError } from "../../../src/protocol/errors.js";

describe("diffVersions", () => {
  it("2025-06-18 -> 2025-11-25: the task methods and URL-mode elicitation arrive", () => {
    const diff = diffVersions("2025-06-18", "2025-11-25");
    expect(diff.methods.clientRequests.added).toEqual(["tasks/cancel", "tasks/get", "tasks/list", "tasks/result"]);
    expect(diff.methods.clientRequests.removed).toEqual([]);
    expect(diff.methods.serverNotifications.added).toContain("notifications/elicitation/complete");
    expect(diff.definitions.added).toEqual(
      expect.arrayContaining(["ElicitRequestURLParams", "Task", "CreateTaskResult"]),
    );
    expect(diff.fields.find((entry) => entry.definition === "Implementation")?.added).toEqual([
      "description",
      "icons",
      "websiteUrl",
    ]);
    const text = formatVersionDiff(diff);
    expect(text).toContain("Client requests:\n  + tasks/cancel\n  + tasks/get");
    expect(text).toContain("  + ElicitRequestURLParams\n");
    expect(text).toContain("  + notifications/elicitation/complete\n");
  });

  it("2025-11-25 -> 2026-07-28: server/discover added, initialize removed", () => {
    const diff = diffVersions("2025-11-25", "2026-07-28");
    expect(diff.methods.clientRequests.added).toContain("server/discover");
    expect(diff.methods.clientRequests.removed).toContain("initialize");
    const text = formatVersionDiff(diff);
    expect(text).toMatch(/Client requests:\n( {2}[+-] .*\n)* {2}\+ server\/discover\n/);
    expect(text).toContain("  - initialize\n");
  });

  it("a version against itself is no change; an unknown version is UnsupportedProtocolVersionError", () => {
    const same = diffVersions("2025-03-26", "2025-03-26");
    expect(same.fields).toEqual([]);
    expect(formatVersionDiff(same)).toBe("Changes from 2025-03-26 to 2025-03-26\n\nNo changes.\n");
    expect(() => diffVersions("2025-03-26", "2099-01-01")).toThrow(UnsupportedProtocolVersionError);
    expect(() => diffVersions("nope", "2025-03-26")).toThrow(/unsupported protocol version "nope"/);
  });

  it("reports a removed method, a renamed field and a changed type, readably", () => {
    const from = surfaceOf("2025-11-25");
    const { title, ...rest } = from.fields.Tool as Record<string, string>;
    const to: VersionSurface = {
      version: "2099-01-01",
      methods: { ...from.methods, clientRequests: from.methods.clientRequests.filter((m) => m !== "ping") },
      fields: { ...from.fields, Tool: { ...rest, displayName: title as string, name: "string | null" } },
    };
    const diff = diffSurfaces(from, to);
    expect(diff.methods.clientRequests).toEqual({ added: [], removed: ["ping"] });
    expect(diff.fields).toEqual([
      {
        definition: "Tool",
        added: ["displayName"],
        removed: ["title"],
        changed: [{ field: "name", from: "string", to: "string | null" }],
      },
    ]);
    expect(formatVersionDiff(diff)).toBe(
      [
        "Changes from 2025-11-25 to 2099-01-01",
        "",
        "Client requests:",
        "  - ping",
        "",
        "Fields:",
        "  Tool",
        "    + displayName",
        "    - title",
        "    ~ name: string -> string | null",
        "",
      ].join("\n"),
    );
  });
});
