/**
 * The package root's eager graph, from the installed package: what `import("typed-mcp")` loads
 * (seen by a module loader hook, each bundle traced to its sources through its source map) stays in
 * few files and under a byte budget, and the tasks machinery is not part of it: it loads the first
 * time a task runs (issue 15's cold start; Node.js pays for every module file it loads).
 *
 * Measured when the budgets were set (2026-11-28): 4 files of dist/src and 378,622 bytes, against 21
 * files and 397,592 bytes before (the root's graph cut into one chunk per set of entry points).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npm, packedTarball } from "../helpers/packed.js";

/** At most this many files of dist/src are loaded by `import("typed-mcp")` (4 measured). */
const MAX_EAGER_FILES = 5;
/** At most this many bytes of dist/src JavaScript are loaded by `import("typed-mcp")` (378,622 measured). */
const MAX_EAGER_BYTES = 400_000;
/** Sources that must stay out of the eager graph: the tasks machinery, loaded on first use. */
const LAZY_SOURCES = ["src/high-level/server/tasks.ts", "src/high-level/task-calls.ts"];

let work: string;

beforeAll(() => {
  const tarball = packedTarball();
  work = mkdtempSync(join(tmpdir(), "typed-mcp-eager-"));
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync(npm, ["install", "--silent", "--no-audit", "--no-fund", tarball], { cwd: work, stdio: "pipe" });
  // Reports every file module loaded, on stderr.
  writeFileSync(
    join(work, "hooks.mjs"),
    `export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }`,
  );
  writeFileSync(
    join(work, "register.mjs"),
    `import { register } from "node:module"; register("./hooks.mjs", import.meta.url);`,
  );
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Loaded {
  /** The bundle files of dist/src that were loaded. */
  files: string[];
  /** The sources (from the source maps) of those files. */
  sources: Set<string>;
  stdout: string;
}

/** Runs `script` in the consumer project and reports the package's bundle files it loaded. */
function run(name: string, script: string): Loaded {
  writeFileSync(join(work, name), script);
  const child = spawnSync(process.execPath, ["--import", "./register.mjs", name], {
    cwd: work,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`${name} failed (${child.status}): ${child.stderr}`);
  const bundles = join("node_modules", "typed-mcp", "dist", "src");
  const files = child.stderr
    .split("\n")
    .filter((line) => line.startsWith("LOADED "))
    .map((line) => fileURLToPath(line.slice("LOADED ".length)))
    .filter((file) => file.includes(bundles));
  const sources = new Set<string>();
  for (const file of files) {
    const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[] };
    for (const source of map.sources) sources.add(source.replace(/^(\.\.\/)+/, ""));
  }
  return { files, sources, stdout: child.stdout };
}

describe("the package root's eager graph", () => {
  it('import("typed-mcp") loads few files, under the byte budget, and none of the tasks machinery', {
    timeout: 120_000,
  }, () => {
    const loaded = run("import-only.mjs", `await import("typed-mcp"); console.log("imported");`);
    expect(loaded.stdout.trim()).toBe("imported");
    const bytes = loaded.files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(loaded.files.length).toBeGreaterThan(0);
    expect(loaded.files.length, loaded.files.join("\n")).toBeLessThanOrEqual(MAX_EAGER_FILES);
    expect(bytes).toBeLessThanOrEqual(MAX_EAGER_BYTES);
    // The root's own code is there (the source maps name it), the tasks machinery is not.
    expect(loaded.sources).toContain("src/high-level/server/mcp-server.ts");
    expect(loaded.sources).toContain("src/high-level/server/server-tasks.ts");
    for (const lazy of LAZY_SOURCES) expect(loaded.sources, lazy).not.toContain(lazy);
  });

  it("a task tool registered and called at once works from the bundles, and loads the machinery then", {
    timeout: 120_000,
  }, () => {
    const loaded = run(
      "task-at-once.mjs",
      `
      import { Client, InMemoryTransport, McpServer } from "typed-mcp";
      const server = new McpServer({ name: "lazy", version: "1" });
      server.registerTool("slow", { inputSchema: { type: "object", properties: {} }, execution: { taskSupport: "required" } },
        async () => ({ content: [{ type: "text", text: "done" }] }));
      const before = server.tasks.runningCount;
      const outcomes = [];
      for (const era of ["core", "extension"]) {
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await server.connect(serverSide);
        const client = era === "core"
          ? new Client({ name: "c", version: "1" }, { protocolVersions: ["2025-11-25"] })
          : new Client({ name: "c", version: "1" }, { negotiation: "stateless", tasks: true });
        await client.connect(clientSide);
        if (era === "core") {
          const { task } = await client.tasks.callTool({ name: "slow", arguments: {} });
          const result = await client.tasks.result(task.taskId);
          outcomes.push([era, task.status, result.content]);
        } else {
          const result = await client.callTool({ name: "slow", arguments: {} });
          outcomes.push([era, "followed", result.content]);
        }
        await client.close();
      }
      console.log(JSON.stringify({ before, outcomes }));
      `,
    );
    const output = JSON.parse(loaded.stdout) as { before: number; outcomes: unknown[] };
    expect(output.before).toBe(0);
    expect(output.outcomes).toEqual([
      ["core", "working", [{ type: "text", text: "done" }]],
      ["extension", "followed", [{ type: "text", text: "done" }]],
    ]);
    for (const lazy of LAZY_SOURCES) expect(loaded.sources, lazy).toContain(lazy);
  });
});
