/** Every example message the 2026-07-28 specification ships validates against the definition it is filed under. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaViolationError, validateDefinition } from "../../../src/index.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "..", "shared", "mcp-schema", "2026-07-28", "examples");
const MIRROR = process.env.MCP_SCHEMA_MIRROR ? join(process.env.MCP_SCHEMA_MIRROR, "2026-07-28", "examples") : EXAMPLES;

const cases = readdirSync(MIRROR).flatMap((definition) =>
  readdirSync(join(MIRROR, definition))
    .filter((file) => file.endsWith(".json"))
    .map((file) => ({ definition, file, value: JSON.parse(readFileSync(join(MIRROR, definition, file), "utf8")) })),
);

describe("2026-07-28 specification examples", () => {
  it("the corpus is there (129 files)", () => {
    expect(cases.length).toBe(129);
  });

  it.each(cases)("$definition/$file", ({ definition, value }) => {
    expect(validateDefinition(definition, "2026-07-28", value)).toBe(value);
  });

  it("the same validators reject a damaged example", () => {
    const example = cases.find((c) => c.definition === "CallToolResult");
    expect(example).toBeDefined();
    const damaged = structuredClone(example?.value);
    damaged.content[0].type = "video";
    expect(() => validateDefinition("CallToolResult", "2026-07-28", damaged)).toThrow(SchemaViolationError);
  });
});
