import { describe, expect, it } from "vitest";
import { compileJsonSchema, type JsonSchema, SchemaCompileError } from "../../../src/json-schema/compile.js";

const paths = (schema: JsonSchema, value: unknown) =>
  compileJsonSchema(schema)
    .issues(value)
    .map((i) => `${i.path} ${i.keyword}`);

describe("compileJsonSchema", () => {
  it("checks types, required and properties, reporting every failing path", () => {
    const schema = {
      type: "object",
      properties: {
        name: { type: "string", minLength: 2 },
        age: { type: "integer", minimum: 0 },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["name", "age"],
    };
    expect(compileJsonSchema(schema).validate({ name: "Al", age: 3, tags: ["a"] })).toBe(true);
    expect(paths(schema, { name: "A", age: 1.5, tags: ["a", 2] })).toEqual([
      "/name minLength",
      "/age type",
      "/tags/1 type",
    ]);
    expect(paths(schema, {})).toEqual(["/name required", "/age required"]);
    expect(paths(schema, "nope")).toEqual([" type"]);
  });

  it("handles additionalProperties, patternProperties and propertyNames", () => {
    const closed = { type: "object", properties: { a: {} }, additionalProperties: false };
    expect(paths(closed, { a: 1, b: 2 })).toEqual(["/b additionalProperties"]);
    const typed = {
      type: "object",
      additionalProperties: { type: "number" },
      patternProperties: { "^s_": { type: "string" } },
    };
    expect(paths(typed, { s_x: "ok", n: 1, bad: "x", s_y: 3 })).toEqual(["/bad type", "/s_y type"]);
    expect(paths({ propertyNames: { pattern: "^[a-z]+$" } }, { ok: 1, "Not-Ok": 2 })).toEqual(["/Not-Ok pattern"]);
  });

  it("handles enum, const, numbers, formats and string lengths in code points", () => {
    expect(paths({ enum: ["a", { b: 1 }] }, { b: 1 })).toEqual([]);
    expect(paths({ enum: ["a"] }, "b")).toEqual([" enum"]);
    expect(paths({ const: [1, 2] }, [1, 2])).toEqual([]);
    expect(paths({ exclusiveMaximum: 10, multipleOf: 0.5 }, 10)).toEqual([" exclusiveMaximum"]);
    expect(paths({ multipleOf: 0.1 }, 0.3)).toEqual([]);
    const asserted = (schema: JsonSchema, value: unknown) =>
      compileJsonSchema(schema, { formats: "assert" })
        .issues(value)
        .map((i) => `${i.path} ${i.keyword}`);
    expect(asserted({ format: "email" }, "a@b.co")).toEqual([]);
    expect(asserted({ format: "date-time" }, "2025-01-01T00:00:00Z")).toEqual([]);
    expect(asserted({ format: "date-time" }, "yesterday")).toEqual([" format"]);
    expect(asserted({ format: "ipv6" }, "::1")).toEqual([]);
    expect(asserted({ format: "hostname" }, "-bad-.example")).toEqual([" format"]);
    // By default a format is an annotation, as draft 2020-12 says.
    expect(paths({ format: "date-time" }, "yesterday")).toEqual([]);
    expect(paths({ maxLength: 2 }, "😀😀")).toEqual([]);
  });

  it("handles arrays: tuples, bounds, uniqueness, contains", () => {
    const tuple = {
      prefixItems: [{ type: "string" }, { type: "number" }],
      items: { type: "boolean" },
      minItems: 2,
      uniqueItems: true,
    };
    expect(paths(tuple, ["a", 1, true])).toEqual([]);
    expect(paths(tuple, ["a", "b", 1])).toEqual(["/1 type", "/2 type"]);
    expect(paths(tuple, ["a"])).toEqual([" minItems"]);
    expect(paths({ uniqueItems: true }, [{ a: 1 }, { a: 1 }])).toEqual([" uniqueItems"]);
    expect(paths({ contains: { const: 3 } }, [1, 2])).toEqual([" contains"]);
  });

  it("handles anyOf, oneOf, allOf, not and if/then/else", () => {
    expect(paths({ anyOf: [{ type: "string" }, { type: "number" }] }, true)).toEqual([" anyOf"]);
    expect(paths({ oneOf: [{ type: "number" }, { type: "integer" }] }, 1)).toEqual([" oneOf"]);
    expect(paths({ oneOf: [{ type: "number" }, { type: "integer" }] }, 1.5)).toEqual([]);
    expect(paths({ allOf: [{ minimum: 1 }, { maximum: 3 }] }, 5)).toEqual([" maximum"]);
    expect(paths({ not: { type: "null" } }, null)).toEqual([" not"]);
    const conditional = {
      if: { properties: { kind: { const: "a" } } },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
      then: { required: ["a"] },
      else: { required: ["b"] },
    };
    expect(paths(conditional, { kind: "a" })).toEqual(["/a required"]);
    expect(paths(conditional, { kind: "z" })).toEqual(["/b required"]);
  });

  it("follows local $refs, including recursive ones", () => {
    const tree = {
      $defs: {
        node: {
          type: "object",
          properties: { value: { type: "number" }, children: { type: "array", items: { $ref: "#/$defs/node" } } },
        },
      },
      $ref: "#/$defs/node",
    };
    expect(paths(tree, { value: 1, children: [{ value: 2, children: [{ value: "x" }] }] })).toEqual([
      "/children/0/children/0/value type",
    ]);
  });

  it("refuses schemas it cannot use, at compile time or first use", () => {
    expect(() => compileJsonSchema({ pattern: "(" })).toThrow(SchemaCompileError);
    expect(() => compileJsonSchema({ $ref: "https://example.com/s.json" }).issues(1)).toThrow(SchemaCompileError);
    expect(() => compileJsonSchema({ $ref: "#/$defs/missing" }).issues(1)).toThrow(/points at nothing/);
  });

  it("true accepts anything and false nothing", () => {
    expect(compileJsonSchema(true).validate({ any: 1 })).toBe(true);
    expect(compileJsonSchema({ properties: { x: false } }).issues({ x: 1 })).toEqual([
      { path: "/x", message: "is not allowed", keyword: "false" },
    ]);
  });

  it("checks the 2020-12 keywords the issue found ignored: unevaluated*, dependent*, min/maxContains", () => {
    const closed = {
      type: "object",
      properties: { kind: { type: "string" } },
      allOf: [{ properties: { size: { type: "number" } } }],
      unevaluatedProperties: false,
    };
    expect(paths(closed, { kind: "a", size: 1 })).toEqual([]);
    expect(paths(closed, { kind: "a", extra: 1 })).toEqual(["/extra unevaluatedProperties"]);
    expect(paths({ prefixItems: [{}], unevaluatedItems: false }, [1, 2])).toEqual(["/1 unevaluatedItems"]);
    expect(paths({ dependentRequired: { card: ["cvv"] } }, { card: "1" })).toEqual(["/cvv dependentRequired"]);
    expect(paths({ dependentSchemas: { a: { required: ["b"] } } }, { a: 1 })).toEqual(["/b required"]);
    const twoOrThree = { contains: { const: 1 }, minContains: 2, maxContains: 3 };
    expect(paths(twoOrThree, [1, 2])).toEqual([" minContains"]);
    expect(paths(twoOrThree, [1, 1, 1, 1])).toEqual([" maxContains"]);
    expect(paths(twoOrThree, [1, 1, 2])).toEqual([]);
  });

  it("checks draft-07 keywords with their meaning and refuses ones it cannot honour", () => {
    expect(paths({ dependencies: { a: ["b"] } }, { a: 1 })).toEqual(["/b dependencies"]);
    expect(paths({ items: [{ type: "string" }], additionalItems: false }, ["a", 1])).toEqual(["/1 false"]);
    expect(() => compileJsonSchema({ $recursiveRef: "#" })).toThrow(/\$recursiveRef is not supported/);
    expect(() => compileJsonSchema({ type: "text" })).toThrow(/unknown type "text"/);
    expect(() => compileJsonSchema({ minLength: -1 })).toThrow(SchemaCompileError);
  });

  it("fills in defaults only when asked", () => {
    const schema = {
      type: "object",
      properties: { units: { type: "string", default: "metric" }, days: { type: "integer" } },
    };
    const asked = { days: 2 };
    expect(compileJsonSchema(schema, { applyDefaults: true }).issues(asked)).toEqual([]);
    expect(asked).toEqual({ days: 2, units: "metric" });
    const notAsked = { days: 2 };
    compileJsonSchema(schema).issues(notAsked);
    expect(notAsked).toEqual({ days: 2 });
  });
});
