/**
 * Field-level schema snapshots: for every method of every version, the fields of its params and
 * result (two levels deep, references resolved) as text. Any upstream change to a message's shape,
 * not only to the method list, then shows up as a readable diff of these files.
 */
import { describe, expect, it } from "vitest";
import { type AnalysedSchema, analyseSchema, DIRECTIONS } from "../../codegen/analyse.js";
import { getPointer, isObject, type JsonSchema } from "../../codegen/json-schema.js";
import { definitionsOf, loadSchemas } from "../../codegen/load.js";
import { patchSchema } from "../../codegen/patch.js";
import { readLock } from "../../schema/lock.js";

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

function render(schema: AnalysedSchema): string {
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

const schemas = loadSchemas(readLock()).map((loaded) => analyseSchema(patchSchema(loaded)));

describe("method field snapshots", () => {
  for (const schema of schemas) {
    it(schema.version, async () => {
      await expect(render(schema)).toMatchFileSnapshot(`./__snapshots__/fields-${schema.version}.md`);
    });
  }

  it("shows what a version added to a message", () => {
    const [older, newer] = ["2025-03-26", "2025-06-18"].map((version) =>
      render(schemas.find((schema) => schema.version === version) as AnalysedSchema),
    );
    const callTool = (text: string) =>
      text.slice(text.indexOf("## clientRequests tools/call"), text.indexOf("## clientRequests tools/list"));
    expect(callTool(older as string)).not.toContain("structuredContent");
    expect(callTool(newer as string)).toContain("structuredContent?: object");
  });
});
