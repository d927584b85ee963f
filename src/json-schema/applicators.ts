/**
 * The applicator and unevaluated vocabularies of JSON Schema 2020-12: keywords that apply
 * subschemas, to the same value (allOf, anyOf, oneOf, not, if/then/else, dependentSchemas) or to
 * its properties and items, recording what they evaluated for `unevaluated*`.
 */

import type { SchemaIssue } from "../protocol/errors.js";
import { ISSUE_MESSAGES as M } from "../protocol/issue-messages.js";
import { compilePattern } from "./assertions.js";
import {
  applyInPlace,
  type Check,
  child,
  type Evaluated,
  evaluatedFor,
  markItem,
  markProp,
  mergeEvaluated,
  trial,
} from "./evaluation.js";
import { type JsonSchema, type JsonSchemaObject, SchemaCompileError } from "./resources.js";

type Add = (check: Check) => void;

export interface KeywordContext {
  compile(schema: JsonSchema): Check;
  /** Whether annotations are recorded (only when some schema reads them). */
  track: boolean;
  /** Whether the validation vocabulary is on (the bounds of contains live there). */
  validation: boolean;
  /** Whether missing properties with a `default` are filled in. */
  applyDefaults: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function schemaList(node: JsonSchemaObject, keyword: string, ctx: KeywordContext): Check[] | undefined {
  const value = node[keyword];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw new SchemaCompileError(`${keyword} must be a non-empty array`);
  return (value as JsonSchema[]).map((schema) => ctx.compile(schema));
}

function schemaMap(node: JsonSchemaObject, keyword: string, ctx: KeywordContext): Array<[string, Check]> {
  const value = node[keyword];
  if (value === undefined) return [];
  if (!isObject(value)) throw new SchemaCompileError(`${keyword} must be an object of schemas`);
  return Object.entries(value).map(([name, schema]) => [name, ctx.compile(schema as JsonSchema)]);
}

const sub = (node: JsonSchemaObject, keyword: string, ctx: KeywordContext) =>
  node[keyword] === undefined ? undefined : ctx.compile(node[keyword] as JsonSchema);

export function compileInPlace(node: JsonSchemaObject, add: Add, ctx: KeywordContext): void {
  const all = schemaList(node, "allOf", ctx);
  if (all) {
    add((value, path, issues, seen, scope) => {
      for (const check of all) applyInPlace(check, ctx.track, value, path, issues, seen, scope);
    });
  }
  const any = schemaList(node, "anyOf", ctx);
  if (any) {
    add((value, path, issues, seen, scope) => {
      let matched = false;
      for (const check of any) {
        const passed = trial(check, value, scope, path);
        if (!passed) continue;
        matched = true;
        if (!ctx.track) break;
        mergeEvaluated(seen, passed);
      }
      if (!matched) issues.push({ path, message: M.anyOf(), keyword: "anyOf" });
    });
  }
  const one = schemaList(node, "oneOf", ctx);
  if (one) {
    add((value, path, issues, seen, scope) => {
      const passed = one.map((check) => trial(check, value, scope, path)).filter((result) => result !== undefined);
      if (passed.length !== 1) {
        const message = M.oneOf(passed.length);
        issues.push({ path, message, keyword: "oneOf" });
      } else if (ctx.track) mergeEvaluated(seen, passed[0] as Evaluated);
    });
  }
  const not = sub(node, "not", ctx);
  if (not) {
    add((value, path, issues, _seen, scope) => {
      if (trial(not, value, scope)) issues.push({ path, message: M.not(), keyword: "not" });
    });
  }
  const condition = sub(node, "if", ctx);
  if (condition) {
    const then = sub(node, "then", ctx);
    const otherwise = sub(node, "else", ctx);
    add((value, path, issues, seen, scope) => {
      const passed = trial(condition, value, scope);
      if (passed && ctx.track) mergeEvaluated(seen, passed);
      const branch = passed ? then : otherwise;
      if (branch) applyInPlace(branch, ctx.track, value, path, issues, seen, scope);
    });
  }
  const dependent = schemaMap(node, "dependentSchemas", ctx);
  if (dependent.length) {
    add((value, path, issues, seen, scope) => {
      if (!isObject(value)) return;
      for (const [name, check] of dependent) {
        if (Object.hasOwn(value, name)) applyInPlace(check, ctx.track, value, path, issues, seen, scope);
      }
    });
  }
}

export function compileProperties(node: JsonSchemaObject, add: Add, ctx: KeywordContext): void {
  // Each property with its pointer below the value's, made once (at the root that is the whole path).
  const properties = schemaMap(node, "properties", ctx).map(([name, check]) => [name, check, child("", name)] as const);
  const known = new Set(properties.map(([name]) => name));
  const defaults = ctx.applyDefaults ? defaultsOf(node) : [];
  const patterns = schemaMap(node, "patternProperties", ctx).map(
    ([pattern, check]) => [compilePattern(pattern), check] as const,
  );
  const additional = sub(node, "additionalProperties", ctx);
  const names = sub(node, "propertyNames", ctx);
  if (!properties.length && !patterns.length && !additional && !names && !defaults.length) return;
  const forbidden = node.additionalProperties === false;
  add((value, path, issues, seen, scope) => {
    if (!isObject(value)) return;
    for (const [name, fallback] of defaults) if (!Object.hasOwn(value, name)) value[name] = structuredClone(fallback);
    for (const [name, check, below] of properties) {
      if (!Object.hasOwn(value, name)) continue;
      check(value[name], path + below, issues, freshFor(ctx), scope);
      if (ctx.track) markProp(seen, name);
    }
    if (!patterns.length && !additional && !names) return;
    for (const key of Object.keys(value)) {
      // The key's pointer is made only where something is checked below it (a listed property is not).
      const below = names || patterns.length > 0 ? child(path, key) : "";
      if (names) names(key, below, issues, freshFor(ctx), scope);
      let matched = known.has(key);
      for (const [regex, check] of patterns) {
        if (!regex.test(key)) continue;
        matched = true;
        check(value[key], below, issues, freshFor(ctx), scope);
        if (ctx.track) markProp(seen, key);
      }
      if (matched || !additional) continue;
      const at = below || child(path, key);
      if (forbidden) issues.push({ path: at, message: "is not allowed", keyword: "additionalProperties" });
      else additional(value[key], at, issues, freshFor(ctx), scope);
      if (ctx.track) markProp(seen, key);
    }
  });
}

function defaultsOf(node: JsonSchemaObject): Array<[string, unknown]> {
  const properties = node.properties;
  if (!isObject(properties)) return [];
  return Object.entries(properties).flatMap(([name, schema]) =>
    isObject(schema) && "default" in schema ? [[name, schema.default] as [string, unknown]] : [],
  );
}

/** A record for a child value: fresh when annotations matter, a shared sink when they do not. */
const freshFor = (ctx: KeywordContext): Evaluated => evaluatedFor(ctx.track);

export function compileItems(node: JsonSchemaObject, add: Add, ctx: KeywordContext): void {
  const prefix = schemaList(node, "prefixItems", ctx) ?? [];
  const items = Array.isArray(node.items) ? undefined : sub(node, "items", ctx);
  const contains = sub(node, "contains", ctx);
  const min = ctx.validation && typeof node.minContains === "number" ? node.minContains : 1;
  const max = ctx.validation && typeof node.maxContains === "number" ? node.maxContains : undefined;
  if (!prefix.length && !items && !contains) return;
  add((value, path, issues, seen, scope) => {
    if (!Array.isArray(value)) return;
    const upTo = Math.min(prefix.length, value.length);
    for (let index = 0; index < upTo; index++) {
      (prefix[index] as Check)(value[index], child(path, index), issues, freshFor(ctx), scope);
    }
    if (ctx.track && upTo > seen.items) seen.items = upTo;
    if (items) {
      for (let index = prefix.length; index < value.length; index++) {
        items(value[index], child(path, index), issues, freshFor(ctx), scope);
      }
      if (ctx.track) seen.allItems = true;
    }
    if (contains) checkContains(contains, value, path, issues, seen, scope, min, max, ctx.track);
  });
}

function checkContains(
  contains: Check,
  value: unknown[],
  path: string,
  issues: SchemaIssue[],
  seen: Evaluated,
  scope: Parameters<Check>[4],
  min: number,
  max: number | undefined,
  track: boolean,
): void {
  let count = 0;
  value.forEach((item, index) => {
    if (!trial(contains, item, scope)) return;
    count++;
    if (track) markItem(seen, index);
  });
  if (count < min) {
    const message = min === 1 ? M.contains() : `must contain at least ${min} matching items`;
    issues.push({ path, message, keyword: min === 1 && count === 0 ? "contains" : "minContains" });
  }
  if (max !== undefined && count > max) {
    issues.push({ path, message: `must contain at most ${max} matching items`, keyword: "maxContains" });
  }
}

/** `unevaluatedProperties` and `unevaluatedItems`: run after every other keyword of the same schema. */
export function compileUnevaluated(node: JsonSchemaObject, add: Add, ctx: KeywordContext): void {
  const properties = sub(node, "unevaluatedProperties", ctx);
  if (properties) {
    const forbidden = node.unevaluatedProperties === false;
    add((value, path, issues, seen, scope) => {
      if (!isObject(value) || seen.allProps) return;
      for (const key of Object.keys(value)) {
        if (seen.props?.has(key)) continue;
        const at = child(path, key);
        if (forbidden) issues.push({ path: at, message: "is not allowed", keyword: "unevaluatedProperties" });
        else properties(value[key], at, issues, freshFor(ctx), scope);
      }
      seen.allProps = true;
    });
  }
  const items = sub(node, "unevaluatedItems", ctx);
  if (items) {
    const forbidden = node.unevaluatedItems === false;
    add((value, path, issues, seen, scope) => {
      if (!Array.isArray(value) || seen.allItems) return;
      for (let index = seen.items; index < value.length; index++) {
        if (seen.itemSet?.has(index)) continue;
        const at = child(path, index);
        if (forbidden) issues.push({ path: at, message: "is not allowed", keyword: "unevaluatedItems" });
        else items(value[index], at, issues, freshFor(ctx), scope);
      }
      seen.allItems = true;
    });
  }
}
