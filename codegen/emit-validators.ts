/**
 * Stage 4c, emit validators: AJV standalone code for one version, as a CommonJS module so the
 * runtime can load one version lazily and synchronously. Nothing is compiled at run time.
 *
 * Exports, keyed by name:
 *   "def:<Definition>"                every definition of the schema
 *   "params:<direction>:<method>"     the params of every request and notification
 *   "result:<direction>:<method>"     the result of every request (the *ResultResponse's result where one exists)
 */
import Ajv, { type Options } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { AnalysedSchema, Direction } from "./analyse.js";
import { DIRECTIONS } from "./analyse.js";
import { SCHEMA_FORMATS } from "./formats.js";
import { escapePointerToken, isObject } from "./json-schema.js";

/** Keywords that only document: they are dropped so the schemas are not embedded in the validators. */
const ANNOTATIONS = new Set(["description", "title", "examples", "$comment", "default"]);
/** Keywords whose values are maps from names to schemas (their keys are names, not keywords). */
const SCHEMA_MAPS = new Set(["properties", "$defs", "definitions", "patternProperties"]);

export class ValidatorEmitError extends Error {
  override name = "ValidatorEmitError";
}

export function stripAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripAnnotations);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (SCHEMA_MAPS.has(keyword) && isObject(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, stripAnnotations(sub)]));
    } else if (keyword === "const" || keyword === "enum") {
      out[keyword] = value;
    } else {
      out[keyword] = stripAnnotations(value);
    }
  }
  return out;
}

export const AJV_OPTIONS: Options = {
  strict: true,
  allowUnionTypes: true,
  allErrors: true,
  inlineRefs: false,
  code: { source: true, lines: true, optimize: true },
};

export function validatorExportNames(schema: AnalysedSchema): Record<string, string> {
  const names: Record<string, string> = {};
  const root = `mcp-${schema.version}`;
  for (const definition of schema.definitionNames) {
    names[`def:${definition}`] = `${root}#/${schema.defsKey}/${escapePointerToken(definition)}`;
  }
  for (const direction of DIRECTIONS) {
    for (const entry of Object.values(schema.methods[direction])) {
      if (entry.paramsPointer) names[`params:${direction}:${entry.method}`] = `${root}#${entry.paramsPointer}`;
      if (entry.resultPointer) names[`result:${direction}:${entry.method}`] = `${root}#${entry.resultPointer}`;
    }
  }
  return names;
}

export function paramsExportName(direction: Direction, method: string): string {
  return `params:${direction}:${method}`;
}

export function emitValidators(schema: AnalysedSchema): string {
  const ajv = schema.dialect === "2020-12" ? new Ajv2020.default(AJV_OPTIONS) : new Ajv.default(AJV_OPTIONS);
  for (const [name, pattern] of Object.entries(SCHEMA_FORMATS)) ajv.addFormat(name, pattern);
  const document = stripAnnotations(schema.document) as Record<string, unknown>;
  delete document.$schema;
  ajv.addSchema({ ...document, $id: `mcp-${schema.version}` });
  const code = standaloneCode.default(ajv, validatorExportNames(schema));
  const required = code.match(/require\([^)]*\)/g);
  if (required) {
    throw new ValidatorEmitError(
      `${schema.version}: the standalone validators would need ${[...new Set(required)].join(", ")} at run time; ` +
        "supply the keyword or format without a runtime helper (see codegen/formats.ts)",
    );
  }
  return `${code.trimEnd()}\n`;
}
