/**
 * Compiles an application's JSON Schema (a tool's inputSchema or outputSchema, an elicitation form)
 * into a tree of closures, once, at registration. No code generation and no eval: it runs where
 * `new Function` is forbidden, and checking a value walks only closures built in advance.
 *
 * Supported: type (with integer and type lists), enum, const, properties, required,
 * additionalProperties, patternProperties, propertyNames, items (and tuple prefixItems), min/maxItems,
 * uniqueItems, contains, min/maxLength, pattern, format (date-time, date, time, email, uri, uuid,
 * ipv4), minimum, maximum, exclusiveMinimum/Maximum, multipleOf, min/maxProperties, anyOf, oneOf,
 * allOf, not, if/then/else, and local $ref (#, #/$defs/..., #/definitions/...). Other keywords are
 * annotations and are ignored.
 */
import type { SchemaIssue } from "../protocol/errors.js";
import { ISSUE_MESSAGES as M } from "../protocol/issue-messages.js";

export type JsonSchemaObject = { [keyword: string]: unknown };
/** A JSON Schema (draft 2020-12 by default): an object of keywords, or true/false. */
export type JsonSchema = JsonSchemaObject | boolean;

type BoundKeyword = "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum";

type Check = (value: unknown, path: string, issues: SchemaIssue[]) => void;

/** A users' JSON Schema compiled once into a checker that lists every failing path. */
export interface CompiledSchema {
  /** Every issue with `value`; an empty list means it is valid. */
  issues(value: unknown): SchemaIssue[];
  validate(value: unknown): boolean;
}

/** A JSON Schema that cannot be compiled (an unknown `$ref`, a malformed keyword, ...), naming where. */
export class SchemaCompileError extends Error {
  override name = "SchemaCompileError";
}

const FORMATS: Record<string, (value: string) => boolean> = {
  "date-time": (v) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  time: (v) => /^\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?$/.test(v),
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  uri: (v) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(v),
  uuid: (v) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v),
  ipv4: (v) => /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/.test(v),
};

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

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as JsonSchemaObject)[key], (b as JsonSchemaObject)[key]))
  );
}

const child = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

/** Compiles `schema`; throws SchemaCompileError for a schema that cannot be used (a bad $ref or pattern). */
export function compileJsonSchema(schema: JsonSchema): CompiledSchema {
  const root = schema;
  const refs = new Map<string, Check>();

  const resolvePointer = (ref: string): JsonSchema => {
    if (ref === "#") return root;
    if (!ref.startsWith("#/")) throw new SchemaCompileError(`only local $ref is supported, not ${ref}`);
    let node: unknown = root;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = typeof node === "object" && node !== null ? (node as JsonSchemaObject)[key] : undefined;
    }
    if (typeof node !== "boolean" && (typeof node !== "object" || node === null)) {
      throw new SchemaCompileError(`$ref ${ref} points at nothing`);
    }
    return node as JsonSchema;
  };

  const compile = (node: JsonSchema): Check => {
    if (node === true) return () => {};
    if (node === false)
      return (_value, path, issues) => void issues.push({ path, message: M.notAllowed(), keyword: "false" });
    const checks: Check[] = [];
    const add = (check: Check) => checks.push(check);

    if (typeof node.$ref === "string") {
      const ref = node.$ref;
      // Compiled lazily and once, so recursive schemas terminate.
      add((value, path, issues) => {
        let check = refs.get(ref);
        if (!check) {
          const target = resolvePointer(ref);
          check = () => {};
          refs.set(ref, (v, p, i) => check?.(v, p, i));
          check = compile(target);
          refs.set(ref, check);
        }
        check(value, path, issues);
      });
    }
    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
      add((value, path, issues) => {
        if (!types.some((type) => matchesType(value, type))) {
          issues.push({ path, message: M.type(types), keyword: "type" });
        }
      });
    }
    if (Array.isArray(node.enum)) {
      const allowed = node.enum;
      add((value, path, issues) => {
        if (!allowed.some((option) => deepEqual(option, value))) {
          issues.push({
            path,
            message: M.enum(allowed),
            keyword: "enum",
          });
        }
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
    compileObjects(node, add, compile);
    compileArrays(node, add, compile);
    compileCombinators(node, add, compile);
    return (value, path, issues) => {
      for (const check of checks) check(value, path, issues);
    };
  };

  const check = compile(schema);
  return {
    issues(value) {
      const issues: SchemaIssue[] = [];
      check(value, "", issues);
      return issues;
    },
    validate(value) {
      const issues: SchemaIssue[] = [];
      check(value, "", issues);
      return issues.length === 0;
    },
  };
}

function compileStrings(node: JsonSchemaObject, add: (check: Check) => void): void {
  const { minLength, maxLength, pattern, format } = node;
  if (typeof minLength === "number" || typeof maxLength === "number") {
    add((value, path, issues) => {
      if (typeof value !== "string") return;
      const length = [...value].length;
      if (typeof minLength === "number" && length < minLength) {
        issues.push({ path, message: M.minLength(minLength), keyword: "minLength" });
      }
      if (typeof maxLength === "number" && length > maxLength) {
        issues.push({ path, message: M.maxLength(maxLength), keyword: "maxLength" });
      }
    });
  }
  if (typeof pattern === "string") {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, "u");
    } catch (error) {
      throw new SchemaCompileError(`invalid pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
    add((value, path, issues) => {
      if (typeof value === "string" && !regex.test(value)) {
        issues.push({ path, message: M.pattern(pattern), keyword: "pattern" });
      }
    });
  }
  if (typeof format === "string" && FORMATS[format]) {
    const test = FORMATS[format];
    add((value, path, issues) => {
      if (typeof value === "string" && !test(value))
        issues.push({ path, message: M.format(format), keyword: "format" });
    });
  }
}

function compileNumbers(node: JsonSchemaObject, add: (check: Check) => void): void {
  const bounds: Array<[BoundKeyword, (value: number, limit: number) => boolean]> = [
    ["minimum", (v, l) => v >= l],
    ["maximum", (v, l) => v <= l],
    ["exclusiveMinimum", (v, l) => v > l],
    ["exclusiveMaximum", (v, l) => v < l],
  ];
  for (const [keyword, ok] of bounds) {
    const limit = node[keyword];
    if (typeof limit !== "number") continue;
    add((value, path, issues) => {
      if (typeof value === "number" && !ok(value, limit)) issues.push({ path, message: M[keyword](limit), keyword });
    });
  }
  const multipleOf = node.multipleOf;
  if (typeof multipleOf === "number" && multipleOf > 0) {
    add((value, path, issues) => {
      if (typeof value !== "number") return;
      const quotient = value / multipleOf;
      if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
        issues.push({ path, message: M.multipleOf(multipleOf), keyword: "multipleOf" });
      }
    });
  }
}

function compileObjects(node: JsonSchemaObject, add: (check: Check) => void, compile: (s: JsonSchema) => Check): void {
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  const propertyChecks = Object.entries(properties).map(([name, sub]) => [name, compile(sub)] as const);
  const patterns = Object.entries((node.patternProperties ?? {}) as Record<string, JsonSchema>).map(
    ([pattern, sub]) => [new RegExp(pattern, "u"), compile(sub)] as const,
  );
  const additional = node.additionalProperties;
  const additionalCheck = additional === undefined ? undefined : compile(additional as JsonSchema);
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  const names = node.propertyNames === undefined ? undefined : compile(node.propertyNames as JsonSchema);
  const { minProperties, maxProperties } = node;
  if (!propertyChecks.length && !patterns.length && !additionalCheck && !required.length && !names) {
    if (minProperties === undefined && maxProperties === undefined) return;
  }
  add((value, path, issues) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    const record = value as JsonSchemaObject;
    for (const name of required) {
      if (!Object.hasOwn(record, name))
        issues.push({ path: child(path, name), message: M.required(), keyword: "required" });
    }
    for (const [name, check] of propertyChecks) {
      if (Object.hasOwn(record, name)) check(record[name], child(path, name), issues);
    }
    const keys = Object.keys(record);
    if (typeof minProperties === "number" && keys.length < minProperties) {
      issues.push({ path, message: M.minProperties(minProperties), keyword: "minProperties" });
    }
    if (typeof maxProperties === "number" && keys.length > maxProperties) {
      issues.push({ path, message: M.maxProperties(maxProperties), keyword: "maxProperties" });
    }
    for (const key of keys) {
      if (names) names(key, child(path, key), issues);
      let matched = Object.hasOwn(properties, key);
      for (const [regex, check] of patterns) {
        if (regex.test(key)) {
          matched = true;
          check(record[key], child(path, key), issues);
        }
      }
      if (!matched && additionalCheck) {
        if (additional === false)
          issues.push({ path: child(path, key), message: M.notAllowed(), keyword: "additionalProperties" });
        else additionalCheck(record[key], child(path, key), issues);
      }
    }
  });
}

function compileArrays(node: JsonSchemaObject, add: (check: Check) => void, compile: (s: JsonSchema) => Check): void {
  const prefix = Array.isArray(node.prefixItems) ? (node.prefixItems as JsonSchema[]).map(compile) : [];
  const items = node.items === undefined || Array.isArray(node.items) ? undefined : compile(node.items as JsonSchema);
  const contains = node.contains === undefined ? undefined : compile(node.contains as JsonSchema);
  const { minItems, maxItems, uniqueItems } = node;
  if (!prefix.length && !items && !contains && minItems === undefined && maxItems === undefined && !uniqueItems) return;
  add((value, path, issues) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) => {
      const check = index < prefix.length ? prefix[index] : items;
      check?.(item, child(path, index), issues);
    });
    if (typeof minItems === "number" && value.length < minItems) {
      issues.push({ path, message: M.minItems(minItems), keyword: "minItems" });
    }
    if (typeof maxItems === "number" && value.length > maxItems) {
      issues.push({ path, message: M.maxItems(maxItems), keyword: "maxItems" });
    }
    if (uniqueItems === true && value.some((item, i) => value.findIndex((other) => deepEqual(other, item)) !== i)) {
      issues.push({ path, message: M.uniqueItems(), keyword: "uniqueItems" });
    }
    if (contains && !value.some((item) => passes(contains, item))) {
      issues.push({ path, message: M.contains(), keyword: "contains" });
    }
  });
}

function passes(check: Check, value: unknown): boolean {
  const issues: SchemaIssue[] = [];
  check(value, "", issues);
  return issues.length === 0;
}

function compileCombinators(
  node: JsonSchemaObject,
  add: (check: Check) => void,
  compile: (s: JsonSchema) => Check,
): void {
  if (Array.isArray(node.allOf)) {
    const all = (node.allOf as JsonSchema[]).map(compile);
    add((value, path, issues) => {
      for (const check of all) check(value, path, issues);
    });
  }
  if (Array.isArray(node.anyOf)) {
    const any = (node.anyOf as JsonSchema[]).map(compile);
    add((value, path, issues) => {
      if (!any.some((check) => passes(check, value))) {
        issues.push({ path, message: M.anyOf(), keyword: "anyOf" });
      }
    });
  }
  if (Array.isArray(node.oneOf)) {
    const one = (node.oneOf as JsonSchema[]).map(compile);
    add((value, path, issues) => {
      const matches = one.filter((check) => passes(check, value)).length;
      if (matches !== 1) {
        issues.push({ path, message: M.oneOf(matches), keyword: "oneOf" });
      }
    });
  }
  if (node.not !== undefined) {
    const not = compile(node.not as JsonSchema);
    add((value, path, issues) => {
      if (passes(not, value)) issues.push({ path, message: M.not(), keyword: "not" });
    });
  }
  if (node.if !== undefined) {
    const condition = compile(node.if as JsonSchema);
    const then = node.then === undefined ? undefined : compile(node.then as JsonSchema);
    const otherwise = node.else === undefined ? undefined : compile(node.else as JsonSchema);
    add((value, path, issues) => {
      (passes(condition, value) ? then : otherwise)?.(value, path, issues);
    });
  }
}
