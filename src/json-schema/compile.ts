/**
 * Compiles an application's JSON Schema (a tool's inputSchema or outputSchema, an elicitation form)
 * into a tree of closures, once, at registration. No code generation and no eval: it runs where
 * `new Function` is forbidden, and checking a value walks only closures built in advance.
 *
 * The whole of draft 2020-12: every keyword of the core, applicator, unevaluated and validation
 * vocabularies, `$id`/`$anchor`/`$dynamicAnchor` resolution, `$ref` and `$dynamicRef` (to documents
 * given in `options.schemas`, never fetched), and `$vocabulary` in a given meta-schema. `format` is
 * an annotation unless `formats: "assert"` (or the format-assertion vocabulary) asks for it. The
 * official JSON Schema Test Suite runs against it in `test/unit/json-schema/test-suite.test.ts`.
 */
import type { SchemaIssue } from "../protocol/errors.js";
import {
  compileInPlace,
  compileItems,
  compileProperties,
  compileUnevaluated,
  type KeywordContext,
} from "./applicators.js";
import { compileAssertions, compileFormat } from "./assertions.js";
import { applyInPlace, type Check, type DynamicScope, type Evaluated, evaluatedFor } from "./evaluation.js";
import { compileLegacyKeywords } from "./legacy-keywords.js";
import {
  DEFAULT_BASE,
  indexSchemas,
  type JsonSchema,
  type JsonSchemaObject,
  resolveReference,
  SchemaCompileError,
  type SchemaIndex,
  vocabularies,
  withoutFragment,
} from "./resources.js";

export { deepEqual } from "./evaluation.js";
export { type JsonSchema, type JsonSchemaObject, SchemaCompileError } from "./resources.js";

/** How a schema is compiled. */
export interface CompileOptions {
  /** Documents a `$ref` may name, by absolute URI (nothing is ever fetched). */
  schemas?: Readonly<Record<string, JsonSchema>>;
  /** `"annotate"` (the default, as 2020-12 says) or `"assert"`: check the formats this library knows. */
  formats?: "annotate" | "assert";
  /** Fill a missing property that has a `default` into the checked value (which is changed in place). */
  applyDefaults?: boolean;
}

/** A users' JSON Schema compiled once into a checker that lists every failing path. */
export interface CompiledSchema {
  /** Every issue with `value`; an empty list means it is valid. */
  issues(value: unknown): SchemaIssue[];
  /** Whether `value` is valid (faster than `issues` when the reasons are not needed). */
  validate(value: unknown): boolean;
}

const PASS: Check = () => {};
const FAIL: Check = (_value, path, issues) => void issues.push({ path, message: "is not allowed", keyword: "false" });

/** Compiles `schema`; throws SchemaCompileError for a schema that cannot be used (a bad $ref or pattern). */
export function compileJsonSchema(schema: JsonSchema, options: CompileOptions = {}): CompiledSchema {
  if (typeof schema !== "boolean" && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
    throw new SchemaCompileError("a schema must be an object or a boolean");
  }
  const index = indexSchemas(schema, options.schemas ?? {});
  const vocabulary = vocabularies(schema, index);
  const assertFormats = options.formats === "assert" || vocabulary.formatAssertion;
  const cache = new Map<object, Check>();

  const ctx: KeywordContext = {
    compile: (node) => compile(node),
    track: index.usesUnevaluated,
    validation: vocabulary.validation,
    applyDefaults: options.applyDefaults === true,
  };

  const compile = (node: JsonSchema): Check => {
    if (node === true) return PASS;
    if (node === false) return FAIL;
    if (typeof node !== "object" || node === null || Array.isArray(node)) {
      throw new SchemaCompileError(`a subschema must be an object or a boolean, not ${JSON.stringify(node)}`);
    }
    const cached = cache.get(node);
    if (cached) return cached;
    let built: Check = PASS;
    // A recursive schema reaches itself while it is built: it gets this forwarder meanwhile.
    cache.set(node, (value, path, issues, seen, scope) => built(value, path, issues, seen, scope));
    built = build(node);
    return built;
  };

  const build = (node: JsonSchemaObject): Check => {
    const base = index.baseOf.get(node) ?? DEFAULT_BASE;
    const checks: Check[] = [];
    const add = (check: Check) => checks.push(check);
    if (node.$ref !== undefined) add(compileRef(node.$ref, base, index, compile));
    if (node.$dynamicRef !== undefined) add(compileDynamicRef(node.$dynamicRef, base, index, compile));
    if (vocabulary.validation) compileAssertions(node, add);
    if (assertFormats) compileFormat(node, add);
    compileLegacyKeywords(node, add, ctx);
    compileInPlace(node, add, ctx);
    compileProperties(node, add, ctx);
    compileItems(node, add, ctx);
    compileUnevaluated(node, add, ctx);
    const enters = index.resources.get(base) === node;
    const run: Check =
      checks.length === 1
        ? (checks[0] as Check)
        : (value, path, issues, seen, scope) => {
            for (const check of checks) check(value, path, issues, seen, scope);
          };
    if (!enters) return run;
    return (value, path, issues, seen, scope) =>
      run(value, path, issues, seen, scope.base === base ? scope : { base, outer: scope });
  };

  const check = compile(schema);
  const rootScope: DynamicScope = {
    base: typeof schema === "object" ? (index.baseOf.get(schema) ?? DEFAULT_BASE) : DEFAULT_BASE,
    outer: undefined,
  };
  const run = (value: unknown): SchemaIssue[] => {
    const issues: SchemaIssue[] = [];
    const seen: Evaluated = evaluatedFor(index.usesUnevaluated);
    check(value, "", issues, seen, rootScope);
    return issues;
  };
  return { issues: run, validate: (value) => run(value).length === 0 };
}

function compileRef(ref: unknown, base: string, index: SchemaIndex, compile: (node: JsonSchema) => Check): Check {
  const track = index.usesUnevaluated;
  if (typeof ref !== "string") throw new SchemaCompileError(`$ref must be a string, not ${JSON.stringify(ref)}`);
  const { target } = resolveReference(index, ref, base);
  const targetBase = typeof target === "object" ? index.baseOf.get(target) : undefined;
  let check: Check | undefined;
  // Compiled on first use: the target may be this very schema, still being built.
  return (value, path, issues, seen, scope) => {
    check ??= compile(target);
    const entered = targetBase && targetBase !== scope.base ? { base: targetBase, outer: scope } : scope;
    applyInPlace(check, track, value, path, issues, seen, entered);
  };
}

/**
 * `$dynamicRef`: like `$ref`, except that when it lands on a `$dynamicAnchor` of the same name, the
 * outermost schema resource in the dynamic scope that has such an anchor wins.
 */
function compileDynamicRef(
  ref: unknown,
  base: string,
  index: SchemaIndex,
  compile: (node: JsonSchema) => Check,
): Check {
  if (typeof ref !== "string") throw new SchemaCompileError(`$dynamicRef must be a string, not ${JSON.stringify(ref)}`);
  const { uri } = resolveReference(index, ref, base);
  const hash = uri.indexOf("#");
  const name = hash < 0 ? "" : uri.slice(hash + 1);
  const staticRef = compileRef(ref, base, index, compile);
  if (!name || name.startsWith("/") || !index.dynamicAnchors.has(`${withoutFragment(uri)}#${name}`)) return staticRef;
  const dynamic = new Map<string, Check>();
  return (value, path, issues, seen, scope) => {
    let chosen: string | undefined;
    for (let at: DynamicScope | undefined = scope; at; at = at.outer) {
      if (index.dynamicAnchors.has(`${at.base}#${name}`)) chosen = at.base;
    }
    if (chosen === undefined) return staticRef(value, path, issues, seen, scope);
    let check = dynamic.get(chosen);
    if (!check) {
      check = compileRef(`#${name}`, chosen, index, compile);
      dynamic.set(chosen, check);
    }
    check(value, path, issues, seen, scope);
  };
}
