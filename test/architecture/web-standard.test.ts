/**
 * Every entry point but `./node` runs on web-standard APIs alone: each is bundled (as the build
 * does, every import followed, dynamic ones too) and the bundle may import no Node.js built-in and
 * use no global `Buffer`. `./node` is bundled the same way to show that the check sees both.
 */
import { builtinModules } from "node:module";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const WEB_ENTRIES = [
  "src/index.ts",
  "src/entry/server.ts",
  "src/entry/client.ts",
  "src/entry/jsonrpc.ts",
  "src/entry/validation.ts",
];
const BUILTINS = new Set(builtinModules);

interface Graph {
  builtins: string[];
  buffers: string[];
  files: number;
}

async function bundledGraph(entry: string): Promise<Graph> {
  const builtins: string[] = [];
  const recordBuiltins: Plugin = {
    name: "record-builtins",
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, "");
        if (args.path.startsWith("node:") || BUILTINS.has(bare) || BUILTINS.has(bare.split("/")[0] as string)) {
          builtins.push(`${args.path} (from ${args.importer.slice(ROOT.length + 1)})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    splitting: true,
    outdir: "out",
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    external: ["@opentelemetry/api"],
    metafile: true,
    logLevel: "silent",
    plugins: [recordBuiltins],
  });
  const buffers: string[] = [];
  for (const file of result.outputFiles) {
    for (const line of file.text.split("\n")) if (/(?<![\w$.])Buffer\b/.test(line)) buffers.push(line.trim());
  }
  return { builtins, buffers, files: Object.keys(result.metafile.inputs).length };
}

describe("web-standard entry points", () => {
  for (const entry of WEB_ENTRIES) {
    it(`${entry} imports no Node.js built-in and uses no Buffer, through every import`, {
      timeout: 60_000,
    }, async () => {
      const graph = await bundledGraph(entry);
      expect(graph.files).toBeGreaterThan(5);
      expect(graph.builtins).toEqual([]);
      expect(graph.buffers).toEqual([]);
    });
  }

  it("src/entry/node.ts (the Node.js entry) is seen to import built-ins: the check above can fail", {
    timeout: 60_000,
  }, async () => {
    const graph = await bundledGraph("src/entry/node.ts");
    expect(graph.builtins.some((name) => name.startsWith("node:child_process"))).toBe(true);
    expect(graph.buffers.length).toBeGreaterThan(0);
  });
});
