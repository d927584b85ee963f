/**
 * `npm run build`: the published package in dist/.
 * 1. tsc emits the declarations (and the JavaScript of generated/, which stays file by file: the
 *    validators are loaded by path, and `typed-mcp/generated/*` is public).
 * 2. esbuild bundles each entry point of src/ (the package root, ./server, ./client, ./jsonrpc,
 *    ./validation, ./node, ./auth, ./redis, and the typed-mcp command) with the code they share split into chunks. A handful of files load
 *    faster than a hundred small modules: Node.js pays for every module it resolves and links (and
 *    graphsInOneChunk keeps the root's eager code in one chunk).
 *    Imports of generated/ stay imports, through the package's `#generated/*` subpath import, so
 *    that they resolve the same from any chunk.
 */

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { build, type Plugin } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");
const ENTRY_POINTS = [
  "src/index.ts",
  "src/entry/server.ts",
  "src/entry/client.ts",
  "src/entry/jsonrpc.ts",
  "src/entry/validation.ts",
  "src/entry/node.ts",
  "src/entry/auth.ts",
  "src/entry/redis.ts",
  "src/entry/skills.ts",
  // The typed-mcp command (package.json "bin"); its Node.js imports stay imports (node:* is external).
  "src/cli/bin.ts",
];

/** generated/… imported from anywhere in src/ becomes `#generated/…`, left for the runtime to resolve. */
const generatedAsSubpathImport: Plugin = {
  name: "generated-as-subpath-import",
  setup(builder) {
    builder.onResolve({ filter: /\/generated\// }, (args) => {
      const path = join(args.resolveDir, args.path);
      const relative = path.slice(join(ROOT, "generated").length + 1);
      if (path.startsWith(join(ROOT, "generated"))) return { path: `#generated/${relative}`, external: true };
      return undefined;
    });
  },
};

/**
 * The modules the root loads on first use, through a literal dynamic `import()` (esbuild makes each
 * an entry point of its own, with its own chunk).
 */
const LAZY_MODULES = [
  "src/high-level/server/tasks.ts",
  "src/high-level/task-calls.ts",
  // The HTTP clients' node:http default on Node.js, loaded by their first request there.
  "src/transport/streamable-http/node-fetch.ts",
];

/**
 * Which modules reach which other module's whole graph (see graphsInOneChunk), by the module reached:
 * - the root's graph, from every entry point but the root itself and the two leaf layers, ./jsonrpc
 *   and ./validation, which stay small; and from the lazily loaded modules, which would otherwise cut
 *   the root's chunk in two again;
 * - ./jsonrpc's graph, from ./validation (which loads 27 KB more), so that the JSON-RPC layer is one
 *   chunk rather than two beside the root's.
 */
const REACHES: Record<string, string[]> = {
  "src/index.ts": [
    ...ENTRY_POINTS.filter(
      (entry) => !["src/index.ts", "src/entry/jsonrpc.ts", "src/entry/validation.ts"].includes(entry),
    ),
    ...LAZY_MODULES,
  ],
  "src/entry/jsonrpc.ts": ["src/entry/validation.ts"],
};

/**
 * esbuild's splitting puts each file in the chunk of the set of entry points that reach it, so the
 * root's eager graph was cut into twenty chunks, and Node.js pays for every module it resolves,
 * reads, compiles and links: most of the cold start (issue 15). Each module listed in REACHES gains a
 * bare import of a module that re-exports the module it should reach, so that every file of that
 * graph is reached by the same set of entry points and lands in one chunk (`import("typed-mcp")`
 * loads four files). Those modules load that chunk too; each module still exists once, so classes
 * are the same across entry points.
 */
const graphsInOneChunk: Plugin = {
  name: "graphs-in-one-chunk",
  setup(builder) {
    const reached = new Map<string, string[]>();
    for (const [target, from] of Object.entries(REACHES)) {
      for (const module of from) reached.set(join(ROOT, module), [...(reached.get(join(ROOT, module)) ?? []), target]);
    }
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      const targets = reached.get(args.path);
      if (!targets) return undefined;
      const imports = targets.map((target) => `import "typed-mcp-graph:${target}";`).join("\n");
      return {
        contents: `${readFileSync(args.path, "utf8")}\n${imports}\n`,
        loader: "ts",
        resolveDir: dirname(args.path),
      };
    });
    // A module outside package.json's `"sideEffects": false`, so that esbuild keeps the bare import.
    builder.onResolve({ filter: /^typed-mcp-graph:/ }, (args) => ({
      path: args.path.slice("typed-mcp-graph:".length),
      namespace: "typed-mcp-graph",
    }));
    builder.onLoad({ filter: /.*/, namespace: "typed-mcp-graph" }, (args) => ({
      contents: `export * from ${JSON.stringify(join(ROOT, args.path))};`,
      loader: "ts",
      resolveDir: ROOT,
    }));
  },
};

function removeJavaScript(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeJavaScript(path);
    else if (/\.js(\.map)?$/.test(entry.name)) rmSync(path);
  }
}

rmSync(DIST, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "src/tsconfig.build.json")],
  {
    stdio: "inherit",
  },
);
// The per-file JavaScript of src/ is replaced by the bundles; its declarations stay.
removeJavaScript(join(DIST, "src"));
await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRY_POINTS,
  outbase: "src",
  outdir: join(DIST, "src"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // jose (a dependency of ./auth alone) stays an import of the package the user installs.
  external: ["node:*", "@opentelemetry/api", "jose", "@redis/client"],
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
  plugins: [generatedAsSubpathImport, graphsInOneChunk],
  logLevel: "warning",
});
