/**
 * The validation vocabulary of JSON Schema 2020-12 (type, enum, const, the numeric, string, array
 * and object bounds, required, dependentRequired) and `format` where it asserts: keywords that look
 * at one value and never at a subschema.
 */

import type { SchemaIssue } from "../protocol/errors.js";
import { ISSUE_MESSAGES as M } from "../protocol/issue-messages.js";
import { type Check, child, deepEqual } from "./evaluation.js";
import { FORMATS } from "./formats.js";
import { type JsonSchemaObject, SchemaCompileError } from "./resources.js";

type Add = (check: Check) => void;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return typeOf(value) === type;
  }
}

function matchesAny(value: unknown, types: readonly string[]): boolean {
  for (const type of types) if (matchesType(value, type)) return true;
  return false;
}

const TYPES = new Set(["string", "number", "integer", "boolean", "null", "array", "object"]);

function nonNegativeInteger(node: JsonSchemaObject, keyword: string): number | undefined {
  const value = node[keyword];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new SchemaCompileError(`${keyword} must be a non-negative integer, not ${JSON.stringify(value)}`);
  }
  return value;
}

export function compileAssertions(node: JsonSchemaObject, add: Add): void {
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? (node.type as unknown[]) : [node.type];
    for (const type of types) {
      if (typeof type !== "string" || !TYPES.has(type))
        throw new SchemaCompileError(`unknown type ${JSON.stringify(type)}`);
    }
    const names = types as string[];
    const only = names.length === 1 ? (names[0] as string) : undefined;
    // One type (the usual case) is a single test; a list is tried in a loop (no closure per value).
    add((value, path, issues) => {
      if (only !== undefined ? matchesType(value, only) : matchesAny(value, names)) return;
      issues.push({ path, message: M.type(names), keyword: "type" });
    });
  }
  if (node.enum !== undefined) {
    if (!Array.isArray(node.enum)) throw new SchemaCompileError("enum must be an array");
    const allowed = node.enum;
    add((value, path, issues) => {
      for (const option of allowed) if (deepEqual(option, value)) return;
      issues.push({ path, message: M.enum(allowed), keyword: "enum" });
    });
  }
  if ("const" in node) {
    const expected = node.const;
    add((value, path, issues) => {
      if (!deepEqual(value, expected)) issues.push({ path, message: M.const(expected), keyword: "const" });
    });
  }
  compileStrings(node, add);
  compileNumbers(node, add);
  compileCounts(node, add);
}

function compileStrings(node: JsonSchemaObject, add: Add): void {
  const minLength = nonNegativeInteger(node, "minLength");
  const maxLength = nonNegativeInteger(node, "maxLength");
  if (minLength !== undefined || maxLength !== undefined) {
    add((value, path, issues) => {
      if (typeof value !== "string") return;
      const length = codePoints(value);
      if (minLength !== undefined && length < minLength) {
        issues.push({ path, message: M.minLength(minLength), keyword: "minLength" });
      }
      if (maxLength !== undefined && length > maxLength) {
        issues.push({ path, message: M.maxLength(maxLength), keyword: "maxLength" });
      }
    });
  }
  if (node.pattern !== undefined) {
    const pattern = node.pattern;
    const regex = compilePattern(pattern);
    add((value, path, issues) => {
      if (typeof value === "string" && !regex.test(value)) {
        issues.push({ path, message: M.pattern(String(pattern)), keyword: "pattern" });
      }
    });
  }
}

function codePoints(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** An ECMA-262 regular expression with Unicode semantics, as JSON Schema patterns are. */
export function compilePattern(pattern: unknown): RegExp {
  if (typeof pattern !== "string")
    throw new SchemaCompileError(`pattern must be a string, not ${JSON.stringify(pattern)}`);
  try {
    return new RegExp(pattern, "u");
  } catch (error) {
    throw new SchemaCompileError(`invalid pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

export function compileFormat(node: JsonSchemaObject, add: Add): void {
  const format = node.format;
  if (typeof format !== "string") return;
  const test = FORMATS[format];
  if (!test) return; // An unknown format is an annotation, as the specification says.
  add((value, path, issues) => {
    if (typeof value === "string" && !test(value)) issues.push({ path, message: M.format(format), keyword: "format" });
  });
}

const BOUNDS: ReadonlyArray<
  ["minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum", (value: number, limit: number) => boolean]
> = [
  ["minimum", (v, l) => v >= l],
  ["maximum", (v, l) => v <= l],
  ["exclusiveMinimum", (v, l) => v > l],
  ["exclusiveMaximum", (v, l) => v < l],
];

function compileNumbers(node: JsonSchemaObject, add: Add): void {
  for (const [keyword, ok] of BOUNDS) {
    const limit = node[keyword];
    if (limit === undefined) continue;
    if (typeof limit !== "number")
      throw new SchemaCompileError(`${keyword} must be a number, not ${JSON.stringify(limit)}`);
    add((value, path, issues) => {
      if (typeof value === "number" && !ok(value, limit)) issues.push({ path, message: M[keyword](limit), keyword });
    });
  }
  const multipleOf = node.multipleOf;
  if (multipleOf === undefined) return;
  if (typeof multipleOf !== "number" || !(multipleOf > 0)) {
    throw new SchemaCompileError(`multipleOf must be a number above 0, not ${JSON.stringify(multipleOf)}`);
  }
  add((value, path, issues) => {
    if (typeof value !== "number") return;
    const quotient = value / multipleOf;
    if (
      !Number.isFinite(quotient) ||
      Math.abs(quotient - Math.round(quotient)) > 1e-9 * Math.max(1, Math.abs(quotient))
    ) {
      issues.push({ path, message: M.multipleOf(multipleOf), keyword: "multipleOf" });
    }
  });
}

function compileCounts(node: JsonSchemaObject, add: Add): void {
  const minItems = nonNegativeInteger(node, "minItems");
  const maxItems = nonNegativeInteger(node, "maxItems");
  const unique = node.uniqueItems === true;
  if (minItems !== undefined || maxItems !== undefined || unique) {
    add((value, path, issues) => {
      if (!Array.isArray(value)) return;
      if (minItems !== undefined && value.length < minItems) {
        issues.push({ path, message: M.minItems(minItems), keyword: "minItems" });
      }
      if (maxItems !== undefined && value.length > maxItems) {
        issues.push({ path, message: M.maxItems(maxItems), keyword: "maxItems" });
      }
      if (unique && hasDuplicates(value)) issues.push({ path, message: M.uniqueItems(), keyword: "uniqueItems" });
    });
  }
  const minProperties = nonNegativeInteger(node, "minProperties");
  const maxProperties = nonNegativeInteger(node, "maxProperties");
  const required = stringList(node, "required");
  const dependentRequired = Object.entries((node.dependentRequired ?? {}) as Record<string, unknown>).map(
    ([name, needs]) =>
      [name, stringList({ [`dependentRequired/${name}`]: needs }, `dependentRequired/${name}`) ?? []] as const,
  );
  if (minProperties === undefined && maxProperties === undefined && !required && !dependentRequired.length) return;
  add((value, path, issues) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    if (required) {
      for (const name of required) {
        if (!Object.hasOwn(value, name))
          issues.push({ path: child(path, name), message: M.required(), keyword: "required" });
      }
    }
    for (const [name, needs] of dependentRequired) {
      if (Object.hasOwn(value, name)) requireAlongside(value, name, needs, path, issues, "dependentRequired");
    }
    if (minProperties === undefined && maxProperties === undefined) return;
    const count = Object.keys(value).length;
    if (minProperties !== undefined && count < minProperties) {
      issues.push({ path, message: M.minProperties(minProperties), keyword: "minProperties" });
    }
    if (maxProperties !== undefined && count > maxProperties) {
      issues.push({ path, message: M.maxProperties(maxProperties), keyword: "maxProperties" });
    }
  });
}

/** `dependentRequired` (and draft-07's array `dependencies`): `needs` must be present beside `name`. */
export function requireAlongside(
  value: object,
  name: string,
  needs: readonly string[],
  path: string,
  issues: SchemaIssue[],
  keyword: string,
): void {
  for (const need of needs) {
    if (!Object.hasOwn(value, need)) {
      issues.push({ path: child(path, need), message: `is required when ${name} is present`, keyword });
    }
  }
}

function stringList(node: JsonSchemaObject, keyword: string): string[] | undefined {
  const value = node[keyword];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new SchemaCompileError(`${keyword} must be an array of strings`);
  }
  return value.length ? (value as string[]) : undefined;
}

function hasDuplicates(items: unknown[]): boolean {
  for (let i = 1; i < items.length; i++) {
    for (let j = 0; j < i; j++) if (deepEqual(items[i], items[j])) return true;
  }
  return false;
}
