/**
 * `npm run build`: the published package in dist/.
 * 1. tsc emits the declarations (and the JavaScript of generated/, which stays file by file: the
 *    validators are loaded by path, and `typed-mcp/generated/*` is public).
 * 2. esbuild bundles each entry point of src/ (the package root, ./server, ./client, ./jsonrpc,
 *    ./validation, ./node, ./auth, ./redis, and the typed-mcp command) with the code they share split into chunks. A handful of files load
 *    faster than a hundred small modules: Node.js pays for every module it resolves and links.
 *    Imports of generated/ stay imports, through the package's `#generated/*` subpath import, so
 *    that they resolve the same from any chunk.
 */

import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
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
  plugins: [generatedAsSubpathImport],
  logLevel: "warning",
});
