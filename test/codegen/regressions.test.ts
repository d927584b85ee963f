/** Regression tests for defects the stage tests found in the generator; each is named after what it caught. */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyseSchema } from "../../codegen/analyse.js";
import { emitRegistry } from "../../codegen/emit-registry.js";
import { loadSchemas } from "../../codegen/load.js";
import { PatchMismatchError, patchSchema, replaceAt } from "../../codegen/patch.js";
import { writeGenerated } from "../../codegen/write.js";
import { readLock } from "../../schema/lock.js";

describe("generator regressions", () => {
  it("a patch whose target's parent is missing fails instead of silently doing nothing", () => {
    const defs = { Present: { properties: {} } };
    expect(() => replaceAt(defs, "/Absent/properties/x", undefined, 1, "test")).toThrow(PatchMismatchError);
    replaceAt(defs, "/Present/properties/x", undefined, 1, "test");
    expect(defs.Present.properties).toEqual({ x: 1 });
  });

  it("a version with no pinned commit is an error, not `commit: undefined` in the registry", () => {
    const [first] = loadSchemas(readLock());
    const schema = analyseSchema(patchSchema(first as NonNullable<typeof first>));
    expect(() => emitRegistry([schema], {})).toThrow(/no upstream commit/);
    expect(
      emitRegistry([schema], { [schema.version]: { commit: "abc", lifecycle: "stateful", optIn: false } }),
    ).toContain('commit: "abc"');
  });

  it("a dropped version leaves no empty directory in generated/", () => {
    const dir = mkdtempSync(join(tmpdir(), "typed-mcp-prune-"));
    mkdirSync(join(dir, "1999-01-01"));
    writeFileSync(join(dir, "1999-01-01", "types.ts"), "old");
    const report = writeGenerated(dir, [{ path: "registry.ts", content: "new" }]);
    expect(report.removed).toEqual(["1999-01-01/types.ts"]);
    expect(existsSync(join(dir, "1999-01-01"))).toBe(false);
    expect(existsSync(join(dir, "registry.ts"))).toBe(true);
  });
});
