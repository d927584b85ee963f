/**
 * JSON as text, for fuzzing: values are built as trees and printed by hand, so the text can hold
 * what `JSON.stringify` never writes (duplicate keys, `__proto__` keys, numbers out of the double
 * range, deep nesting). Receivers get `JSON.parse(text)`, exactly as off the wire.
 */
import fc from "fast-check";

/** A printed number, kept as its literal text (`1e400`, `-0`, `123456789012345678901234567890`). */
export interface RawNumber {
  readonly raw: string;
}

export type JsonTree =
  | null
  | boolean
  | string
  | RawNumber
  | { readonly array: readonly JsonTree[] }
  | { readonly entries: ReadonlyArray<readonly [string, JsonTree]> }
  /** `depth` levels of nesting around the number 1, printed without recursion. */
  | { readonly deep: number; readonly kind: "array" | "object" | "mixed" };

export const num = (value: number | string): RawNumber => ({ raw: typeof value === "number" ? String(value) : value });
export const arr = (...items: JsonTree[]): JsonTree => ({ array: items });
export const obj = (...entries: Array<readonly [string, JsonTree]>): JsonTree => ({ entries });

export function printJson(tree: JsonTree): string {
  if (tree === null) return "null";
  if (typeof tree === "boolean") return tree ? "true" : "false";
  if (typeof tree === "string") return JSON.stringify(tree);
  if ("raw" in tree) return tree.raw;
  if ("deep" in tree) return printDeep(tree.deep, tree.kind);
  if ("array" in tree) return `[${tree.array.map(printJson).join(",")}]`;
  return `{${tree.entries.map(([key, value]) => `${JSON.stringify(key)}:${printJson(value)}`).join(",")}}`;
}

function printDeep(depth: number, kind: "array" | "object" | "mixed"): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level++) {
    const asArray = kind === "array" || (kind === "mixed" && level % 2 === 0);
    open.push(asArray ? "[" : '{"a":');
    close.push(asArray ? "]" : "}");
  }
  return `${open.join("")}1${close.reverse().join("")}`;
}

/** Keys that have broken JavaScript servers before: prototype pollution and friends. */
export const DANGEROUS_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];

/**
 * Any string of code points, lone surrogates included. (Hand-rolled: fast-check's binary unit
 * rebuilds a table of every code point whenever it tokenizes, which dominated the run time.)
 */
export const anyText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0x10ffff })), { maxLength })
    .map((codePoints) => String.fromCodePoint(...codePoints));

const numberLiteral: fc.Arbitrary<RawNumber> = fc.oneof(
  fc.integer().map(num),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => num(JSON.stringify(value))),
  fc
    .constantFrom(
      "0",
      "-0",
      "1e400",
      "-1e400",
      "1e-400",
      "9007199254740993",
      "123456789012345678901234567890",
      "0.1",
      "1E2",
      "-1.5e-7",
      "4294967296",
      "1.7976931348623157e308",
    )
    .map(num),
);

const key: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...DANGEROUS_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom("jsonrpc", "id", "method", "params", "result", "error", "_meta", "name") },
  { weight: 1, arbitrary: anyText(6) },
);

const scalar: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numberLiteral,
  fc.string({ maxLength: 16 }),
  anyText(8),
);

/** Any JSON value, up to a modest depth; objects may repeat keys and carry dangerous ones. */
export const jsonTree: fc.Arbitrary<JsonTree> = fc.letrec<{ tree: JsonTree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("tree"), { maxLength: 4 }).map((items) => arr(...items)),
    fc.array(fc.tuple(key, tie("tree")), { maxLength: 4 }).map((entries) => obj(...entries)),
  ),
})).tree;

/** Any JSON object (the shape params must have), possibly with dangerous or duplicate keys. */
export const jsonObjectTree: fc.Arbitrary<JsonTree> = fc
  .array(fc.tuple(key, jsonTree), { maxLength: 5 })
  .map((entries) => obj(...entries));

/** Nesting far deeper than any real message: `[[[...]]]`, `{"a":{"a":...}}` or mixed. */
export const deepTree: fc.Arbitrary<JsonTree> = fc.record({
  deep: fc.integer({ min: 100, max: 5000 }),
  kind: fc.constantFrom<"array" | "object" | "mixed">("array", "object", "mixed"),
});
