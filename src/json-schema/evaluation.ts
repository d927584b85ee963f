/**
 * The shapes a compiled schema passes around while it checks one value: the issues found, what
 * the in-place applicators evaluated (for `unevaluatedProperties`/`unevaluatedItems`), and the
 * dynamic scope `$dynamicRef` resolves through.
 */
import type { SchemaIssue } from "../protocol/errors.js";

/** The properties and items of one instance that some subschema has evaluated successfully. */
export interface Evaluated {
  props: Set<string> | undefined;
  allProps: boolean;
  /** Items [0, items) were evaluated by prefixItems. */
  items: number;
  allItems: boolean;
  /** Indices matched by `contains`. */
  itemSet: Set<number> | undefined;
}

/** The schema resources entered so far, innermost first. */
export interface DynamicScope {
  base: string;
  outer: DynamicScope | undefined;
}

export type Check = (value: unknown, path: string, issues: SchemaIssue[], seen: Evaluated, scope: DynamicScope) => void;

export const freshEvaluated = (): Evaluated => ({
  props: undefined,
  allProps: false,
  items: 0,
  allItems: false,
  itemSet: undefined,
});

/**
 * The record where nothing reads what is written: the one every value gets when no schema uses
 * `unevaluated*` (shared, so checking a value allocates none).
 */
const UNTRACKED: Evaluated = freshEvaluated();

/** A record for a value: fresh when annotations are tracked, the shared sink when they are not. */
export const evaluatedFor = (track: boolean): Evaluated => (track ? freshEvaluated() : UNTRACKED);

/** Adds what `from` evaluated to `into` (both for the same instance). */
export function mergeEvaluated(into: Evaluated, from: Evaluated): void {
  if (from.allProps) into.allProps = true;
  else if (from.props) for (const name of from.props) markProp(into, name);
  if (from.allItems) into.allItems = true;
  if (from.items > into.items) into.items = from.items;
  if (from.itemSet) for (const index of from.itemSet) markItem(into, index);
}

export function markProp(seen: Evaluated, name: string): void {
  if (seen.props) seen.props.add(name);
  else seen.props = new Set([name]);
}

export function markItem(seen: Evaluated, index: number): void {
  if (seen.itemSet) seen.itemSet.add(index);
  else seen.itemSet = new Set([index]);
}

/**
 * Applies an in-place subschema: what it evaluates counts for the schema around it, but it sees
 * nothing its siblings evaluated (an `unevaluated*` inside it cannot look into its cousins).
 */
export function applyInPlace(
  check: Check,
  track: boolean,
  ...[value, path, issues, seen, scope]: Parameters<Check>
): void {
  if (!track) {
    check(value, path, issues, seen, scope);
    return;
  }
  const own = freshEvaluated();
  check(value, path, issues, own, scope);
  mergeEvaluated(seen, own);
}

/** The JSON Pointer of `key` below `path`. */
export function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}/${key}`;
  if (!key.includes("~") && !key.includes("/")) return `${path}/${key}`;
  return `${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/**
 * Runs `check` on its own: its issues and annotations stay apart until the caller decides (anyOf,
 * oneOf, not, if, contains). Returns the annotations when it passed, undefined otherwise.
 */
export function trial(check: Check, value: unknown, scope: DynamicScope, path = ""): Evaluated | undefined {
  const issues: SchemaIssue[] = [];
  const seen = freshEvaluated();
  check(value, path, issues, seen, scope);
  return issues.length === 0 ? seen : undefined;
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
    keysA.every(
      (key) =>
        Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}
