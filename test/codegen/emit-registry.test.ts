import { describe, expect, it } from "vitest";
import { emitRegistry, emitVersionIndex } from "../../codegen/emit-registry.js";
import { analysed } from "./stages.js";

describe("emitRegistry", () => {
  const commits = Object.fromEntries(analysed.map((schema) => [schema.version, `commit-${schema.version}`]));
  const source = emitRegistry(analysed, commits);

  it("lists the versions oldest first, with pins and patches", () => {
    expect(source).toContain(
      'export const PROTOCOL_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"] as const;',
    );
    for (const schema of analysed) {
      expect(source).toContain(`sha256: ${JSON.stringify(schema.sha256)}`);
      expect(source).toContain(`commit: "commit-${schema.version}"`);
      expect(source).toContain(`"${schema.version}": "./${schema.version}/validators.cjs"`);
    }
    expect(source).toContain('patches: ["elicit-result-content-number", "create-task-result-in-result-unions"]');
  });

  it("imports every version's method table and maps", () => {
    expect(source).toContain(
      'import { type MethodMaps as v2025_06_18Maps, methodTable as v2025_06_18Methods } from "./2025-06-18/methods.js";',
    );
    expect(source).toContain('"2025-06-18": v2025_06_18Maps;');
  });

  it("writes a per-version index", () => {
    expect(emitVersionIndex(analysed[0] as (typeof analysed)[number])).toContain('export type * from "./types.js";');
  });
});
