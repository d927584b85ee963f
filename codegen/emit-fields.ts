/**
 * Stage 4f, emit fields: every definition's fields with a short readable type ("string",
 * "Role[]", "\"form\" | \"url\"", "(optional)" when not required). Nothing at run time reads it
 * but the version diff (`typed-mcp diff`, `npm run schema`), which compares two versions field by field.
 */
import type { AnalysedSchema } from "./analyse.js";
import { isObject, type JsonSchema } from "./json-schema.js";
import { definitionsOf } from "./load.js";

/** Definition -> field -> readable type. */
export type FieldTable = Record<string, Record<string, string>>;

export function buildFields(schema: AnalysedSchema): FieldTable {
  const defs = definitionsOf(schema);
  const prefix = `#/${schema.defsKey}/`;
  const table: FieldTable = {};
  for (const name of schema.definitionNames) {
    const fields: Record<string, string> = {};
    for (const part of objectParts(defs[name] as JsonSchema, defs, prefix)) {
      const required = Array.isArray(part.required) ? (part.required as string[]) : [];
      const properties = isObject(part.properties) ? part.properties : {};
      for (const [field, sub] of Object.entries(properties)) {
        const type = typeText(sub, prefix);
        fields[field] = required.includes(field) ? type : `${type} (optional)`;
      }
    }
    table[name] = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return table;
}

/** The object schemas whose properties make up a definition: itself and the members of an allOf. */
function objectParts(def: JsonSchema, defs: Record<string, JsonSchema>, prefix: string): JsonSchema[] {
  const parts: JsonSchema[] = [def];
  if (Array.isArray(def.allOf)) {
    for (const member of def.allOf) {
      if (!isObject(member)) continue;
      const ref = typeof member.$ref === "string" && member.$ref.startsWith(prefix) ? member.$ref : undefined;
      const resolved = ref ? defs[ref.slice(prefix.length)] : member;
      if (resolved) parts.push(...objectParts(resolved, defs, prefix));
    }
  }
  return parts;
}

/** A short TypeScript-like rendering of a field's schema. */
export function typeText(node: unknown, prefix: string): string {
  if (!isObject(node)) return "unknown";
  if (typeof node.$ref === "string") {
    return node.$ref.startsWith(prefix) ? node.$ref.slice(prefix.length) : node.$ref;
  }
  if ("const" in node) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return node.enum.map((value) => JSON.stringify(value)).join(" | ");
  const union = node.anyOf ?? node.oneOf;
  if (Array.isArray(union)) return union.map((member) => typeText(member, prefix)).join(" | ");
  if (Array.isArray(node.allOf)) return node.allOf.map((member) => typeText(member, prefix)).join(" & ");
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const rendered = types.map((type) => {
    if (type === "array") {
      const item = typeText(node.items, prefix);
      return item.includes(" ") ? `(${item})[]` : `${item}[]`;
    }
    if (type === "object") return "object";
    return typeof type === "string" ? type : "unknown";
  });
  return rendered.join(" | ");
}

export function emitFields(schema: AnalysedSchema): string {
  return `"use strict";\nmodule.exports = ${JSON.stringify(buildFields(schema), null, 1)};\n`;
}
