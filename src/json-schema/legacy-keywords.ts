/**
 * Keywords of older drafts that tool schemas still carry (many are written against draft-07):
 * `dependencies`, and `items` as an array with `additionalItems`. They assert something, so they are
 * checked with their old meaning rather than ignored as unknown keywords. Keywords whose old meaning
 * cannot be honoured here are refused at compile time.
 */
import type { KeywordContext } from "./applicators.js";
import { requireAlongside } from "./assertions.js";
import { applyInPlace, type Check, child, evaluatedFor } from "./evaluation.js";
import { type JsonSchema, type JsonSchemaObject, SchemaCompileError } from "./resources.js";

const REFUSED: Readonly<Record<string, string>> = {
  $recursiveRef: "use $dynamicRef (draft 2020-12)",
  disallow: "a draft-03 keyword: use not",
  extends: "a draft-03 keyword: use allOf",
  divisibleBy: "a draft-03 keyword: use multipleOf",
};

export function compileLegacyKeywords(node: JsonSchemaObject, add: (check: Check) => void, ctx: KeywordContext): void {
  for (const keyword of Object.keys(REFUSED)) {
    if (keyword in node) throw new SchemaCompileError(`${keyword} is not supported (${REFUSED[keyword]})`);
  }
  const dependencies = node.dependencies;
  if (typeof dependencies === "object" && dependencies !== null) {
    const entries = Object.entries(dependencies).map(([name, dependency]) => {
      if (Array.isArray(dependency)) return [name, dependency as string[]] as const;
      return [name, ctx.compile(dependency as JsonSchema)] as const;
    });
    add((value, path, issues, seen, scope) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return;
      for (const [name, dependency] of entries) {
        if (!Object.hasOwn(value, name)) continue;
        if (typeof dependency === "function") {
          applyInPlace(dependency, ctx.track, value, path, issues, seen, scope);
          continue;
        }
        requireAlongside(value, name, dependency, path, issues, "dependencies");
      }
    });
  }
  if (Array.isArray(node.items) && node.prefixItems === undefined) {
    const tuple = (node.items as JsonSchema[]).map((schema) => ctx.compile(schema));
    const rest = node.additionalItems === undefined ? undefined : ctx.compile(node.additionalItems as JsonSchema);
    add((value, path, issues, seen, scope) => {
      if (!Array.isArray(value)) return;
      value.forEach((item, index) => {
        const check = index < tuple.length ? tuple[index] : rest;
        check?.(item, child(path, index), issues, evaluatedFor(ctx.track), scope);
      });
      if (ctx.track) {
        if (rest) seen.allItems = true;
        else seen.items = Math.max(seen.items, Math.min(tuple.length, value.length));
      }
    });
  }
}
