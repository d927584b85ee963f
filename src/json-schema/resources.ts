/**
 * Where every subschema lives: the base URI each one is evaluated against, and what `$id`,
 * `$anchor` and `$dynamicAnchor` name, across the user's schema and any documents given to resolve
 * remote `$ref`s against. Indexed once, before compiling, so a `$ref` that points at nothing is
 * refused at compile time rather than when a value first reaches it.
 */

/** A JSON Schema in its object form: keywords by name. */
export type JsonSchemaObject = { [keyword: string]: unknown };
/** A JSON Schema (draft 2020-12 by default): an object of keywords, or true/false. */
export type JsonSchema = JsonSchemaObject | boolean;

/** A JSON Schema that cannot be compiled (an unknown `$ref`, a malformed keyword, ...), naming where. */
export class SchemaCompileError extends Error {
  /** The error's name, `"SchemaCompileError"`. */
  override name = "SchemaCompileError";
}

/** The base URI of a root schema without `$id` (no network is ever reached through it). */
export const DEFAULT_BASE = "urn:typed-mcp:schema";

// Keywords whose value is a schema, a map of schemas, or a list of schemas. Anything else (enum,
// const, unknown keywords, ...) is data: an `$id` inside it identifies nothing.
const SCHEMA_KEYWORDS = new Set([
  "additionalProperties",
  "contains",
  "if",
  "then",
  "else",
  "not",
  "items",
  "additionalItems",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
]);
const SCHEMA_MAP_KEYWORDS = new Set(["$defs", "definitions", "properties", "patternProperties", "dependentSchemas"]);
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems", "items"]);

export interface SchemaIndex {
  /** Base URI (no fragment) of every subschema object reached. */
  baseOf: Map<object, string>;
  /** Schema resources by their absolute URI (no fragment). */
  resources: Map<string, JsonSchema>;
  /** `$anchor` and `$dynamicAnchor` targets, by `base#name`. */
  anchors: Map<string, JsonSchema>;
  /** Only the `$dynamicAnchor` targets, by `base#name`. */
  dynamicAnchors: Map<string, JsonSchema>;
  /** Whether any schema uses `unevaluatedProperties`/`unevaluatedItems` (annotations are tracked only then). */
  usesUnevaluated: boolean;
}

export function resolveUri(reference: string, base: string): string {
  try {
    return new URL(reference, base).href;
  } catch {
    throw new SchemaCompileError(`cannot resolve ${JSON.stringify(reference)} against ${base}`);
  }
}

export function withoutFragment(uri: string): string {
  const hash = uri.indexOf("#");
  return hash < 0 ? uri : uri.slice(0, hash);
}

/** Indexes `root` (at `rootBase` unless it has an `$id`) and every extra document, keyed by URI. */
export function indexSchemas(root: JsonSchema, documents: Readonly<Record<string, JsonSchema>>): SchemaIndex {
  const index: SchemaIndex = {
    baseOf: new Map(),
    resources: new Map(),
    anchors: new Map(),
    dynamicAnchors: new Map(),
    usesUnevaluated: false,
  };
  for (const [uri, document] of Object.entries(documents)) {
    const retrievedFrom = withoutFragment(resolveUri(uri, DEFAULT_BASE));
    walk(document, retrievedFrom, index, true);
    // A document whose `$id` differs from where it was found answers to both.
    if (!index.resources.has(retrievedFrom)) index.resources.set(retrievedFrom, document);
  }
  walk(root, DEFAULT_BASE, index, true);
  return index;
}

function walk(node: unknown, base: string, index: SchemaIndex, isResourceRoot: boolean): void {
  if (typeof node === "boolean") return;
  if (typeof node !== "object" || node === null || Array.isArray(node)) return;
  const schema = node as JsonSchemaObject;
  if (index.baseOf.has(schema)) return;
  let here = base;
  if (typeof schema.$id === "string") {
    here = withoutFragment(resolveUri(schema.$id, base));
    index.resources.set(here, schema);
  } else if (isResourceRoot) index.resources.set(here, schema);
  index.baseOf.set(schema, here);
  if (typeof schema.$anchor === "string") index.anchors.set(`${here}#${schema.$anchor}`, schema);
  if (typeof schema.$dynamicAnchor === "string") {
    index.anchors.set(`${here}#${schema.$dynamicAnchor}`, schema);
    index.dynamicAnchors.set(`${here}#${schema.$dynamicAnchor}`, schema);
  }
  if ("unevaluatedProperties" in schema || "unevaluatedItems" in schema) index.usesUnevaluated = true;
  for (const [keyword, value] of Object.entries(schema)) {
    if (SCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
      for (const item of value) walk(item, here, index, false);
    } else if (SCHEMA_KEYWORDS.has(keyword)) walk(value, here, index, false);
    else if (SCHEMA_MAP_KEYWORDS.has(keyword) && typeof value === "object" && value !== null) {
      for (const item of Object.values(value)) walk(item, here, index, false);
    }
  }
}

/** The schema `reference` names from `base`: a resource, an anchor, or a JSON Pointer into a resource. */
export function resolveReference(
  index: SchemaIndex,
  reference: string,
  base: string,
): { target: JsonSchema; uri: string } {
  const uri = resolveUri(reference, base);
  const hash = uri.indexOf("#");
  const resourceUri = hash < 0 ? uri : uri.slice(0, hash);
  const fragment = hash < 0 ? "" : decodeURIComponent(uri.slice(hash + 1));
  const resource = index.resources.get(resourceUri);
  if (resource === undefined) throw new SchemaCompileError(`$ref ${reference} names a schema that is not known`);
  if (fragment === "") return { target: resource, uri: resourceUri };
  if (!fragment.startsWith("/")) {
    const anchored = index.anchors.get(`${resourceUri}#${fragment}`);
    if (anchored === undefined) throw new SchemaCompileError(`$ref ${reference} points at nothing`);
    return { target: anchored, uri };
  }
  let node: unknown = resource;
  for (const raw of fragment.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = typeof node === "object" && node !== null ? (node as JsonSchemaObject)[key] : undefined;
  }
  if (typeof node !== "boolean" && (typeof node !== "object" || node === null)) {
    throw new SchemaCompileError(`$ref ${reference} points at nothing`);
  }
  return { target: node as JsonSchema, uri };
}

const VALIDATION_VOCABULARY = "https://json-schema.org/draft/2020-12/vocab/validation";
const FORMAT_ASSERTION_VOCABULARY = "https://json-schema.org/draft/2020-12/vocab/format-assertion";
const KNOWN_VOCABULARIES = new Set([
  "https://json-schema.org/draft/2020-12/vocab/core",
  "https://json-schema.org/draft/2020-12/vocab/applicator",
  "https://json-schema.org/draft/2020-12/vocab/unevaluated",
  VALIDATION_VOCABULARY,
  "https://json-schema.org/draft/2020-12/vocab/meta-data",
  "https://json-schema.org/draft/2020-12/vocab/format-annotation",
  FORMAT_ASSERTION_VOCABULARY,
  "https://json-schema.org/draft/2020-12/vocab/content",
]);

/** What the root's `$schema` turns on, when it names a known meta-schema that lists `$vocabulary`. */
export function vocabularies(root: JsonSchema, index: SchemaIndex): { validation: boolean; formatAssertion: boolean } {
  const all = { validation: true, formatAssertion: false };
  if (typeof root !== "object" || typeof root.$schema !== "string") return all;
  const meta = index.resources.get(withoutFragment(resolveUri(root.$schema, DEFAULT_BASE)));
  if (typeof meta !== "object" || typeof meta.$vocabulary !== "object" || meta.$vocabulary === null) return all;
  const listed = meta.$vocabulary as Record<string, unknown>;
  for (const [uri, required] of Object.entries(listed)) {
    if (required === true && !KNOWN_VOCABULARIES.has(uri)) {
      throw new SchemaCompileError(`$schema requires the vocabulary ${uri}, which is not supported`);
    }
  }
  return { validation: VALIDATION_VOCABULARY in listed, formatAssertion: FORMAT_ASSERTION_VOCABULARY in listed };
}
