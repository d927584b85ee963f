/**
 * `npm run build`: the published package in dist/.
 * 1. tsc emits the declarations (and the JavaScript of generated/, which stays file by file: the
 *    validators are loaded by path, and `typed-mcp/generated/*` is public).
 * 2. esbuild bundles each entry point of src/ (the package root, ./server, ./client, ./jsonrpc,
 *    ./validation, ./node, ./auth, ./redis, and the typed-mcp command) with the code they share split into chunks. A handful of files load
 *    faster than a hundred small modules: Node.js pays for every module it resolves and links (and
 *    rootGraphInOneChunk keeps the root's eager code in one chunk).
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
const LAZY_MODULES = ["src/high-level/server/tasks.ts", "src/high-level/task-calls.ts"];

/**
 * The modules that reach the package root's whole module graph (see rootGraphInOneChunk): every
 * entry point but the root itself and the two leaf layers, ./jsonrpc and ./validation, which stay
 * small; and the lazily loaded modules, which would otherwise cut the root's chunk in two again.
 */
const ENTRIES_WITH_ROOT_GRAPH = [
  ...ENTRY_POINTS.filter(
    (entry) => !["src/index.ts", "src/entry/jsonrpc.ts", "src/entry/validation.ts"].includes(entry),
  ),
  ...LAZY_MODULES,
];

/**
 * esbuild's splitting puts each file in the chunk of the set of entry points that reach it, so the
 * root's eager graph was cut into twenty chunks, and Node.js pays for every module it resolves,
 * reads, compiles and links: most of the cold start (issue 15). Each entry point of
 * ENTRIES_WITH_ROOT_GRAPH gains a bare import of a module that re-exports the root, so every file
 * the root reaches is reached by the same set and lands in one chunk (`import("typed-mcp")` loads
 * five files). Those subpaths load that chunk too; each module still exists once, so classes are
 * the same across entry points.
 */
const rootGraphInOneChunk: Plugin = {
  name: "root-graph-in-one-chunk",
  setup(builder) {
    const withRootGraph = new Set(ENTRIES_WITH_ROOT_GRAPH.map((entry) => join(ROOT, entry)));
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!withRootGraph.has(args.path)) return undefined;
      const source = readFileSync(args.path, "utf8");
      return { contents: `${source}\nimport "typed-mcp:root-graph";\n`, loader: "ts", resolveDir: dirname(args.path) };
    });
    // A module outside package.json's `"sideEffects": false`, so that esbuild keeps the bare import.
    builder.onResolve({ filter: /^typed-mcp:root-graph$/ }, () => ({ path: "root-graph", namespace: "root-graph" }));
    builder.onLoad({ filter: /.*/, namespace: "root-graph" }, () => ({
      contents: `export * from ${JSON.stringify(join(ROOT, "src/index.ts"))};`,
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
  plugins: [generatedAsSubpathImport, rootGraphInOneChunk],
  logLevel: "warning",
});
