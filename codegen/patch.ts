/**
 * Stage 2, patch: explicit fixes for known upstream schema defects.
 *
 * Every patch names the versions it applies to and asserts the exact value it replaces, so
 * an upstream fix makes the generator fail loudly instead of silently re-applying a patch.
 */
import { cloneJson, getPointer, isObject, type JsonSchema } from "./json-schema.js";
import { definitionsOf, type LoadedSchema } from "./load.js";

export interface SchemaPatch {
  id: string;
  versions: readonly string[];
  reason: string;
  apply(defs: Record<string, JsonSchema>, version: string): void;
}

export class PatchMismatchError extends Error {
  override name = "PatchMismatchError";
}

/** Replaces the value at `pointer` (relative to the definitions) after checking it is `expected`; exported for tests. */
export function replaceAt(
  defs: Record<string, JsonSchema>,
  pointer: string,
  expected: unknown,
  next: unknown,
  patchId: string,
) {
  const actual = getPointer(defs, pointer);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new PatchMismatchError(
      `patch ${patchId}: expected ${pointer} to be ${JSON.stringify(expected)} but found ${JSON.stringify(actual)}. ` +
        "The upstream schema changed: drop or update this patch in codegen/patch.ts.",
    );
  }
  const slash = pointer.lastIndexOf("/");
  const parent = getPointer(defs, pointer.slice(0, slash));
  const key = pointer.slice(slash + 1);
  if (Array.isArray(parent)) parent[Number(key)] = next;
  else if (isObject(parent)) parent[key] = next;
  else throw new PatchMismatchError(`patch ${patchId}: ${pointer.slice(0, slash) || "/"} is missing, nothing to patch`);
}

function addUnionMember(
  defs: Record<string, JsonSchema>,
  union: string,
  member: string,
  refPrefix: string,
  patchId: string,
) {
  const anyOf = getPointer(defs, `/${union}/anyOf`);
  if (!Array.isArray(anyOf)) throw new PatchMismatchError(`patch ${patchId}: ${union} is not an anyOf union`);
  const ref = `${refPrefix}${member}`;
  if (anyOf.some((entry) => isObject(entry) && entry.$ref === ref)) {
    throw new PatchMismatchError(
      `patch ${patchId}: ${union} already lists ${member}; upstream fixed it, drop this patch.`,
    );
  }
  if (!defs[member]) throw new PatchMismatchError(`patch ${patchId}: ${member} is not defined`);
  anyOf.push({ $ref: ref });
}

const INTEGER_TRIPLE = ["string", "integer", "boolean"];
const NUMBER_TRIPLE = ["string", "number", "boolean"];

export const SCHEMA_PATCHES: readonly SchemaPatch[] = [
  {
    id: "elicit-result-content-number",
    versions: ["2025-06-18"],
    reason:
      "ElicitResult.content values are `string | number | boolean` in the spec's TypeScript, but the schema generator " +
      "turned `number` into `integer`, so a form answer of 1.5 was rejected.",
    apply(defs) {
      replaceAt(
        defs,
        "/ElicitResult/properties/content/additionalProperties/type",
        INTEGER_TRIPLE,
        NUMBER_TRIPLE,
        this.id,
      );
    },
  },
  {
    id: "elicit-result-content-number",
    versions: ["2025-11-25", "2026-07-28"],
    reason: "As above: ElicitResult.content scalar values must accept any number, not only integers.",
    apply(defs) {
      replaceAt(
        defs,
        "/ElicitResult/properties/content/additionalProperties/anyOf/1/type",
        INTEGER_TRIPLE,
        NUMBER_TRIPLE,
        this.id,
      );
    },
  },
  {
    id: "json-value-number-and-null",
    versions: ["2026-07-28"],
    reason:
      "JSONValue's scalar branch is `string | number | boolean | null` in the spec's TypeScript; the schema says " +
      'integer and omits null, so structured content such as {"temperature": 22.5} (a spec example) failed.',
    apply(defs) {
      replaceAt(defs, "/JSONValue/anyOf/2/type", INTEGER_TRIPLE, [...NUMBER_TRIPLE, "null"], this.id);
    },
  },
  {
    id: "create-task-result-in-result-unions",
    versions: ["2025-11-25"],
    reason:
      "A task-augmented request is answered with CreateTaskResult, but the ServerResult and ClientResult unions " +
      "leave it out.",
    apply(defs) {
      addUnionMember(defs, "ServerResult", "CreateTaskResult", "#/$defs/", this.id);
      addUnionMember(defs, "ClientResult", "CreateTaskResult", "#/$defs/", this.id);
    },
  },
  {
    id: "result-type-values",
    versions: ["2026-07-28"],
    reason:
      'ResultType is `"complete" | "input_required"` in the spec\'s TypeScript but collapsed to `string`, and ' +
      "InputRequiredResult.resultType lost its literal, so every result also matched InputRequiredResult.",
    apply(defs) {
      replaceAt(defs, "/ResultType/type", "string", "string", this.id);
      replaceAt(defs, "/ResultType/enum", undefined, ["complete", "input_required"], this.id);
      replaceAt(defs, "/InputRequiredResult/properties/resultType/type", "string", "string", this.id);
      replaceAt(defs, "/InputRequiredResult/properties/resultType/const", undefined, "input_required", this.id);
    },
  },
  {
    id: "cacheable-result-fields-optional",
    versions: ["2026-07-28"],
    reason:
      "The caching page tells clients to treat an absent `ttlMs` as 0 (results from older servers), and the spec's own " +
      "example ReadResourceResultResponse/read-resource-result-response.json omits `ttlMs` and `cacheScope`; the " +
      "schema made both required, so a client would reject results the spec says it must accept.",
    apply(defs) {
      const cacheable = [
        "CacheableResult",
        "DiscoverResult",
        "ListPromptsResult",
        "ListResourceTemplatesResult",
        "ListResourcesResult",
        "ListToolsResult",
        "ReadResourceResult",
      ];
      const requiring = Object.keys(defs).filter((name) => {
        const required = (defs[name] as JsonSchema).required;
        return Array.isArray(required) && required.includes("ttlMs");
      });
      if (JSON.stringify(requiring.sort()) !== JSON.stringify(cacheable)) {
        throw new PatchMismatchError(
          `patch ${this.id}: expected ttlMs to be required by ${cacheable.join(", ")} but found ${requiring.join(", ")}`,
        );
      }
      for (const name of cacheable) {
        const required = (defs[name] as JsonSchema).required as string[];
        if (!required.includes("cacheScope")) {
          throw new PatchMismatchError(`patch ${this.id}: ${name} does not require cacheScope any more`);
        }
        (defs[name] as JsonSchema).required = required.filter((field) => field !== "ttlMs" && field !== "cacheScope");
      }
    },
  },
];

export interface PatchedSchema extends LoadedSchema {
  /** Ids of the patches applied to this version, in order. */
  patches: string[];
}

/** Returns a patched copy; the loaded schema is left untouched. */
export function patchSchema(schema: LoadedSchema, patches: readonly SchemaPatch[] = SCHEMA_PATCHES): PatchedSchema {
  const copy = cloneJson(schema.document);
  const patched: PatchedSchema = { ...schema, document: copy, patches: [] };
  const defs = definitionsOf(patched);
  for (const patch of patches) {
    if (!patch.versions.includes(schema.version)) continue;
    patch.apply(defs, schema.version);
    patched.patches.push(patch.id);
  }
  return patched;
}
