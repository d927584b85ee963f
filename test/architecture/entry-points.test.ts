/**
 * The public surface, entry point by entry point: the names each one exports are snapshotted, so a
 * new export (or a lost one) is a visible decision in review; and every name the package root
 * exports carries a doc comment.
 */
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./imports.js";

/** Each entry point of package.json's "exports", by subpath, as its source file. */
const ENTRY_POINTS: Record<string, string> = {
  ".": "src/index.ts",
  "./server": "src/entry/server.ts",
  "./client": "src/entry/client.ts",
  "./jsonrpc": "src/entry/jsonrpc.ts",
  "./validation": "src/entry/validation.ts",
  "./node": "src/entry/node.ts",
  "./auth": "src/entry/auth.ts",
  "./redis": "src/entry/redis.ts",
  "./skills": "src/entry/skills.ts",
};

const program = ts.createProgram(
  Object.values(ENTRY_POINTS).map((file) => join(ROOT, file)),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  },
);
const checker = program.getTypeChecker();

function exportsOf(file: string): ts.Symbol[] {
  const source = program.getSourceFile(join(ROOT, file));
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${file} is not a module`);
  return checker.getExportsOfModule(module);
}

/** A doc comment (`/** … *\/`) right before the statement that declares `node`. */
function hasDocComment(node: ts.Node): boolean {
  let statement = node;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  const text = statement.getSourceFile().text;
  return (ts.getLeadingCommentRanges(text, statement.pos) ?? []).some((range) => text.startsWith("/**", range.pos));
}

function documented(symbol: ts.Symbol): boolean {
  // A re-export with its own doc comment (`/** … */ export type * as V2025_11_25 from …`).
  if ((symbol.declarations ?? []).some(hasDocComment)) return true;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  if (target.getDocumentationComment(checker).length > 0) return true;
  // A namespace re-export (`export type * as Model`) is documented at its source file's top.
  return (target.declarations ?? []).some(
    (declaration) => ts.isSourceFile(declaration) && /^\/\*\*/.test(declaration.text.trimStart()),
  );
}

describe("entry points", () => {
  it("match package.json's exports map", async () => {
    const { default: pkg } = await import("../../package.json", { with: { type: "json" } });
    const mapped = Object.keys(pkg.exports).filter((key) => !key.includes("*") && key !== "./package.json");
    expect(mapped.sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
    for (const [subpath, file] of Object.entries(ENTRY_POINTS)) {
      const built = `./dist/${file.replace(/\.ts$/, ".js")}`;
      expect((pkg.exports as unknown as Record<string, { import: string }>)[subpath]?.import, subpath).toBe(built);
    }
  });

  it.each(Object.entries(ENTRY_POINTS))("%s exports exactly the names on record", (_subpath, file) => {
    expect(
      exportsOf(file)
        .map((symbol) => symbol.name)
        .sort(),
    ).toMatchSnapshot();
  });

  it("the package root documents every name it exports", () => {
    const undocumented = exportsOf(ENTRY_POINTS["."] as string)
      .filter((symbol) => !documented(symbol))
      .map((symbol) => symbol.name);
    expect(undocumented).toEqual([]);
  });
});
