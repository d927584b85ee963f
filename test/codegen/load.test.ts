import { describe, expect, it } from "vitest";
import { definitionsOf, parseSchema, SchemaLoadError } from "../../codegen/load.js";
import { sha256 } from "../../schema/lock.js";
import { loaded } from "./stages.js";

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("load", () => {
  it("loads the five locked versions with their dialects", () => {
    expect(loaded.map((s) => [s.version, s.dialect, s.defsKey])).toEqual([
      ["2024-11-05", "draft-07", "definitions"],
      ["2025-03-26", "draft-07", "definitions"],
      ["2025-06-18", "draft-07", "definitions"],
      ["2025-11-25", "2020-12", "$defs"],
      ["2026-07-28", "2020-12", "$defs"],
    ]);
    expect(Object.keys(definitionsOf(loaded[3] as (typeof loaded)[number]))).toHaveLength(145);
  });

  it("refuses bytes whose sha256 differs from the lock", () => {
    const data = bytes({ $schema: "http://json-schema.org/draft-07/schema#", definitions: {} });
    expect(() => parseSchema("x", "0".repeat(64), data)).toThrow(SchemaLoadError);
    expect(() => parseSchema("x", "0".repeat(64), data)).toThrow(/sync-schemas/);
  });

  it("refuses an unknown dialect and a document without definitions", () => {
    const odd = bytes({ $schema: "https://json-schema.org/draft/2019-09/schema", $defs: {} });
    expect(() => parseSchema("x", sha256(odd), odd)).toThrow(/unsupported \$schema/);
    const empty = bytes({ $schema: "https://json-schema.org/draft/2020-12/schema" });
    expect(() => parseSchema("x", sha256(empty), empty)).toThrow(/no "\$defs"/);
  });
});
