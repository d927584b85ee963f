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
import { _Code } from "ajv/dist/compile/codegen/code.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { AnalysedSchema, Direction } from "./analyse.js";
import { DIRECTIONS } from "./analyse.js";
import { dedupeStandaloneValidators } from "./dedupe-validators.js";
import { FORMAT_FUNCTIONS_SOURCE, formatFunctions, REGEX_FORMATS } from "./formats.js";
import { escapePointerToken, isObject } from "./json-schema.js";

/** Keywords that only document: they are dropped so the schemas are not embedded in the validators. */
const ANNOTATIONS = new Set(["description", "title", "examples", "$comment", "default"]);
/** Keywords whose values are maps from names to schemas (their keys are names, not keywords). */
const SCHEMA_MAPS = new Set([
  "properties",
  "$defs",
  "definitions",
  "patternProperties",
  "dependentSchemas",
  "dependencies",
]);

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

/**
 * Rewrites every union whose members are objects told apart by a constant `type` (ContentBlock,
 * the sampling content blocks, the primitive schema kinds, ...) from `anyOf` to `oneOf` with a
 * `discriminator`. With distinct constants the two accept exactly the same values, but the
 * discriminated form checks only the member the value names: a text block missing its `text`
 * is reported as just that, not with the complaints of every other member, and it is faster.
 * Returns how many unions were rewritten.
 */
export function discriminateUnions(document: Record<string, unknown>, defsKey: string): number {
  const defs = document[defsKey] as Record<string, unknown>;
  const prefix = `#/${defsKey}/`;
  const resolve = (schema: unknown): Record<string, unknown> | undefined => {
    let node = schema;
    for (let hops = 0; hops < 8 && isObject(node) && typeof node.$ref === "string"; hops++) {
      if (!node.$ref.startsWith(prefix)) return undefined;
      node = defs[node.$ref.slice(prefix.length)];
    }
    return isObject(node) ? node : undefined;
  };
  const tagOf = (member: unknown): string | undefined => {
    const target = resolve(member);
    if (target?.type !== "object" || !isObject(target.properties)) return undefined;
    const tag = target.properties.type;
    const required = Array.isArray(target.required) ? target.required : [];
    return isObject(tag) && typeof tag.const === "string" && required.includes("type") ? tag.const : undefined;
  };
  let rewritten = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isObject(node)) return;
    for (const value of Object.values(node)) visit(value);
    const members = node.anyOf;
    if (!Array.isArray(members) || members.length < 2) return;
    if (!members.every((member) => isObject(member) && typeof member.$ref === "string")) return;
    const tags = members.map(tagOf);
    if (tags.some((tag) => tag === undefined) || new Set(tags).size !== tags.length) return;
    if (node.type !== undefined && node.type !== "object") return;
    delete node.anyOf;
    node.type = "object";
    node.oneOf = members;
    node.discriminator = { propertyName: "type" };
    rewritten++;
  };
  visit(document);
  return rewritten;
}

/**
 * Keywords that only the 2019-09/2020-12 engine understands, or that it reads differently from
 * draft-07 (`items` as an array means a tuple only before 2020-12).
 */
const DIALECT_ONLY_KEYWORDS = new Set([
  "prefixItems",
  "unevaluatedProperties",
  "unevaluatedItems",
  "$dynamicRef",
  "$dynamicAnchor",
  "$recursiveRef",
  "$recursiveAnchor",
  "$anchor",
  "dependentSchemas",
  "dependentRequired",
  "minContains",
  "maxContains",
]);

/**
 * Whether a 2020-12 document needs AJV's 2020-12 engine. The MCP schemas written in 2020-12 use only
 * keywords that mean the same in draft-07 ($defs, $ref, allOf, anyOf, properties, items as one schema,
 * ...), and AJV's draft-07 engine checks them identically with much less code: its 2020-12 engine
 * tracks which properties each subschema evaluated and passes dynamic anchors through every call,
 * for `unevaluatedProperties` and `$dynamicRef`, which no such schema has (20-30% of a tools/call
 * result check). A document that does use one of them gets the 2020-12 engine.
 */
export function needsDialectEngine(document: unknown): boolean {
  const visit = (node: unknown, namesHere: boolean): boolean => {
    if (Array.isArray(node)) return node.some((item) => visit(item, false));
    if (!isObject(node)) return false;
    for (const [key, value] of Object.entries(node)) {
      if (namesHere) {
        if (visit(value, false)) return true;
        continue;
      }
      if (DIALECT_ONLY_KEYWORDS.has(key) || (key === "items" && Array.isArray(value))) return true;
      if (key === "const" || key === "enum") continue;
      if (visit(value, SCHEMA_MAPS.has(key))) return true;
    }
    return false;
  };
  return visit(document, false);
}

export const AJV_OPTIONS: Options = {
  strict: true,
  discriminator: true,
  allowUnionTypes: true,
  allErrors: true,
  inlineRefs: false,
  code: { source: true, lines: true, optimize: true, formats: new _Code(FORMAT_FUNCTIONS_SOURCE) },
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

/**
 * `dedupe: false` leaves AJV's output with its repeated sub-validators (for tests that compare the
 * two; the generator always merges them).
 */
export function emitValidators(schema: AnalysedSchema, { dedupe = true }: { dedupe?: boolean } = {}): string {
  const dialectEngine = schema.dialect === "2020-12" && needsDialectEngine(schema.document);
  const ajv = dialectEngine ? new Ajv2020.default(AJV_OPTIONS) : new Ajv.default(AJV_OPTIONS);
  for (const [name, pattern] of Object.entries(REGEX_FORMATS)) ajv.addFormat(name, pattern);
  for (const [name, check] of Object.entries(formatFunctions())) ajv.addFormat(name, check);
  const document = stripAnnotations(schema.document) as Record<string, unknown>;
  delete document.$schema;
  discriminateUnions(document, schema.defsKey);
  ajv.addSchema({ ...document, $id: `mcp-${schema.version}` });
  // Two names can resolve to one compiled function (a request's result is often just its result
  // definition). Exported under both names, AJV's standalone output repeats the inner functions
  // of the second (about 8% more code), so each function is exported once and the other names
  // become aliases of it.
  const unique: Record<string, string> = {};
  const aliases: string[] = [];
  const firstName = new Map<unknown, string>();
  for (const [name, ref] of Object.entries(validatorExportNames(schema))) {
    const compiled = ajv.getSchema(ref);
    if (!compiled) throw new ValidatorEmitError(`${schema.version}: AJV cannot resolve ${ref}`);
    const first = firstName.get(compiled);
    if (first === undefined) {
      firstName.set(compiled, name);
      unique[name] = ref;
    } else {
      aliases.push(`exports[${JSON.stringify(name)}] = exports[${JSON.stringify(first)}];`);
    }
  }
  // AJV repeats a definition's validator for every export that reaches it; one copy of each is kept.
  const emitted = `${standaloneCode.default(ajv, unique).trimEnd()}\n${aliases.join("\n")}`;
  const deduped = dedupe ? dedupeStandaloneValidators(emitted) : emitted;
  // The 2020-12 engine's functions take more (dynamic anchors, evaluated properties): left as AJV writes them.
  const code = dialectEngine
    ? deduped
    : relativeErrorPaths(positionalArguments(deduped, schema.version), schema.version);
  const required = code.match(/require\([^)]*\)/g);
  if (required) {
    throw new ValidatorEmitError(
      `${schema.version}: the standalone validators would need ${[...new Set(required)].join(", ")} at run time; ` +
        "supply the keyword or format without a runtime helper (see codegen/formats.ts)",
    );
  }
  return `${code.trimEnd()}\n`;
}

/**
 * AJV's standalone validators hand each nested validator its position in the data as an options
 * object (`{instancePath, parentData, parentDataProperty, rootData}`), which the callee destructures:
 * one object made and taken apart per nested call, valid data or not (a tools/call result with four
 * content blocks makes a dozen). The same four values are passed as plain arguments instead, with the
 * same defaults, so a top-level call `validate(data)` behaves as before. Throws if any call or function
 * is left in the object form (an AJV whose output changed shape), rather than mixing the two.
 */
export function positionalArguments(code: string, label: string): string {
  const out = code
    .replace(
      /function (validate\d+)\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{/g,
      'function $1(data, instancePath="", parentData, parentDataProperty, rootData=data){',
    )
    .replace(
      /, \{instancePath,parentData,parentDataProperty,rootData\}\)/g,
      ", instancePath, parentData, parentDataProperty, rootData)",
    )
    .replace(
      /, \{instancePath:([^\n]+?),parentData:([^\n]+?),parentDataProperty:([^\n]+?),rootData\}\)/g,
      ", $1, $2, $3, rootData)",
    );
  const left = out.match(/\{instancePath="", parentData|,rootData\}\)/g);
  if (left) {
    throw new ValidatorEmitError(
      `${label}: ${left.length} validator calls or signatures are not in the form positionalArguments rewrites`,
    );
  }
  return out;
}

/** The helper relativeErrorPaths adds to a module: prefixes a nested validator's error paths with its place. */
const REBASE_HELPER =
  "function rebaseErrorPaths(errors, base){\nfor(let i=0; i<errors.length; i++){\nerrors[i].instancePath = base + errors[i].instancePath;\n}\nreturn errors;\n}";

/**
 * After positionalArguments: AJV builds each nested validator's instancePath before the call
 * (`instancePath+"/content/" + i0`), a new string per array item and per nested object, valid data or
 * not, and used only in error objects. A nested validator is called with "" instead, so its errors carry
 * paths relative to its own data, and only when it fails are they prefixed with the path AJV would have
 * passed (`rebaseErrorPaths`): error objects are made fresh on every call, so rewriting them in place is
 * safe, and each level prefixes its own step as errors come up, which gives the same absolute paths as
 * before. Throws if any call still builds a path, rather than leaving some calls eager.
 */
export function relativeErrorPaths(code: string, label: string): string {
  let rewritten = 0;
  const out = code.replace(
    /^if\(!\((validate\d+)\((.+?), (instancePath\+[^\n]+?), (data\d*), ("[^"\n]*"|i\d+|key\d+), rootData\)\)\)\{\nvErrors = vErrors === null \? \1\.errors : vErrors\.concat\(\1\.errors\);$/gm,
    (_all, callee: string, value: string, path: string, parent: string, property: string) => {
      rewritten++;
      const errors = `rebaseErrorPaths(${callee}.errors, ${path})`;
      return (
        `if(!(${callee}(${value}, "", ${parent}, ${property}, rootData))){\n` +
        `vErrors = vErrors === null ? ${errors} : vErrors.concat(${errors});`
      );
    },
  );
  const left = out.match(/validate\d+\([^\n]*?, instancePath\+/g);
  if (left) {
    throw new ValidatorEmitError(
      `${label}: ${left.length} nested validator calls build their path in a form relativeErrorPaths does not rewrite`,
    );
  }
  return rewritten === 0 ? out : `${out.trimEnd()}\n${REBASE_HELPER}\n`;
}
