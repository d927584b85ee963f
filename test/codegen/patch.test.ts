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

/** Every (patch, version) pair where the real schemas have the defect. */
const patchVersionPairs = loaded.flatMap((schema) =>
  patchSchema(schema).patches.map((id) => ({
    patch: SCHEMA_PATCHES.find((p) => p.id === id) as SchemaPatch,
    version: schema.version,
  })),
);

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

  it("every patch and version where a defect is present has a test above", () => {
    const declared = new Set(patchVersionPairs.map(({ patch, version }) => `${patch.id}@${version}`));
    expect([...covered].sort()).toEqual([...declared].sort());
  });
});

describe("patches fail loudly when upstream changes", () => {
  it.each(patchVersionPairs.map(({ patch, version }) => [patch.id, version, patch] as const))(
    "%s on %s: once upstream has made the same fix, it is reported as fixed and changes nothing",
    (id, version, patch) => {
      const fixedUpstream = cloneLoaded(loadedVersion(version));
      patch.apply(definitionsOf(fixedUpstream), `#/${fixedUpstream.defsKey}/`);
      const again = patchSchema(fixedUpstream, [patch]);
      expect(again.patches).toEqual([]);
      expect(again.fixedUpstream).toEqual([id]);
      expect(JSON.stringify(again.document)).toBe(JSON.stringify(fixedUpstream.document));
    },
  );

  it.each([
    [
      "elicit-result-content-number",
      "2025-11-25",
      "/ElicitResult/properties/content/additionalProperties/anyOf/1/type",
    ],
    ["json-value-number-and-null", "2026-07-28", "/JSONValue/anyOf/2/type"],
  ])("%s on %s: a scalar type of another shape is a PatchMismatchError naming it", (id, version, pointer) => {
    const upstream = cloneLoaded(loadedVersion(version));
    const slash = pointer.lastIndexOf("/");
    (getPointer(definitionsOf(upstream), pointer.slice(0, slash)) as JsonSchema).type = ["string", "boolean"];
    const patch = SCHEMA_PATCHES.find((p) => p.id === id) as SchemaPatch;
    expect(() => patchSchema(upstream, [patch])).toThrow(PatchMismatchError);
    expect(() => patchSchema(upstream, [patch])).toThrow(`${pointer} to be ["string","integer","boolean"]`);
  });

  it("a ResultType that is neither a string nor an enum, and cacheable results required elsewhere, fail loudly", () => {
    const upstream = cloneLoaded(loadedVersion("2026-07-28"));
    const defs = definitionsOf(upstream);
    (defs.ResultType as JsonSchema).type = "integer";
    expect(() => patchSchema(upstream)).toThrow(/result-type-values: expected ResultType to be a string/);
    const cache = cloneLoaded(loadedVersion("2026-07-28"));
    (definitionsOf(cache).ListToolsResult as JsonSchema).required = ["tools"];
    expect(() => patchSchema(cache)).toThrow(/cacheable-result-fields-optional: expected ttlMs to be required by/);
  });

  it("keys patches by content, not version name: the newest schema under a new date gets the same fixes", () => {
    const newest = loaded[loaded.length - 1] as LoadedSchema;
    const renamed = { ...cloneLoaded(newest), version: "2099-01-01" };
    expect(patchSchema(renamed).patches).toEqual(patchSchema(newest).patches);
    expect(JSON.stringify(patchSchema(renamed).document)).toBe(JSON.stringify(patchSchema(newest).document));
  });

  it("names the pointer, the expected and the found value when the patched value changed", () => {
    const upstream = cloneLoaded(loadedVersion("2026-07-28"));
    const scalar = getPointer(definitionsOf(upstream), "/JSONValue/anyOf/2") as JsonSchema;
    scalar.type = ["string", "integer"];
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
    expect(message).toContain('found ["string","integer"]');
  });

  it("a union patch: without CreateTaskResult it does not apply; with it in one union only it fails loudly", () => {
    const without = cloneLoaded(loadedVersion("2025-11-25"));
    delete definitionsOf(without).CreateTaskResult;
    expect(patchSchema(without).patches).not.toContain("create-task-result-in-result-unions");
    const half = cloneLoaded(loadedVersion("2025-11-25"));
    ((definitionsOf(half).ServerResult as JsonSchema).anyOf as unknown[]).push({ $ref: "#/$defs/CreateTaskResult" });
    expect(() => patchSchema(half)).toThrow(/only one of ServerResult and ClientResult lists CreateTaskResult/);
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

  it("applies a custom patch only where it detects its defect, and reports where upstream fixed it", () => {
    const seen: string[] = [];
    const patches: SchemaPatch[] = [
      {
        id: "mark",
        reason: "test",
        detect(defs) {
          if (!defs.ElicitResult) return "absent";
          return defs.JSONValue ? "fixed" : "present";
        },
        apply(defs, refPrefix) {
          seen.push(refPrefix);
          defs.Marker = { const: refPrefix };
        },
      },
    ];
    const results = loaded.map((schema) => patchSchema(schema, patches));
    expect(results.map((r) => [r.version, r.patches, r.fixedUpstream])).toEqual([
      ["2024-11-05", [], []],
      ["2025-03-26", [], []],
      ["2025-06-18", ["mark"], []],
      ["2025-11-25", ["mark"], []],
      ["2026-07-28", [], ["mark"]],
    ]);
    expect(seen).toEqual(["#/definitions/", "#/$defs/"]);
  });
});
