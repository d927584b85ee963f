/**
 * The guides in docs/: each TypeScript example compiles against the library as a user imports it
 * ("typed-mcp", "typed-mcp/node", ...), and the README and the guides' index link every guide.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { describeDiagnostic, typeCheck } from "../helpers/type-check.js";

const ROOT = join(import.meta.dirname, "..", "..");
const DOCS = join(ROOT, "docs");
const GUIDES = readdirSync(DOCS).filter((file) => file.endsWith(".md") && file !== "README.md");
const work = mkdtempSync(join(tmpdir(), "typed-mcp-guides-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The ```ts blocks of a Markdown text. */
function typeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
}

const ENTRY_POINTS: Record<string, string[]> = {
  "typed-mcp": [join(ROOT, "src", "index.ts")],
  ...Object.fromEntries(
    ["server", "client", "jsonrpc", "validation", "node", "skills"].map((entry) => [
      `typed-mcp/${entry}`,
      [join(ROOT, "src", "entry", `${entry}.ts`)],
    ]),
  ),
};

describe("the guides", () => {
  it("cover what the issue asks for", () => {
    expect(GUIDES.sort()).toEqual(
      ["benchmarks", "cli", "client", "concepts", "extensions", "http", "migration", "server", "testing"].map(
        (name) => `${name}.md`,
      ),
    );
  });

  it("finds the examples of a guide, and a broken example fails to compile", { timeout: 120_000 }, () => {
    const blocks = typeScriptBlocks(
      "text\n```ts\nconst a: number = 1;\n```\n```sh\nls\n```\n```ts\nconst b: string = 2;\n```\n",
    );
    expect(blocks).toEqual(["const a: number = 1;\n", "const b: string = 2;\n"]);
    const file = join(work, "broken.ts");
    writeFileSync(file, `${blocks[1]}export {};\n`);
    expect(check([file]).length).toBeGreaterThan(0);
  });

  it.each(GUIDES)("%s: every TypeScript example compiles", { timeout: 120_000 }, (guide) => {
    const blocks = typeScriptBlocks(readFileSync(join(DOCS, guide), "utf8"));
    const files = blocks.map((block, index) => {
      const file = join(work, `${guide.replace(".md", "")}-${index + 1}.ts`);
      // Each example is a module of its own (top-level await, no clashes between examples).
      writeFileSync(file, `${block}\nexport {};\n`);
      return file;
    });
    // The command's and the benchmarks' guides are about commands, not code.
    if (!["benchmarks.md", "cli.md"].includes(guide))
      expect(files.length, `${guide} has no TypeScript example`).toBeGreaterThan(0);
    expect(check(files).map(describeDiagnostic)).toEqual([]);
  });

  it("are linked from the README and from the guides' index", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const index = readFileSync(join(DOCS, "README.md"), "utf8");
    for (const guide of GUIDES) {
      expect(readme, `README.md links docs/${guide}`).toContain(`(docs/${guide})`);
      expect(index, `docs/README.md links ${guide}`).toContain(`(${guide})`);
    }
  });
});

function check(files: string[]): readonly ts.Diagnostic[] {
  if (files.length === 0) return [];
  return typeCheck(files, {
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    typeRoots: [join(ROOT, "node_modules", "@types")],
    paths: ENTRY_POINTS,
    skipLibCheck: true,
    noUncheckedIndexedAccess: true,
  });
}
