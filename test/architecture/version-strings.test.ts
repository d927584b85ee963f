/**
 * Only the protocol-facts leaf (src/protocol/) names protocol versions: everywhere else in src/,
 * per-version behaviour comes from the generated registry and src/protocol/features.ts. The check
 * reads the code through TypeScript's parser, so a version in a string, a template or an import
 * path counts and one in a comment (documentation) does not.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { type SourceFile, sourceFiles } from "./imports.js";

const VERSION = /\d{4}[-_]\d{2}[-_]\d{2}/;
const LITERAL_KINDS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.Identifier,
]);

/** "path:line: token" for every literal or identifier in the code of `file` that names a version. */
function versionsNamedIn(file: SourceFile): string[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (LITERAL_KINDS.has(node.kind) && VERSION.test(node.getText(source))) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${file.path}:${line + 1}: ${node.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const outsideFacts = sourceFiles("src").filter((file) => !file.path.startsWith("src/protocol/"));

describe("protocol versions in hand-written src/", () => {
  it("are named only in src/protocol/ (comments aside)", () => {
    expect(outsideFacts.flatMap(versionsNamedIn)).toEqual([]);
  });

  it("are found in strings, templates, comparisons and import paths, and not in comments", () => {
    const planted: SourceFile = {
      path: "src/server/planted.ts",
      text: [
        "// Up to 2025-11-25 each ask is a real request.",
        "/** Since 2025-06-18. */",
        'const a = version >= "2025-06-18";',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the planted source holds a template literal
        "const b = `${version} is not 2026-07-28`;",
        'import type * as V from "../../generated/2025-11-25/index.js";',
        "type M = Maps[`2025-03-26`];",
        "const c = V2024_11_05;",
      ].join("\n"),
    };
    expect(versionsNamedIn(planted)).toEqual([
      'src/server/planted.ts:3: "2025-06-18"',
      "src/server/planted.ts:4: } is not 2026-07-28`",
      'src/server/planted.ts:5: "../../generated/2025-11-25/index.js"',
      "src/server/planted.ts:6: `2025-03-26`",
      "src/server/planted.ts:7: V2024_11_05",
    ]);
  });
});
