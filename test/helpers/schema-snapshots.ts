/**
 * The schema snapshots as text, rendered from what the generator analysed (codegen/): one line per
 * definition field, per message field, so that a change to the spec shows up in the
 * snapshot files' diff as the lines it changed. Shared by the snapshot tests and the test that
 * proves a synthetic breaking change shows up in them (test/snapshots/synthetic-breaking-change.test.ts).
 */
import { type AnalysedSchema, analyseSchema, DIRECTIONS } from "../../codegen/analyse.js";
import { buildFields, typeText } from "../../codegen/emit-fields.js";
import { getPointer, isObject, type JsonSchema } from "../../codegen/json-schema.js";
import { definitionsOf, loadSchemas } from "../../codegen/load.js";
import { patchSchema } from "../../codegen/patch.js";
import type { SchemaLock } from "../../schema/lock.js";
import { surfaceOfSchema } from "../../schema/manage.js";
import { diffSurfaces, formatVersionDiff } from "../../src/cli/surface-diff.js";

/** Every locked schema, loaded, patched and analysed as the generator does (no code emitted). */
export function analyseLocked(lock: SchemaLock, schemaDir?: string): AnalysedSchema[] {
  return loadSchemas(lock, schemaDir).map((loaded) => analyseSchema(patchSchema(loaded)));
}

/**
 * One line per field of every definition (`Tool.title: string (optional)`), and one line for a
 * definition without fields, saying what it is (`ClientRequest = CallToolRequest | …`).
 */
export function renderDefinitions(schema: AnalysedSchema): string {
  const defs = definitionsOf(schema);
  const prefix = `#/${schema.defsKey}/`;
  const fields = buildFields(schema);
  const lines = [`# MCP ${schema.version}: definitions and their fields`, ""];
  for (const name of schema.definitionNames) {
    const own = Object.entries(fields[name] ?? {});
    if (own.length === 0) lines.push(`${name} = ${typeText(defs[name], prefix)}`);
    for (const [field, type] of own) lines.push(`${name}.${field}: ${type}`);
  }
  return `${lines.join("\n")}\n`;
}

/** What changed from one version to the next, as `typed-mcp diff` prints it. */
export function renderChanges(from: AnalysedSchema, to: AnalysedSchema): string {
  return `${formatVersionDiff(diffSurfaces(surfaceOfSchema(from), surfaceOfSchema(to)))}`;
}

const MAX_DEPTH = 2;

function label(schema: unknown, prefix: string): string {
  if (!isObject(schema)) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.startsWith(prefix) ? schema.$ref.slice(prefix.length) : "ref";
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  for (const union of ["anyOf", "oneOf"] as const) {
    const members = schema[union];
    if (Array.isArray(members)) return members.map((member) => label(member, prefix)).join(" | ");
  }
  if (schema.type === "array") return `${label(schema.items, prefix)}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (typeof schema.type === "string") return schema.type;
  return "any";
}

function fieldLines(schema: AnalysedSchema, node: unknown, indent: string, depth: number): string[] {
  const defs = definitionsOf(schema);
  const prefix = `#/${schema.defsKey}/`;
  let target = node;
  for (let hops = 0; hops < 8 && isObject(target) && typeof target.$ref === "string"; hops++) {
    target = defs[target.$ref.slice(prefix.length)];
  }
  if (!isObject(target)) return [];
  const parts: JsonSchema[] = [target, ...(Array.isArray(target.allOf) ? (target.allOf as JsonSchema[]) : [])];
  const lines: string[] = [];
  for (const part of parts) {
    const properties = isObject(part.properties) ? part.properties : {};
    const required = Array.isArray(part.required) ? part.required : [];
    for (const name of Object.keys(properties).sort()) {
      const property = properties[name];
      lines.push(`${indent}${name}${required.includes(name) ? "" : "?"}: ${label(property, prefix)}`);
      if (depth < MAX_DEPTH) lines.push(...fieldLines(schema, property, `${indent}  `, depth + 1));
    }
  }
  return lines;
}

/** For every method, the fields of its params and result (two levels deep, references resolved). */
export function renderMethodFields(schema: AnalysedSchema): string {
  const lines = [`# MCP ${schema.version}: fields of every method's params and result`, ""];
  for (const direction of DIRECTIONS) {
    for (const entry of Object.values(schema.methods[direction])) {
      lines.push(`## ${direction} ${entry.method}`);
      if (entry.paramsPointer) {
        lines.push("params:", ...fieldLines(schema, getPointer(schema.document, entry.paramsPointer), "  ", 1));
      }
      if (entry.resultPointer) {
        lines.push("result:", ...fieldLines(schema, getPointer(schema.document, entry.resultPointer), "  ", 1));
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}

/**
 * The lines one snapshot text has and the other has not, after the version names in their titles
 * are made equal: "- line" for a line only `before` has, "+ line" for one only `after` has.
 */
export function snapshotDelta(before: string, after: string): string[] {
  const title = /^# MCP \S+:/;
  const norm = (text: string) => text.split("\n").map((line) => line.replace(title, "# MCP <version>:"));
  const a = norm(before);
  const b = norm(after);
  const inA = new Set(a);
  const inB = new Set(b);
  return [
    ...a.filter((line) => !inB.has(line)).map((l) => `- ${l}`),
    ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`),
  ];
}
