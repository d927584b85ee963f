/**
 * Per-version schema snapshots, one line per item so that a spec change reads as the lines it
 * changed: every definition's fields, one line each (`definitions-<version>.md`; the methods are in
 * `methods-<version>.md` and their messages' fields in `fields-<version>.md`), and between
 * consecutive versions the diff `typed-mcp diff` prints: methods, definitions and fields
 * (`diff-<from>-to-<to>.md`).
 */
import { describe, expect, it } from "vitest";
import { readLock } from "../../schema/lock.js";
import { analyseLocked, renderChanges, renderDefinitions } from "../helpers/schema-snapshots.js";

const schemas = analyseLocked(readLock());

describe("per-version snapshots, a line per definition field", () => {
  for (const schema of schemas) {
    it(schema.version, async () => {
      await expect(renderDefinitions(schema)).toMatchFileSnapshot(`./__snapshots__/definitions-${schema.version}.md`);
    });
  }
});

describe("the diff between consecutive versions", () => {
  schemas.slice(1).forEach((schema, index) => {
    const previous = schemas[index] as (typeof schemas)[number];
    it(`${previous.version} -> ${schema.version}`, async () => {
      await expect(renderChanges(previous, schema)).toMatchFileSnapshot(
        `./__snapshots__/diff-${previous.version}-to-${schema.version}.md`,
      );
    });
  });

  it("names a definition's field changes, not only the methods", () => {
    const [older, newer] = ["2025-03-26", "2025-06-18"].map((v) => schemas.find((s) => s.version === v));
    const diff = renderChanges(older as (typeof schemas)[number], newer as (typeof schemas)[number]);
    expect(diff).toContain("  CallToolResult\n");
    expect(diff).toMatch(/CallToolResult\n(?: {4}.*\n)*? {4}\+ structuredContent/);
  });
});
