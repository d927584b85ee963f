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
 * beside many `$ref`s, so the siblings are removed to keep one name per definition.
 */
export function dropRefSiblings(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(dropRefSiblings);
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === "string") return { $ref: schema.$ref };
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, dropRefSiblings(value)]));
}

export class TypeEmitError extends Error {
  override name = "TypeEmitError";
}

export async function emitTypes(schema: AnalysedSchema): Promise<string> {
  const document = dropRefSiblings(cloneJson(schema.document)) as JsonSchema;
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
