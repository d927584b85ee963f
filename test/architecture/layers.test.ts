/**
 * The layer rules as a test: every import in src/ and codegen/ against the allowed-dependency
 * table (see layers.ts), and the package root's whole import graph free of Node.js built-ins.
 */
import { describe, expect, it } from "vitest";
import { importsOf, type SourceFile, sourceFiles } from "./imports.js";
import { violations } from "./layers.js";

const source = [...sourceFiles("src"), ...sourceFiles("codegen")];
const describeViolations = (found: ReturnType<typeof violations>) =>
  found.map((v) => `${v.import.from} imports ${v.import.specifier}: ${v.rule}`);

/** Every file the entry file reaches through relative imports, with the bare specifiers it meets. */
function reachable(entry: string, files: readonly SourceFile[]): { files: Set<string>; bare: Map<string, string> } {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    const file = byPath.get(path);
    if (!file || seen.has(path)) continue;
    seen.add(path);
    for (const imported of importsOf(file)) {
      if (imported.target) queue.push(imported.target);
      else bare.set(imported.specifier, path);
    }
  }
  return { files: seen, bare };
}

describe("the layer rules", () => {
  it("hold for every import in src/ and codegen/", () => {
    expect(describeViolations(violations(source))).toEqual([]);
  });

  it("fail on a planted forbidden import: the dispatcher reaching up into the kernel", () => {
    const planted: SourceFile = {
      path: "src/jsonrpc/planted.ts",
      text: 'import { ServerRunner } from "../server/runner.js";\nexport const x = ServerRunner;\n',
    };
    const before = violations(source).length;
    const found = describeViolations(violations([...source, planted]));
    expect(found).toContain(
      "src/jsonrpc/planted.ts imports ../server/runner.js: src/jsonrpc may not import src/server",
    );
    // It also closes loops (the kernel imports the dispatcher), reported as such.
    expect(found.some((line) => line.includes("folders import each other: src/jsonrpc -> src/server"))).toBe(true);
    expect(found.length).toBeGreaterThan(before);
  });

  it("fail on a transport that imports the server, a client that imports the server, and src importing codegen", () => {
    const planted: SourceFile[] = [
      { path: "src/transport/planted.ts", text: 'export type { ConnectOptions } from "../server/runner.js";\n' },
      { path: "src/client/planted.ts", text: 'import "../server/runner.js";\n' },
      { path: "src/protocol/planted.ts", text: 'import "../../codegen/analyse.js";\n' },
      { path: "codegen/planted.ts", text: 'import "../src/protocol/versions.js";\n' },
    ];
    const found = describeViolations(violations([...source, ...planted]));
    expect(found).toContain(
      "src/transport/planted.ts imports ../server/runner.js: src/transport may not import src/server",
    );
    expect(found).toContain("src/client/planted.ts imports ../server/runner.js: src/client may not import src/server");
    expect(found).toContain("src/protocol/planted.ts imports ../../codegen/analyse.js: src/ never imports codegen/");
    expect(found).toContain("codegen/planted.ts imports ../src/protocol/versions.js: codegen/ never imports src/");
  });

  it("fail on folders that import each other round about, and on Node.js built-ins outside the node-only files", () => {
    const planted: SourceFile[] = [
      { path: "src/protocol/planted.ts", text: 'import "../validation/validate.js";\n' },
      { path: "src/server/planted.ts", text: 'import { readFileSync } from "node:fs";\n' },
    ];
    const found = describeViolations(violations([...source, ...planted]));
    expect(found).toContain(
      "src/protocol/planted.ts imports ../validation/validate.js: src/protocol may not import src/validation",
    );
    expect(
      found.some((line) => line.includes("folders import each other: src/protocol -> src/validation -> src/protocol")),
    ).toBe(true);
    expect(found).toContain(
      "src/server/planted.ts imports node:fs: only src/transport/stdio.ts, src/transport/streamable-http/node.ts, src/extensions/skills/directory.ts, src/cli/ may import Node.js built-ins",
    );
  });

  it("let the typed-mcp command (src/cli/) use Node.js built-ins and all of src/, and nothing import it", () => {
    const planted: SourceFile[] = [
      {
        path: "src/cli/planted.ts",
        text: 'import "node:fs";\nimport "../high-level/client.js";\nimport "../entry/node.js";\n',
      },
      { path: "src/high-level/planted.ts", text: 'import "../cli/version-diff.js";\n' },
    ];
    const alone = describeViolations(violations([...source, planted[0] as SourceFile]));
    expect(alone.filter((line) => line.startsWith("src/cli/planted.ts"))).toEqual([]);
    const found = describeViolations(violations([...source, ...planted]));
    expect(found).toContain(
      "src/high-level/planted.ts imports ../cli/version-diff.js: src/cli holds entry points, which nothing in src/ imports",
    );
  });
});

describe("the package root", () => {
  it("imports no Node.js built-in, directly or through any module it reaches", () => {
    const { files, bare } = reachable("src/index.ts", sourceFiles("src"));
    expect(files.size).toBeGreaterThan(20);
    expect([...bare].filter(([specifier]) => specifier.startsWith("node:"))).toEqual([]);
  });
});
