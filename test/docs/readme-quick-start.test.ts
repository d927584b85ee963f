/**
 * The README's quick start shows the same tool in plain JSON Schema and in zod 4, and both compile as
 * a user writes them: the server block and the zod block that continues it, type-checked together
 * against the library's entry points and the installed zod. The handlers' argument types come from
 * the schemas, so a schema and a handler that disagree fail here.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeDiagnostic, typeCheck } from "../helpers/type-check.js";

const ROOT = join(import.meta.dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const work = mkdtempSync(join(tmpdir(), "typed-mcp-readme-"));
// zod resolves from the example's folder as it would in a user's project.
symlinkSync(join(ROOT, "node_modules"), join(work, "node_modules"), "dir");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The ```ts blocks of the README's section that starts at `heading`. */
function sectionBlocks(heading: string): string[] {
  const start = README.indexOf(heading);
  const end = README.indexOf("\n## ", start + heading.length);
  const section = README.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
}

function check(file: string): string[] {
  return typeCheck([file], {
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    typeRoots: [join(ROOT, "node_modules", "@types")],
    paths: {
      "typed-mcp": [join(ROOT, "src", "index.ts")],
      "typed-mcp/node": [join(ROOT, "src", "entry", "node.ts")],
    },
    skipLibCheck: true,
    noUncheckedIndexedAccess: true,
  }).map(describeDiagnostic);
}

describe("the README's quick start", () => {
  const [server, zod] = sectionBlocks("## Quick start: server and client");

  it("shows the tool in plain JSON Schema, then the same tool in zod", () => {
    expect(server).toMatch(/registerTool\(\s*"forecast",[\s\S]*inputSchema: \{ type: "object"/);
    expect(zod).toMatch(/import \* as z from "zod"/);
    expect(zod).toMatch(/registerTool\(\s*"forecast",[\s\S]*inputSchema: z\.object\(/);
  });

  it("compiles, both forms, and a handler that misreads the zod schema does not", { timeout: 240_000 }, () => {
    // The zod block continues the server block (it uses its `server`); imports go first.
    const imports = (block: string) => block.split("\n").filter((line) => line.startsWith("import "));
    const body = (block: string) => block.split("\n").filter((line) => !line.startsWith("import "));
    const joined = [
      ...imports(server ?? ""),
      ...imports(zod ?? ""),
      ...body(server ?? ""),
      ...body(zod ?? ""),
      "export {};",
    ].join("\n");
    const file = join(work, "quick-start.ts");
    writeFileSync(file, joined);
    expect(check(file)).toEqual([]);

    const broken = join(work, "quick-start-broken.ts");
    writeFileSync(broken, joined.replace("Array(days).fill(21.5)", "days.toUpperCase()"));
    expect(check(broken).join("\n")).toMatch(/toUpperCase/);
  });
});
