import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnalysedSchema, DIRECTIONS, type MethodTables } from "../../codegen/analyse.js";
import {
  discriminateUnions,
  emitValidators,
  needsDialectEngine,
  positionalArguments,
  relativeErrorPaths,
  stripAnnotations,
  ValidatorEmitError,
  validatorExportNames,
} from "../../codegen/emit-validators.js";
import { analysedVersion, makeTempDir, rawDefinitions, removeTempDirs } from "../helpers/codegen-stages.js";

afterAll(removeTempDirs);

interface Validator {
  (value: unknown): boolean;
  errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null;
}
type ValidatorModule = Record<string, Validator>;

/** Writes emitted code to a temp .cjs file and loads it with require, as the runtime does. */
function loadCjs(code: string, label: string): ValidatorModule {
  const file = join(makeTempDir(`validators-${label}`), "validators.cjs");
  writeFileSync(file, code);
  return createRequire(import.meta.url)(file) as ValidatorModule;
}

function validator(module: ValidatorModule, name: string): Validator {
  const found = module[name];
  if (typeof found !== "function") throw new Error(`no validator ${name}`);
  return found;
}

const NO_METHODS: MethodTables = {
  clientRequests: {},
  serverRequests: {},
  clientNotifications: {},
  serverNotifications: {},
};

function synthetic(definitions: Record<string, unknown>, methods: MethodTables = NO_METHODS): AnalysedSchema {
  return {
    version: "2099-01-01",
    sha256: "0".repeat(64),
    dialect: "draft-07",
    defsKey: "definitions",
    document: { $schema: "http://json-schema.org/draft-07/schema#", definitions } as AnalysedSchema["document"],
    patches: [],
    methods,
    definitionNames: Object.keys(definitions).sort(),
  };
}

describe("stripAnnotations", () => {
  it("drops annotation keywords but keeps properties that are *named* description or title", () => {
    const input = {
      $comment: "dropped",
      title: "dropped",
      description: "dropped",
      default: {},
      examples: [{}],
      type: "object",
      properties: {
        description: { type: "string", description: "dropped: annotation of the description field" },
        title: { type: "string", title: "dropped" },
        nested: {
          type: "object",
          properties: { default: { type: "boolean", default: true } },
          additionalProperties: { description: "dropped", type: "number" },
        },
        list: { type: "array", items: { anyOf: [{ type: "string", title: "dropped" }, { type: "null" }] } },
      },
      patternProperties: { "^x-": { description: "dropped", type: "string" } },
      required: ["description", "title"],
    };
    expect(stripAnnotations(input)).toEqual({
      type: "object",
      properties: {
        description: { type: "string" },
        title: { type: "string" },
        nested: {
          type: "object",
          properties: { default: { type: "boolean" } },
          additionalProperties: { type: "number" },
        },
        list: { type: "array", items: { anyOf: [{ type: "string" }, { type: "null" }] } },
      },
      patternProperties: { "^x-": { type: "string" } },
      required: ["description", "title"],
    });
  });

  it("keeps const and enum values verbatim, and definition names in $defs/definitions", () => {
    const input = {
      $defs: { title: { const: { title: "data, not an annotation" } } },
      definitions: { description: { enum: [{ description: "data" }, "x"], description: "dropped" } },
    };
    expect(stripAnnotations(input)).toEqual({
      $defs: { title: { const: { title: "data, not an annotation" } } },
      definitions: { description: { enum: [{ description: "data" }, "x"] } },
    });
  });

  it("does not mutate its input", () => {
    const input = { description: "d", properties: { a: { title: "t", type: "string" } } };
    const snapshot = JSON.stringify(input);
    stripAnnotations(input);
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});

describe("discriminateUnions", () => {
  const tagged = (tag: string, required = true) => ({
    type: "object",
    properties: { type: { const: tag, type: "string" }, value: { type: "string" } },
    required: required ? ["type", "value"] : ["value"],
  });

  it("rewrites a union of objects with distinct required type constants to oneOf + discriminator", () => {
    const document = {
      definitions: {
        A: tagged("a"),
        B: tagged("b"),
        Union: { anyOf: [{ $ref: "#/definitions/A" }, { $ref: "#/definitions/B" }] },
        Holder: {
          type: "object",
          properties: { inner: { anyOf: [{ $ref: "#/definitions/A" }, { $ref: "#/definitions/B" }] } },
        },
      },
    };
    expect(discriminateUnions(document, "definitions")).toBe(2);
    const expected = {
      type: "object",
      oneOf: [{ $ref: "#/definitions/A" }, { $ref: "#/definitions/B" }],
      discriminator: { propertyName: "type" },
    };
    expect(document.definitions.Union).toEqual(expected);
    expect(document.definitions.Holder.properties.inner).toEqual(expected);
  });

  it("leaves unions alone when tags repeat, are optional, or a member is not a $ref", () => {
    const document = {
      definitions: {
        A: tagged("a"),
        A2: tagged("a"),
        B: tagged("b"),
        Loose: tagged("c", false),
        Repeated: { anyOf: [{ $ref: "#/definitions/A" }, { $ref: "#/definitions/A2" }] },
        Optional: { anyOf: [{ $ref: "#/definitions/B" }, { $ref: "#/definitions/Loose" }] },
        Inline: { anyOf: [{ $ref: "#/definitions/A" }, { type: "string" }] },
        Single: { anyOf: [{ $ref: "#/definitions/A" }] },
      },
    };
    const before = JSON.stringify(document);
    expect(discriminateUnions(document, "definitions")).toBe(0);
    expect(JSON.stringify(document)).toBe(before);
  });
});

describe("emitValidators on real versions", () => {
  const modules = new Map<string, { code: string; module: ValidatorModule }>();

  beforeAll(() => {
    for (const version of ["2025-06-18", "2026-07-28"]) {
      const code = emitValidators(analysedVersion(version));
      modules.set(version, { code, module: loadCjs(code, version) });
    }
  }, 60_000);

  function loaded(version: string) {
    const found = modules.get(version);
    if (!found) throw new Error(`validators for ${version} were not emitted`);
    return found;
  }

  it.each(["2025-06-18", "2026-07-28"])("%s: self-contained CommonJS, no require()", (version) => {
    const { code } = loaded(version);
    expect(code.startsWith('"use strict";')).toBe(true);
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).toMatch(/^exports\["def:/m);
  });

  it.each(["2025-06-18", "2026-07-28"])(
    "%s: exports def: for every definition, params: for every message with params, result: for every request",
    (version) => {
      const schema = analysedVersion(version);
      const { module } = loaded(version);
      const expected = new Set<string>();
      for (const name of Object.keys(rawDefinitions(version))) expected.add(`def:${name}`);
      for (const direction of DIRECTIONS) {
        for (const [method, entry] of Object.entries(schema.methods[direction])) {
          if (entry.paramsPointer) expected.add(`params:${direction}:${method}`);
          if (direction === "clientRequests" || direction === "serverRequests")
            expected.add(`result:${direction}:${method}`);
        }
      }
      const keys = Object.keys(module);
      expect([...keys].sort()).toEqual([...expected].sort());
      expect(keys.some((key) => key.startsWith("params:"))).toBe(true);
      expect(keys.some((key) => key.startsWith("result:"))).toBe(true);
      for (const key of keys) expect(typeof module[key], key).toBe("function");
      expect(Object.keys(validatorExportNames(schema)).sort()).toEqual([...expected].sort());
    },
  );

  it.each(["2025-06-18", "2026-07-28"])(
    "%s: exports each compiled function once; other names for it are aliases of that export",
    (version) => {
      const { code, module } = loaded(version);
      const direct = [...code.matchAll(/^exports\[("[^"]+")\] = (validate\d+);$/gm)].map((m) => m[2] as string);
      expect(direct.length).toBeGreaterThan(0);
      expect(new Set(direct).size).toBe(direct.length);
      const aliases = [...code.matchAll(/^exports\[("[^"]+")\] = exports\[("[^"]+")\];$/gm)];
      expect(aliases.length).toBeGreaterThan(0);
      for (const [, alias, target] of aliases) {
        expect(module[JSON.parse(alias as string)]).toBe(module[JSON.parse(target as string)]);
      }
      expect(direct.length + aliases.length).toBe(Object.keys(module).length);
    },
  );

  it("accepts valid tools/call params and rejects invalid ones with errors (2025-06-18)", () => {
    const params = validator(loaded("2025-06-18").module, "params:clientRequests:tools/call");
    expect(params({ name: "echo", arguments: { text: "hi" } })).toBe(true);
    expect(params({ arguments: {} })).toBe(false);
    expect(params.errors).toEqual([
      expect.objectContaining({ keyword: "required", params: { missingProperty: "name" } }),
    ]);
    expect(params({ name: 42 })).toBe(false);
    expect(params.errors?.[0]).toMatchObject({ instancePath: "/name", keyword: "type" });
  });

  it("checks the byte format of base64 image data without a runtime helper (2025-06-18)", () => {
    const image = validator(loaded("2025-06-18").module, "def:ImageContent");
    expect(image({ type: "image", data: "aGVsbG8=", mimeType: "image/png" })).toBe(true);
    expect(image({ type: "image", data: "not base64!", mimeType: "image/png" })).toBe(false);
    expect(image.errors?.[0]).toMatchObject({ instancePath: "/data", keyword: "format", params: { format: "byte" } });
    // Strict RFC 4648: padded, the alphabet only, no whitespace anywhere (atob alone would skip it).
    const strict = (data: string) => image({ type: "image", data, mimeType: "image/png" });
    for (const good of ["", "QQ==", "QUI=", "QUJD", "aGVsbG8gd29ybGQ=", "+/+/"]) expect(strict(good), good).toBe(true);
    for (const bad of [
      "QQ",
      "QUI",
      "QQ=",
      "Q===",
      "====",
      "AB=C",
      "QQ==QQ==",
      "QU I=",
      "QUI=\n",
      "QUJD\n\n\n\n",
      "QUJD    ",
      " QUJD   ",
      "\tQUJ",
      "QU\rJD\f\f\f",
      "QUJD-_-_",
    ])
      expect(strict(bad), JSON.stringify(bad)).toBe(false);
  });

  it.each(["2025-06-18", "2026-07-28"])(
    "%s: nested validators take their place in the data as plain arguments, and still report where a value failed",
    (version) => {
      const { code, module } = loaded(version);
      expect(code).not.toMatch(/\{instancePath="", parentData/);
      expect(code).not.toMatch(/,rootData\}\)/);
      expect(code).toMatch(
        /^function validate\d+\(data, instancePath="", parentData, parentDataProperty, rootData=data\)\{$/m,
      );
      const result = validator(module, "result:clientRequests:tools/call");
      const content = [
        { type: "text", text: "ok" },
        { type: "image", data: "not base64!", mimeType: "image/png", annotations: { priority: "high" } },
      ];
      expect(result({ resultType: "complete", content })).toBe(false);
      const paths = (result.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
      expect(paths).toContain("/content/1/data format");
      expect(paths).toContain("/content/1/annotations/priority type");
    },
  );

  it("refuses AJV output it cannot rewrite to plain arguments, rather than mixing the two forms", () => {
    const object = 'function validate1(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){\n';
    const call =
      'if(!(validate2(data.x, {instancePath:instancePath+"/x",parentData:data,parentDataProperty:"x",rootData}))){\n';
    expect(positionalArguments(object + call, "test")).toBe(
      'function validate1(data, instancePath="", parentData, parentDataProperty, rootData=data){\n' +
        'if(!(validate2(data.x, instancePath+"/x", data, "x", rootData))){\n',
    );
    expect(() => positionalArguments(`${call.replace("validate2(data.x, {", "validate2(data.x,{")}`, "test")).toThrow(
      ValidatorEmitError,
    );
  });

  it.each(["2025-06-18", "2026-07-28"])(
    "%s: nested validators are called without building their path, and errors still carry the full path",
    (version) => {
      const { code, module } = loaded(version);
      // No nested call builds a path string; the paths are built only for errors, by the caller.
      expect(code).not.toMatch(/validate\d+\([^\n]*?, instancePath\+/);
      expect(code).toMatch(/rebaseErrorPaths\(validate\d+\.errors, instancePath\+"\/content\/" \+ i0\)/);
      const result = validator(module, "result:clientRequests:tools/call");
      const content = [
        { type: "text", text: "ok" },
        { type: "text", text: 7 },
        { type: "image", data: "QUJD", mimeType: "image/png", annotations: { audience: ["user", "robot"] } },
      ];
      expect(result({ resultType: "complete", content })).toBe(false);
      const paths = (result.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
      expect(paths).toContain("/content/1/text type");
      expect(paths).toContain("/content/2/annotations/audience/1 enum");
      // Each error is prefixed once: a second failing call reports fresh paths, not doubled ones.
      expect(result({ resultType: "complete", content })).toBe(false);
      expect((result.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`)).toEqual(paths);
      expect(paths.every((path) => !path.includes("/content/1/content/"))).toBe(true);
    },
  );

  it("rewrites a nested call to an empty path with its errors prefixed, and refuses a call it cannot rewrite", () => {
    const call =
      'if(!(validate2(data1[i0], instancePath+"/items/" + i0, data1, i0, rootData))){\n' +
      "vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);\n";
    const out = relativeErrorPaths(call, "test");
    expect(out).toContain('if(!(validate2(data1[i0], "", data1, i0, rootData))){\n');
    expect(out).toContain(
      'vErrors = vErrors === null ? rebaseErrorPaths(validate2.errors, instancePath+"/items/" + i0) : ' +
        'vErrors.concat(rebaseErrorPaths(validate2.errors, instancePath+"/items/" + i0));',
    );
    expect(out).toMatch(/^function rebaseErrorPaths\(errors, base\)\{$/m);
    // Code with no nested call gets no helper.
    expect(relativeErrorPaths("return true;\n", "test")).toBe("return true;\n");
    // A call whose failure is handled in another form would keep building its path: refused.
    expect(() =>
      relativeErrorPaths(call.replace("vErrors = vErrors === null ?", "vErrors = vErrors == null ?"), "test"),
    ).toThrow(ValidatorEmitError);
  });

  it("reports only the named member's complaint for a discriminated content block (2025-06-18)", () => {
    const block = validator(loaded("2025-06-18").module, "def:ContentBlock");
    expect(block({ type: "text", text: "hello" })).toBe(true);
    expect(block({ type: "text" })).toBe(false);
    expect(block.errors).toEqual([
      expect.objectContaining({ keyword: "required", params: { missingProperty: "text" } }),
    ]);
  });

  it("answers ping with EmptyResult and shares one function between a result and its definition", () => {
    const { module } = loaded("2025-06-18");
    expect(validator(module, "result:clientRequests:ping")({})).toBe(true);
    expect(module["result:clientRequests:tools/list"]).toBe(module["def:ListToolsResult"]);
    expect(validator(module, "result:clientRequests:tools/list")({ tools: "not a list" })).toBe(false);
  });

  it("carries the 2026-07-28 patches and the *ResultResponse unions into the validators", () => {
    const { module } = loaded("2026-07-28");
    const json = validator(module, "def:JSONValue");
    expect(json(22.5)).toBe(true);
    expect(json(null)).toBe(true);
    const result = validator(module, "result:clientRequests:tools/call");
    expect(result({ resultType: "input_required", requestState: "opaque" })).toBe(true);
    expect(result({ resultType: "complete", content: [] })).toBe(true);
    expect(validator(module, "def:CallToolResult")({ resultType: "input_required", requestState: "opaque" })).toBe(
      false,
    );
    expect(validator(module, "def:ResultType")("bogus")).toBe(false);
  });
});

describe("emitValidators on synthetic schemas", () => {
  it("exports definitions and method params/results that validate", () => {
    const schema = synthetic(
      {
        Result: { type: "object" },
        EchoRequest: {
          type: "object",
          properties: {
            method: { const: "echo", type: "string" },
            params: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
          },
          required: ["method", "params"],
        },
        EchoResult: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      },
      {
        ...NO_METHODS,
        clientRequests: {
          echo: {
            method: "echo",
            definition: "EchoRequest",
            paramsPointer: "/definitions/EchoRequest/properties/params",
            paramsRequired: true,
            result: "EchoResult",
            resultPointer: "/definitions/EchoResult",
          },
        },
      },
    );
    const module = loadCjs(emitValidators(schema), "synthetic");
    expect(Object.keys(module).sort()).toEqual([
      "def:EchoRequest",
      "def:EchoResult",
      "def:Result",
      "params:clientRequests:echo",
      "result:clientRequests:echo",
    ]);
    expect(validator(module, "params:clientRequests:echo")({ text: "hi" })).toBe(true);
    expect(validator(module, "params:clientRequests:echo")({ text: 1 })).toBe(false);
    expect(module["result:clientRequests:echo"]).toBe(module["def:EchoResult"]);
  });

  it("refuses code that would need an AJV runtime helper", () => {
    // maxLength counts code points through ajv/dist/runtime/ucs2length, which standalone code requires.
    const schema = synthetic({ Short: { type: "string", maxLength: 3 } });
    expect(() => emitValidators(schema)).toThrow(ValidatorEmitError);
    expect(() => emitValidators(schema)).toThrow(/require\(.*ucs2length/);
  });
});

describe("the engine for 2020-12 schemas", () => {
  const dialect2020 = (definitions: Record<string, unknown>): AnalysedSchema => ({
    ...synthetic(definitions),
    dialect: "2020-12",
    defsKey: "$defs",
    document: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: definitions,
    } as AnalysedSchema["document"],
  });

  it("is AJV's draft-07 one for the published versions, which use no keyword only 2020-12 has", () => {
    for (const version of ["2025-11-25", "2026-07-28"] as const) {
      const schema = analysedVersion(version);
      expect(schema.dialect).toBe("2020-12");
      expect(needsDialectEngine(schema.document)).toBe(false);
      // The 2020-12 engine's bookkeeping (evaluated properties, dynamic anchors) is not in the code.
      expect(emitValidators(schema)).not.toMatch(/dynamicAnchors|\.evaluated/);
    }
  });

  it("is the 2020-12 one once a schema uses a keyword only it understands", () => {
    expect(needsDialectEngine({ $defs: { A: { type: "object", unevaluatedProperties: false } } })).toBe(true);
    expect(needsDialectEngine({ $defs: { A: { type: "array", prefixItems: [{ type: "string" }] } } })).toBe(true);
    expect(needsDialectEngine({ $defs: { A: { items: [{ type: "string" }] } } })).toBe(true);
    // A property merely named like such a keyword is a name, not the keyword.
    expect(needsDialectEngine({ $defs: { A: { properties: { prefixItems: { type: "string" } } } } })).toBe(false);
    expect(needsDialectEngine({ $defs: { A: { const: { unevaluatedProperties: 1 } } } })).toBe(false);
    const schema = dialect2020({
      Closed: {
        type: "object",
        allOf: [{ properties: { a: { type: "string" } } }],
        unevaluatedProperties: false,
      },
    });
    const closed = validator(loadCjs(emitValidators(schema), "unevaluated"), "def:Closed");
    expect(closed({ a: "x" })).toBe(true);
    expect(closed({ a: "x", b: 1 })).toBe(false);
  });
});
