import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { cloneJson, getPointer, isObject, type JsonSchema } from "../../codegen/json-schema.js";
import { definitionsOf, type LoadedSchema, loadSchemas } from "../../codegen/load.js";
import { PatchMismatchError, patchSchema, SCHEMA_PATCHES, type SchemaPatch } from "../../codegen/patch.js";
import { lock } from "../helpers/codegen-stages.js";

const loaded = loadSchemas(lock);

function loadedVersion(version: string): LoadedSchema {
  const found = loaded.find((schema) => schema.version === version);
  if (!found) throw new Error(`no schema ${version}`);
  return found;
}

/** A deep copy of a loaded schema, so a test can play "upstream" and change it. */
function cloneLoaded(schema: LoadedSchema): LoadedSchema {
  return { ...schema, document: cloneJson(schema.document) };
}

/** Validates `value` against the schema at `pointer` of a document, with AJV (formats ignored). */
function accepts(schema: LoadedSchema, pointer: string, value: unknown): boolean {
  const options = { strict: false, validateFormats: false, allErrors: true };
  const ajv = schema.dialect === "2020-12" ? new Ajv2020.default(options) : new Ajv.default(options);
  const document = cloneJson(schema.document) as Record<string, unknown>;
  delete document.$schema;
  ajv.addSchema({ ...document, $id: "patch-test" });
  const validate = ajv.getSchema(`patch-test#${pointer}`);
  if (!validate) throw new Error(`cannot resolve ${pointer}`);
  return validate(value) as boolean;
}

function unionRefs(schema: LoadedSchema, union: string): string[] {
  const anyOf = definitionsOf(schema)[union]?.anyOf;
  if (!Array.isArray(anyOf)) throw new Error(`${union} is not a union`);
  return anyOf.map((member) => (isObject(member) ? String(member.$ref) : "?"));
}

const patchVersionPairs = SCHEMA_PATCHES.flatMap((patch) => patch.versions.map((version) => ({ patch, version })));

/** Every (patch id, version) pair below has a test of what the patch changes; see the coverage test. */
const covered = new Set<string>();
const cover = (id: string, versions: readonly string[]) => {
  for (const version of versions) covered.add(`${id}@${version}`);
};

describe("each patch changes what it says, on the real schemas", () => {
  const elicitVersions = ["2025-06-18", "2025-11-25", "2026-07-28"];
  cover("elicit-result-content-number", elicitVersions);
  it.each(elicitVersions)("elicit-result-content-number (%s): a form answer of 1.5 becomes valid", (version) => {
    const before = loadedVersion(version);
    const after = patchSchema(before);
    const pointer = `/${before.defsKey}/ElicitResult/properties/content`;
    expect(accepts(before, pointer, { rating: 1.5 })).toBe(false);
    expect(accepts(after, pointer, { rating: 1.5 })).toBe(true);
    // Still a constrained map of scalars: integers, strings and booleans stay valid, objects stay invalid.
    expect(accepts(after, pointer, { count: 2, name: "x", ok: true })).toBe(true);
    expect(accepts(after, pointer, { nested: { a: 1 } })).toBe(false);
  });

  cover("json-value-number-and-null", ["2026-07-28"]);
  it("json-value-number-and-null (2026-07-28): JSONValue allows non-integer numbers and null", () => {
    const before = loadedVersion("2026-07-28");
    const after = patchSchema(before);
    for (const value of [22.5, null, { temperature: 22.5 }, [null, 1.5]]) {
      expect(accepts(before, "/$defs/JSONValue", value), JSON.stringify(value)).toBe(false);
      expect(accepts(after, "/$defs/JSONValue", value), JSON.stringify(value)).toBe(true);
    }
    expect(accepts(after, "/$defs/JSONValue", { a: ["x", 1, true, { b: null }] })).toBe(true);
  });

  cover("create-task-result-in-result-unions", ["2025-11-25"]);
  it("create-task-result-in-result-unions (2025-11-25): both result unions gain CreateTaskResult, once", () => {
    const before = loadedVersion("2025-11-25");
    const after = patchSchema(before);
    for (const union of ["ServerResult", "ClientResult"]) {
      const was = unionRefs(before, union);
      const now = unionRefs(after, union);
      expect(was).not.toContain("#/$defs/CreateTaskResult");
      expect(now.filter((ref) => ref === "#/$defs/CreateTaskResult")).toHaveLength(1);
      expect(now).toEqual([...was, "#/$defs/CreateTaskResult"]);
    }
  });

  cover("result-type-values", ["2026-07-28"]);
  it("result-type-values (2026-07-28): ResultType is an enum and InputRequiredResult needs its literal", () => {
    const before = loadedVersion("2026-07-28");
    const after = patchSchema(before);
    expect(accepts(before, "/$defs/ResultType", "bogus")).toBe(true);
    expect(accepts(after, "/$defs/ResultType", "bogus")).toBe(false);
    expect(accepts(after, "/$defs/ResultType", "complete")).toBe(true);
    expect(accepts(after, "/$defs/ResultType", "input_required")).toBe(true);
    const complete = { resultType: "complete", requestState: "opaque" };
    expect(accepts(before, "/$defs/InputRequiredResult", complete)).toBe(true);
    expect(accepts(after, "/$defs/InputRequiredResult", complete)).toBe(false);
    expect(accepts(after, "/$defs/InputRequiredResult", { ...complete, resultType: "input_required" })).toBe(true);
  });

  cover("cacheable-result-fields-optional", ["2026-07-28"]);
  it("cacheable-result-fields-optional (2026-07-28): ttlMs and cacheScope stop being required, nothing else", () => {
    const before = loadedVersion("2026-07-28");
    const after = patchSchema(before);
    const beforeDefs = definitionsOf(before);
    const afterDefs = definitionsOf(after);
    const requiring = Object.keys(beforeDefs).filter((name) => {
      const required = beforeDefs[name]?.required;
      return Array.isArray(required) && required.includes("ttlMs");
    });
    expect(requiring.length).toBeGreaterThan(0);
    for (const name of requiring) {
      const was = beforeDefs[name]?.required as string[];
      expect(was, name).toContain("cacheScope");
      expect(afterDefs[name]?.required, name).toEqual(
        was.filter((field) => field !== "ttlMs" && field !== "cacheScope"),
      );
    }
    // The spec's own example: a list result from an older-style server, without ttlMs and cacheScope.
    const tools = { resultType: "complete", tools: [] };
    expect(accepts(before, "/$defs/ListToolsResult", tools)).toBe(false);
    expect(accepts(after, "/$defs/ListToolsResult", tools)).toBe(true);
    expect(accepts(after, "/$defs/ListToolsResult", { resultType: "complete" })).toBe(false);
  });

  it("every patch and version in SCHEMA_PATCHES has a test above", () => {
    const declared = new Set(patchVersionPairs.map(({ patch, version }) => `${patch.id}@${version}`));
    expect([...covered].sort()).toEqual([...declared].sort());
  });
});

describe("patches fail loudly when upstream changes", () => {
  it.each(patchVersionPairs.map(({ patch, version }) => [patch.id, version, patch] as const))(
    "%s on %s throws PatchMismatchError once upstream has made the same fix",
    (id, version, patch) => {
      const fixedUpstream = cloneLoaded(loadedVersion(version));
      patch.apply(definitionsOf(fixedUpstream), version);
      expect(() => patchSchema(fixedUpstream, [patch])).toThrow(PatchMismatchError);
      expect(() => patchSchema(fixedUpstream, [patch])).toThrow(id);
    },
  );

  it("names the pointer, the expected and the found value when the patched value is absent", () => {
    const upstream = cloneLoaded(loadedVersion("2026-07-28"));
    const scalar = getPointer(definitionsOf(upstream), "/JSONValue/anyOf/2") as JsonSchema;
    delete scalar.type;
    let caught: unknown;
    try {
      patchSchema(upstream);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PatchMismatchError);
    const message = (caught as Error).message;
    expect(message).toContain("json-value-number-and-null");
    expect(message).toContain("/JSONValue/anyOf/2/type");
    expect(message).toContain('["string","integer","boolean"]');
    expect(message).toContain("found undefined");
  });

  it("rejects a union patch when the member being added is not defined", () => {
    const upstream = cloneLoaded(loadedVersion("2025-11-25"));
    delete definitionsOf(upstream).CreateTaskResult;
    expect(() => patchSchema(upstream)).toThrow(/CreateTaskResult is not defined/);
  });
});

describe("patchSchema", () => {
  it("does not mutate the loaded schema", () => {
    for (const schema of loaded) {
      const snapshot = JSON.stringify(schema.document);
      const patched = patchSchema(schema);
      expect(JSON.stringify(schema.document), schema.version).toBe(snapshot);
      expect(patched.document).not.toBe(schema.document);
      expect("patches" in schema).toBe(false);
    }
  });

  it("changes the document only where a patch applies", () => {
    for (const schema of loaded) {
      const patched = patchSchema(schema);
      const changed = JSON.stringify(patched.document) !== JSON.stringify(schema.document);
      expect(changed, schema.version).toBe(patched.patches.length > 0);
    }
  });

  it("records the ids of the patches applied to each version, in order", () => {
    // Elicitation arrived in 2025-06-18, tasks in 2025-11-25, JSONValue, ResultType and caching in 2026-07-28;
    // the two oldest versions have none of the defective definitions.
    const expected: Record<string, string[]> = {
      "2024-11-05": [],
      "2025-03-26": [],
      "2025-06-18": ["elicit-result-content-number"],
      "2025-11-25": ["elicit-result-content-number", "create-task-result-in-result-unions"],
      "2026-07-28": [
        "elicit-result-content-number",
        "json-value-number-and-null",
        "result-type-values",
        "cacheable-result-fields-optional",
      ],
    };
    expect(Object.fromEntries(loaded.map((schema) => [schema.version, patchSchema(schema).patches]))).toEqual(expected);
  });

  it("applies a custom patch list only to the versions each patch names, passing the version", () => {
    const calls: string[] = [];
    const patches: SchemaPatch[] = [
      {
        id: "mark",
        versions: ["2025-06-18", "2026-07-28"],
        reason: "test",
        apply(defs, version) {
          calls.push(version);
          defs.Marker = { const: version };
        },
      },
      { id: "never", versions: ["1999-01-01"], reason: "test", apply: () => calls.push("never") },
    ];
    const results = loaded.map((schema) => patchSchema(schema, patches));
    expect(calls).toEqual(["2025-06-18", "2026-07-28"]);
    for (const result of results) {
      const marked = ["2025-06-18", "2026-07-28"].includes(result.version);
      expect(result.patches).toEqual(marked ? ["mark"] : []);
      expect(definitionsOf(result).Marker).toEqual(marked ? { const: result.version } : undefined);
    }
  });
});
