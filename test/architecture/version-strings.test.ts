/**
 * Only the protocol-facts leaf (src/protocol/) names protocol versions: everywhere else in src/,
 * per-version behaviour comes from the generated registry and src/protocol/features.ts, and
 * comments speak of lifecycles and features, not dates. A grep, as the issue asks: any
 * version-like date in a line of hand-written src/ outside src/protocol/ counts, code or comment,
 * as do the `V2025_11_25`-style namespace names.
 */
import { describe, expect, it } from "vitest";
import { type SourceFile, sourceFiles } from "./imports.js";

const VERSION = /\d{4}[-_]\d{2}[-_]\d{2}/;

/** "path:line: text" for every line of `file` that names a version. */
function versionsNamedIn(file: SourceFile): string[] {
  return file.text
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => VERSION.test(line))
    .map(({ line, number }) => `${file.path}:${number}: ${line.trim()}`);
}

describe("protocol versions in hand-written src/", () => {
  it("are named only in src/protocol/", () => {
    const outsideFacts = sourceFiles("src").filter((file) => !file.path.startsWith("src/protocol/"));
    expect(outsideFacts.length).toBeGreaterThan(50);
    expect(outsideFacts.flatMap(versionsNamedIn)).toEqual([]);
  });

  it("are found in strings, comparisons, import paths, identifiers and comments", () => {
    const planted: SourceFile = {
      path: "src/server/planted.ts",
      text: [
        "// Up to 2025-11-25 each ask is a real request.",
        'const a = version >= "2025-06-18";',
        "const b = stateless;",
        'import type * as V from "../../generated/2025-11-25/index.js";',
        "const c = V2024_11_05;",
      ].join("\n"),
    };
    expect(versionsNamedIn(planted)).toEqual([
      "src/server/planted.ts:1: // Up to 2025-11-25 each ask is a real request.",
      'src/server/planted.ts:2: const a = version >= "2025-06-18";',
      'src/server/planted.ts:4: import type * as V from "../../generated/2025-11-25/index.js";',
      "src/server/planted.ts:5: const c = V2024_11_05;",
    ]);
  });
});
