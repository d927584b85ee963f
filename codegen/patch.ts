/**
 * Stage 2, patch: explicit fixes for known upstream schema defects.
 *
 * Patches are keyed by the defect they fix, not by version: each looks at a schema and says whether
 * its defect is present (then it applies), already fixed upstream (reported, nothing to do) or
 * absent (the version lacks the definitions involved). A target whose shape the patch does not
 * recognise is a PatchMismatchError naming what it found, so a changed upstream schema fails
 * loudly instead of being patched blindly. A new or re-pinned schema gets every fix it needs with
 * no edit here.
 */
import { cloneJson, getPointer, isObject, type JsonSchema } from "./json-schema.js";
import { definitionsOf, type LoadedSchema } from "./load.js";

/** What a patch finds in a schema. */
export type DefectState = "present" | "fixed" | "absent";

export interface SchemaPatch {
  id: string;
  reason: string;
  /** Where this schema stands; throws PatchMismatchError when the target has a shape the patch does not know. */
  detect(defs: Record<string, JsonSchema>, refPrefix: string): DefectState;
  /** Fixes the defect (called only when detect says "present"). */
  apply(defs: Record<string, JsonSchema>, refPrefix: string): void;
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

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Where a map of scalars keeps its scalar `type` array: the node itself (2025-06-18) or the one
 * anyOf member with a `type` array (later versions, beside a string-array member).
 */
function scalarTypePointer(defs: Record<string, JsonSchema>, pointer: string, patchId: string): string {
  const node = getPointer(defs, pointer);
  if (isObject(node) && Array.isArray(node.type)) return `${pointer}/type`;
  const members = isObject(node) && Array.isArray(node.anyOf) ? node.anyOf : [];
  const scalar = members.findIndex((member) => isObject(member) && Array.isArray(member.type));
  if (scalar < 0) {
    throw new PatchMismatchError(
      `patch ${patchId}: expected ${pointer} to hold a scalar type array but found ${JSON.stringify(node)}. ` +
        "The upstream schema changed shape: update this patch in codegen/patch.ts.",
    );
  }
  return `${pointer}/anyOf/${scalar}/type`;
}

/** The state of a scalar `type` array that should say number where upstream said integer. */
function integerTripleState(
  types: unknown,
  pointer: string,
  fixedWhen: (types: string[]) => boolean,
  patchId: string,
): DefectState {
  if (sameJson(types, INTEGER_TRIPLE)) return "present";
  if (Array.isArray(types) && fixedWhen(types as string[])) return "fixed";
  throw new PatchMismatchError(
    `patch ${patchId}: expected ${pointer} to be ${JSON.stringify(INTEGER_TRIPLE)} (or fixed upstream) but found ${JSON.stringify(types)}. ` +
      "The upstream schema changed shape: update this patch in codegen/patch.ts.",
  );
}

const ELICIT_CONTENT = "/ElicitResult/properties/content/additionalProperties";
const CACHEABLE = [
  "CacheableResult",
  "DiscoverResult",
  "ListPromptsResult",
  "ListResourceTemplatesResult",
  "ListResourcesResult",
  "ListToolsResult",
  "ReadResourceResult",
];

function requiringTtl(defs: Record<string, JsonSchema>): string[] {
  return Object.keys(defs)
    .filter((name) => {
      const required = (defs[name] as JsonSchema).required;
      return Array.isArray(required) && required.includes("ttlMs");
    })
    .sort();
}

export const SCHEMA_PATCHES: readonly SchemaPatch[] = [
  {
    id: "elicit-result-content-number",
    reason:
      "ElicitResult.content values are `string | number | boolean` in the spec's TypeScript, but the schema generator " +
      "turned `number` into `integer`, so a form answer of 1.5 was rejected.",
    detect(defs) {
      if (!defs.ElicitResult) return "absent";
      const pointer = scalarTypePointer(defs, ELICIT_CONTENT, this.id);
      return integerTripleState(getPointer(defs, pointer), pointer, (t) => t.includes("number"), this.id);
    },
    apply(defs) {
      replaceAt(defs, scalarTypePointer(defs, ELICIT_CONTENT, this.id), INTEGER_TRIPLE, NUMBER_TRIPLE, this.id);
    },
  },
  {
    id: "json-value-number-and-null",
    reason:
      "JSONValue's scalar branch is `string | number | boolean | null` in the spec's TypeScript; the schema says " +
      'integer and omits null, so structured content such as {"temperature": 22.5} (a spec example) failed.',
    detect(defs) {
      if (!defs.JSONValue) return "absent";
      const pointer = scalarTypePointer(defs, "/JSONValue", this.id);
      const fixed = (t: string[]) => t.includes("number") && t.includes("null");
      return integerTripleState(getPointer(defs, pointer), pointer, fixed, this.id);
    },
    apply(defs) {
      const pointer = scalarTypePointer(defs, "/JSONValue", this.id);
      replaceAt(defs, pointer, INTEGER_TRIPLE, [...NUMBER_TRIPLE, "null"], this.id);
    },
  },
  {
    id: "create-task-result-in-result-unions",
    reason:
      "A task-augmented request is answered with CreateTaskResult, but the ServerResult and ClientResult unions " +
      "leave it out.",
    detect(defs, refPrefix) {
      if (!defs.CreateTaskResult) return "absent";
      const listed = ["ServerResult", "ClientResult"].map((union) => {
        const anyOf = getPointer(defs, `/${union}/anyOf`);
        if (!Array.isArray(anyOf)) throw new PatchMismatchError(`patch ${this.id}: ${union} is not an anyOf union`);
        return anyOf.some((entry) => isObject(entry) && entry.$ref === `${refPrefix}CreateTaskResult`);
      });
      if (listed.every(Boolean)) return "fixed";
      if (!listed.some(Boolean)) return "present";
      throw new PatchMismatchError(
        `patch ${this.id}: only one of ServerResult and ClientResult lists CreateTaskResult`,
      );
    },
    apply(defs, refPrefix) {
      addUnionMember(defs, "ServerResult", "CreateTaskResult", refPrefix, this.id);
      addUnionMember(defs, "ClientResult", "CreateTaskResult", refPrefix, this.id);
    },
  },
  {
    id: "result-type-values",
    reason:
      'ResultType is `"complete" | "input_required"` in the spec\'s TypeScript but collapsed to `string`, and ' +
      "InputRequiredResult.resultType lost its literal, so every result also matched InputRequiredResult.",
    detect(defs) {
      if (!defs.ResultType) return "absent";
      const resultType = defs.ResultType;
      if (Array.isArray(resultType.enum)) return "fixed";
      if (resultType.type === "string") return "present";
      throw new PatchMismatchError(
        `patch ${this.id}: expected ResultType to be a string (or an enum, fixed upstream) but found ${JSON.stringify(resultType)}`,
      );
    },
    apply(defs) {
      replaceAt(defs, "/ResultType/type", "string", "string", this.id);
      replaceAt(defs, "/ResultType/enum", undefined, ["complete", "input_required"], this.id);
      replaceAt(defs, "/InputRequiredResult/properties/resultType/type", "string", "string", this.id);
      replaceAt(defs, "/InputRequiredResult/properties/resultType/const", undefined, "input_required", this.id);
    },
  },
  {
    id: "cacheable-result-fields-optional",
    reason:
      "The caching page tells clients to treat an absent `ttlMs` as 0 (results from older servers), and the spec's own " +
      "example ReadResourceResultResponse/read-resource-result-response.json omits `ttlMs` and `cacheScope`; the " +
      "schema made both required, so a client would reject results the spec says it must accept.",
    detect(defs) {
      const requiring = requiringTtl(defs);
      if (requiring.length === 0) return defs.CacheableResult ? "fixed" : "absent";
      if (!sameJson(requiring, CACHEABLE)) {
        throw new PatchMismatchError(
          `patch ${this.id}: expected ttlMs to be required by ${CACHEABLE.join(", ")} but found ${requiring.join(", ")}`,
        );
      }
      return "present";
    },
    apply(defs) {
      for (const name of CACHEABLE) {
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
  /** Ids of the patches whose defect upstream has fixed in this version: candidates to drop. */
  fixedUpstream?: string[];
}

/** Returns a patched copy (each patch whose defect is present, applied); the loaded schema is left untouched. */
export function patchSchema(schema: LoadedSchema, patches: readonly SchemaPatch[] = SCHEMA_PATCHES): PatchedSchema {
  const copy = cloneJson(schema.document);
  const fixedUpstream: string[] = [];
  const patched: PatchedSchema = { ...schema, document: copy, patches: [], fixedUpstream };
  const defs = definitionsOf(patched);
  const refPrefix = `#/${schema.defsKey}/`;
  for (const patch of patches) {
    const state = patch.detect(defs, refPrefix);
    if (state === "present") {
      patch.apply(defs, refPrefix);
      patched.patches.push(patch.id);
    } else if (state === "fixed") fixedUpstream.push(patch.id);
  }
  return patched;
}
