/**
 * Stage 4e, emit shapes: for each definition, which fields the version defines, and where a field
 * holds another definition. The kernel uses this to bring a result down to the negotiated version
 * (fields that version does not define are dropped) before validating it.
 *
 * Only named definitions are projected. Inline objects (a tool's inputSchema, `_meta`, structured
 * content) are kept as they are: they are open by nature, and their keys are the application's.
 */
import type { AnalysedSchema } from "./analyse.js";
import { isObject, type JsonSchema } from "./json-schema.js";
import { definitionsOf } from "./load.js";

/** What a field holds: a definition ("Name"), a union told apart by `type`, or an array of either. */
export type FieldRef = string | { union: Record<string, string> } | [string | { union: Record<string, string> }];

export type Shape =
  /** An object: the fields it may keep, and which of them hold definitions. */
  | { keys: string[]; refs: Record<string, FieldRef> }
  /** A union told apart by `type`: which definition each value names. */
  | { union: Record<string, string> };

export function buildShapes(schema: AnalysedSchema): Record<string, Shape> {
  const defs = definitionsOf(schema);
  const prefix = `#/${schema.defsKey}/`;
  const refName = (node: unknown): string | undefined =>
    isObject(node) && typeof node.$ref === "string" && node.$ref.startsWith(prefix)
      ? node.$ref.slice(prefix.length)
      : undefined;
  const resolve = (name: string): JsonSchema | undefined => {
    let node: unknown = defs[name];
    for (let hops = 0; hops < 8; hops++) {
      const next = refName(node);
      if (next === undefined) break;
      node = defs[next];
    }
    return isObject(node) ? node : undefined;
  };
  /** The members of an anyOf of references, keyed by their constant `type`; undefined if it is not one. */
  const taggedUnion = (node: JsonSchema): Record<string, string> | undefined => {
    if (!Array.isArray(node.anyOf)) return undefined;
    const union: Record<string, string> = {};
    for (const member of node.anyOf) {
      const memberName = refName(member);
      const memberDef = memberName ? resolve(memberName) : undefined;
      const tag = isObject(memberDef?.properties) ? (memberDef.properties as JsonSchema).type : undefined;
      if (!memberName || !isObject(tag) || typeof tag.const !== "string") return undefined;
      union[tag.const] = memberName;
    }
    return union;
  };
  const single = (node: unknown): string | { union: Record<string, string> } | undefined => {
    const name = refName(node);
    if (name) return name;
    const union = isObject(node) ? taggedUnion(node) : undefined;
    return union ? { union } : undefined;
  };
  const shapes: Record<string, Shape> = {};
  for (const name of schema.definitionNames) {
    const def = defs[name] as JsonSchema;
    const alias = refName(def);
    const target = alias ? resolve(alias) : def;
    if (!target) continue;
    if (Array.isArray(target.anyOf)) {
      const union = taggedUnion(target);
      if (union) shapes[name] = { union };
      continue;
    }
    if (target.type !== "object" || !isObject(target.properties) || "additionalProperties" in target) continue;
    const refs: Record<string, FieldRef> = {};
    for (const [field, sub] of Object.entries(target.properties)) {
      const direct = single(sub);
      if (direct) refs[field] = direct;
      else if (isObject(sub) && sub.type === "array") {
        const item = single(sub.items);
        if (item) refs[field] = [item];
      }
    }
    shapes[name] = { keys: Object.keys(target.properties).sort(), refs };
  }
  return shapes;
}

export function emitShapes(schema: AnalysedSchema): string {
  return `"use strict";\nmodule.exports = ${JSON.stringify(buildShapes(schema), null, 1)};\n`;
}
