/**
 * Stage 4a, emit types: every definition of one version as a named TypeScript type,
 * through json-schema-to-typescript.
 */
import { compile } from "json-schema-to-typescript";
import type { AnalysedSchema } from "./analyse.js";
import { cloneJson, isObject, type JsonSchema } from "./json-schema.js";
import { definitionsOf } from "./load.js";

const ROOT_NAME = "McpSchemaRoot";

/**
 * json-schema-to-typescript turns a `$ref` with sibling keywords into a fresh numbered copy of the
 * referenced type (Annotations1, Annotations2, ...). Upstream puts a field-level `description`
 * beside many `$ref`s, so the siblings are removed to keep one name per definition. A property's
 * description is kept, as `{ description, allOf: [{ $ref }] }`: that emits the referenced name,
 * with the description as the property's doc comment.
 */
export function dropRefSiblings(schema: unknown, asProperty = false): unknown {
  if (Array.isArray(schema)) return schema.map((member) => dropRefSiblings(member));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === "string") {
    if (asProperty && typeof schema.description === "string") {
      return { description: schema.description, allOf: [{ $ref: schema.$ref }] };
    }
    return { $ref: schema.$ref };
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "properties" && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, dropRefSiblings(sub, true)]))
        : dropRefSiblings(value),
    ]),
  );
}

const ANNOTATION_KEYWORDS = new Set(["description", "title", "$comment", "default", "examples"]);

/**
 * A schema with no constraint at all (only a description, say: LoggingMessageNotification's `data`,
 * "any JSON serializable type") means any value, but json-schema-to-typescript would type it as an
 * object. Such schemas are marked `tsType: "unknown"`.
 */
export function markUnconstrained(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const keys = Object.keys(schema);
  if (keys.every((key) => ANNOTATION_KEYWORDS.has(key))) return { ...schema, tsType: "unknown" };
  const out: Record<string, unknown> = { ...schema };
  for (const key of ["properties", "patternProperties", "$defs", "definitions"]) {
    const map = schema[key];
    if (isObject(map)) {
      out[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, markUnconstrained(sub)]));
    }
  }
  for (const key of ["items", "additionalProperties", "not"]) {
    if (isObject(schema[key]) && Object.keys(schema[key] as object).length > 0)
      out[key] = markUnconstrained(schema[key]);
  }
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const members = schema[key];
    if (Array.isArray(members)) out[key] = members.map(markUnconstrained);
  }
  return out;
}

export class TypeEmitError extends Error {
  override name = "TypeEmitError";
}

export async function emitTypes(schema: AnalysedSchema): Promise<string> {
  const document = markUnconstrained(dropRefSiblings(cloneJson(schema.document))) as JsonSchema;
  delete document.$schema;
  const compiled = await compile({ ...document, title: ROOT_NAME, type: "object" }, ROOT_NAME, {
    bannerComment: "",
    unreachableDefinitions: true,
    additionalProperties: false,
    strictIndexSignatures: false,
    format: true,
    style: { printWidth: 120 },
  });
  let source = compiled
    .replace(new RegExp(`(?:/\\*\\*\\n(?: \\*[^\\n]*\\n)*? \\*/\\n)?export interface ${ROOT_NAME} \\{\\}\\n?`), "")
    .replace(/\n \*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\./g, "")
    .replace(
      /\/\*\*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g,
      "",
    );
  source = addAliases(schema, source);
  checkExports(schema, source);
  return source;
}

/** Definitions that are a bare `$ref` (EmptyResult, ClientResult) are folded away upstream of us: restore them as aliases. */
function addAliases(schema: AnalysedSchema, source: string): string {
  const defs = definitionsOf(schema);
  const prefix = `#/${schema.defsKey}/`;
  const aliases: string[] = [];
  for (const name of schema.definitionNames) {
    if (exported(source, name)) continue;
    const ref = (defs[name] as JsonSchema).$ref;
    if (typeof ref === "string" && ref.startsWith(prefix)) {
      aliases.push(`export type ${name} = ${ref.slice(prefix.length)};`);
    }
  }
  return aliases.length ? `${source.trimEnd()}\n${aliases.join("\n")}\n` : source;
}

function exported(source: string, name: string): boolean {
  return new RegExp(`^export (?:type|interface) ${name}\\b`, "m").test(source);
}

function checkExports(schema: AnalysedSchema, source: string): void {
  const missing = schema.definitionNames.filter((name) => !exported(source, name));
  const names = [...source.matchAll(/^export (?:type|interface) (\w+)/gm)].map((match) => match[1] as string);
  const extra = names.filter((name) => !schema.definitionNames.includes(name));
  if (missing.length || extra.length) {
    throw new TypeEmitError(
      `${schema.version}: the emitted types do not match the definitions one to one (missing: ${missing.join(", ") || "none"}; extra: ${extra.join(", ") || "none"})`,
    );
  }
}
