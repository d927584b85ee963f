import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { discriminateUnions, emitValidators, stripAnnotations } from "../../codegen/emit-validators.js";
import { analysedVersion } from "./stages.js";

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string }> | null };
let code: string;
let validators: Record<string, Validate>;

beforeAll(() => {
  code = emitValidators(analysedVersion("2025-06-18"));
  const file = join(mkdtempSync(join(tmpdir(), "typed-mcp-validators-")), "validators.cjs");
  writeFileSync(file, code);
  validators = createRequire(import.meta.url)(file);
}, 60_000);

describe("emitValidators", () => {
  it("needs nothing at run time and exports definitions, params and results", () => {
    expect(code).not.toMatch(/require\(/);
    expect(code).not.toMatch(/new Function|eval\(/);
    expect(Object.keys(validators)).toEqual(
      expect.arrayContaining([
        "def:CallToolResult",
        "params:clientRequests:tools/call",
        "result:clientRequests:tools/call",
      ]),
    );
  });

  it("aliases names that resolve to the same function instead of repeating its body", () => {
    expect(validators["result:clientRequests:tools/call"]).toBe(validators["def:CallToolResult"]);
    const bodies = [...code.matchAll(/^function (validate\d+)/gm)].map((m) => m[1]);
    expect(new Set(bodies).size).toBe(bodies.length);
  });

  it("the loaded validators accept valid values and reject invalid ones with errors", () => {
    const validate = validators["params:clientRequests:tools/call"] as Validate;
    expect(validate({ name: "x", arguments: {} })).toBe(true);
    expect(validate({ arguments: {} })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: "required" });
  });
});

describe("stripAnnotations", () => {
  it("drops annotation keywords but keeps properties that happen to be called like them", () => {
    const stripped = stripAnnotations({
      description: "gone",
      properties: { description: { type: "string", description: "gone too" }, title: { type: "string" } },
      enum: [{ description: "values are data, kept" }],
    });
    expect(stripped).toEqual({
      properties: { description: { type: "string" }, title: { type: "string" } },
      enum: [{ description: "values are data, kept" }],
    });
  });
});

describe("discriminateUnions", () => {
  const document = () => ({
    $defs: {
      A: { type: "object", properties: { type: { const: "a" } }, required: ["type"] },
      B: { type: "object", properties: { type: { const: "b" } }, required: ["type"] },
      Loose: { type: "object", properties: { type: { type: "string" } } },
      Tagged: { anyOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }] },
      Untagged: { anyOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/Loose" }] },
    },
  });

  it("rewrites only unions whose members all carry a distinct constant type", () => {
    const doc = document();
    expect(discriminateUnions(doc, "$defs")).toBe(1);
    expect(doc.$defs.Tagged).toEqual({
      type: "object",
      oneOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }],
      discriminator: { propertyName: "type" },
    });
    expect(doc.$defs.Untagged).toEqual(document().$defs.Untagged);
  });
});
