import { describe, expect, it } from "vitest";
import { cloneJson, getPointer } from "../../codegen/json-schema.js";
import { definitionsOf } from "../../codegen/load.js";
import { PatchMismatchError, patchSchema, SCHEMA_PATCHES } from "../../codegen/patch.js";
import { loaded } from "./stages.js";

const byVersion = (version: string) => loaded.find((s) => s.version === version) as (typeof loaded)[number];

describe("patch", () => {
  it("applies each patch to its versions only, and says which", () => {
    expect(loaded.map((s) => [s.version, patchSchema(s).patches])).toEqual([
      ["2024-11-05", []],
      ["2025-03-26", []],
      ["2025-06-18", ["elicit-result-content-number"]],
      ["2025-11-25", ["elicit-result-content-number", "create-task-result-in-result-unions"]],
      [
        "2026-07-28",
        [
          "elicit-result-content-number",
          "json-value-number-and-null",
          "result-type-values",
          "cacheable-result-fields-optional",
        ],
      ],
    ]);
  });

  it("changes what it says it changes", () => {
    const v2026 = definitionsOf(patchSchema(byVersion("2026-07-28")));
    expect(getPointer(v2026, "/JSONValue/anyOf/2/type")).toEqual(["string", "number", "boolean", "null"]);
    expect(getPointer(v2026, "/InputRequiredResult/properties/resultType/const")).toBe("input_required");
    expect(getPointer(v2026, "/ReadResourceResult/required")).toEqual(["contents", "resultType"]);
    const v2025 = definitionsOf(patchSchema(byVersion("2025-11-25")));
    expect(getPointer(v2025, "/ServerResult/anyOf")).toContainEqual({ $ref: "#/$defs/CreateTaskResult" });
    expect(getPointer(v2025, "/ElicitResult/properties/content/additionalProperties/anyOf/1/type")).toEqual([
      "string",
      "number",
      "boolean",
    ]);
  });

  it("leaves its input untouched", () => {
    const schema = byVersion("2026-07-28");
    const before = JSON.stringify(schema.document);
    patchSchema(schema);
    expect(JSON.stringify(schema.document)).toBe(before);
  });

  it("fails loudly once upstream has fixed what a patch fixes", () => {
    for (const patch of SCHEMA_PATCHES) {
      for (const version of patch.versions) {
        const fixed = patchSchema(byVersion(version), [patch]);
        // Upstream "fixed" = the patched document; applying the same patch again must refuse.
        const again = { ...fixed, document: cloneJson(fixed.document) };
        expect(() => patchSchema(again, [patch]), `${patch.id} on ${version}`).toThrow(PatchMismatchError);
      }
    }
  });
});
