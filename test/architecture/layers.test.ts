/**
 * The layer rules as a test: every import in src/ and codegen/ against the allowed-dependency
 * table (see layers.ts), and the package root's whole import graph free of Node.js built-ins.
 */
import { describe, expect, it } from "vitest";
import { importsOf, type SourceFile, sourceFiles } from "./imports.js";
import { AUTH_PACKAGES, violations } from "./layers.js";

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
      "src/server/planted.ts imports node:fs: only src/transport/stdio.ts, src/transport/streamable-http/node.ts, src/transport/streamable-http/node-sse.ts, src/auth/client/loopback.ts, src/extensions/skills/directory.ts, src/cli/ may import Node.js built-ins",
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

describe("jose and the authorization code", () => {
  const src = sourceFiles("src");
  const entries = ["src/index.ts", ...src.map((file) => file.path).filter((path) => path.startsWith("src/entry/"))];

  it.each(entries.filter((entry) => entry !== "src/entry/auth.ts"))("%s never reaches jose or src/auth/", (entry) => {
    const { files, bare } = reachable(entry, src);
    expect(files.size).toBeGreaterThan(1);
    expect([...bare.keys()].filter((specifier) => specifier === "jose" || specifier.startsWith("jose/"))).toEqual([]);
    // typed-mcp/node carries the OAuth client's loopback redirect helper, which uses no OAuth library.
    expect([...files].filter((path) => path.startsWith("src/auth/") && path !== "src/auth/client/loopback.ts")).toEqual(
      [],
    );
  });

  it("typed-mcp/auth does reach jose (the check above can fail)", () => {
    const { bare } = reachable("src/entry/auth.ts", src);
    expect(bare.has("jose")).toBe(true);
  });

  it("refuses jose outside src/auth/", () => {
    const planted: SourceFile = { path: "src/server/planted.ts", text: 'import { jwtVerify } from "jose";\n' };
    const found = describeViolations(violations([...source, planted]));
    expect(found).toContain(
      "src/server/planted.ts imports jose: src/ has no runtime dependencies: a package import needs a decision",
    );
  });
});

describe("the Redis client", () => {
  it("is loaded by typed-mcp/redis alone: no other entry point reaches @redis/client or src/redis/", () => {
    const files = sourceFiles("src");
    const redis = reachable("src/entry/redis.ts", files);
    expect(redis.bare.has("@redis/client")).toBe(true);
    const others = ["src/index.ts", ...files.map((file) => file.path).filter((path) => path.startsWith("src/entry/"))]
      .filter((path) => path !== "src/entry/redis.ts")
      .concat(files.map((file) => file.path).filter((path) => path.startsWith("src/cli/")));
    expect(others.length).toBeGreaterThan(5);
    for (const entry of others) {
      const { files: reached, bare } = reachable(entry, files);
      expect(
        [...bare.keys()].filter((specifier) => specifier.startsWith("@redis/")),
        entry,
      ).toEqual([]);
      expect(
        [...reached].filter((path) => path.startsWith("src/redis/")),
        entry,
      ).toEqual([]);
    }
  });

  it("may not be imported outside src/redis/", () => {
    const planted: SourceFile = { path: "src/server/planted.ts", text: 'import "@redis/client";\n' };
    expect(describeViolations(violations([...source, planted]))).toContain(
      "src/server/planted.ts imports @redis/client: src/ has no runtime dependencies: a package import needs a decision",
    );
  });
});

describe("the OAuth libraries", () => {
  it.each([
    ["typed-mcp", "src/index.ts"],
    ["typed-mcp/client", "src/entry/client.ts"],
    ["typed-mcp/server", "src/entry/server.ts"],
    ["typed-mcp/jsonrpc", "src/entry/jsonrpc.ts"],
    ["typed-mcp/validation", "src/entry/validation.ts"],
    ["typed-mcp/node", "src/entry/node.ts"],
  ])("are never loaded by %s", (_name, entry) => {
    const { files, bare } = reachable(entry, sourceFiles("src"));
    expect(files.size).toBeGreaterThan(0);
    // typed-mcp/node carries the loopback redirect helper, which uses no OAuth library.
    const allowed = new Set(["src/auth/client/loopback.ts"]);
    expect([...files].filter((path) => path.startsWith("src/auth/") && !allowed.has(path))).toEqual([]);
    expect([...bare.keys()].filter((specifier) => AUTH_PACKAGES.includes(specifier))).toEqual([]);
  });

  it("are loaded by typed-mcp/auth, so that the check above can fail", () => {
    const { bare } = reachable("src/entry/auth.ts", sourceFiles("src"));
    expect([...bare.keys()].filter((specifier) => AUTH_PACKAGES.includes(specifier)).sort()).toEqual([
      "jose",
      "oauth4webapi",
    ]);
  });

  it("may be imported by src/auth/client only", () => {
    const planted: SourceFile = { path: "src/client/planted.ts", text: 'import "oauth4webapi";\n' };
    expect(describeViolations(violations([...source, planted]))).toContain(
      "src/client/planted.ts imports oauth4webapi: src/ has no runtime dependencies: a package import needs a decision",
    );
  });
});
