/**
 * The official conformance suite (@modelcontextprotocol/conformance 0.1.16), server side, against
 * examples/everything-server.ts over Streamable HTTP: every scenario of the `all` suite (the 30
 * active ones and the two pending ones) must pass, with no baseline of expected failures. The runner needs Node >= 22; it runs under the `node@22` package
 * from the npm registry (kept out of node_modules/.bin), while the server under test runs on this
 * machine's Node.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const require = createRequire(import.meta.url);
const RUNNER = require.resolve("@modelcontextprotocol/conformance/dist/index.js");
/** The newest pre-release (0.2.0-alpha.12, installed as `conformance-next`): the 2026-07-28 scenarios. */
const NEXT_RUNNER = require.resolve("conformance-next/dist/index.js");
let server: ChildProcess;
let url: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/mcp`;
  server = spawn(
    process.execPath,
    ["--import", "tsx", "examples/everything-server.ts", "--http", "--port", String(port)],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // Ready once it accepts connections.
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await fetch(url, { method: "DELETE" }).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("examples/everything-server.ts --http did not start");
}, 30_000);

afterAll(() => {
  server?.kill();
});

function runSuite(runner = RUNNER, extra: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "npx",
      ["-y", "-p", "node@22", "--", "node", runner, "server", "--url", url, "--suite", "all", ...extra],
      { cwd: ROOT, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // The runner exits non-zero when a scenario fails; the summary says which.
        if (error && !stdout.includes("=== SUMMARY ===")) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

describe("official conformance suite, server scenarios", () => {
  it("passes every scenario of the `all` suite (the 30 active ones, json-schema-2020-12 and server-sse-polling)", {
    timeout: 300_000,
  }, async () => {
    const output = await runSuite();
    const summary = output.slice(output.indexOf("=== SUMMARY ==="));
    const scenarios = [...summary.matchAll(/^([✓✗]) ([\w-]+): (\d+) passed, (\d+) failed/gm)].map((m) => ({
      name: m[2],
      failed: Number(m[4]),
    }));
    expect(scenarios.length).toBe(32);
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining(["server-initialize", "tools-call-sampling", "server-sse-polling"]),
    );
    expect(scenarios.filter((s) => s.failed > 0).map((s) => s.name)).toEqual([]);
  });

  for (const [version, count, names] of [
    [
      "2026-07-28",
      40,
      ["server-stateless", "caching", "http-custom-header-server-validation", "input-required-result-multi-round"],
    ],
    ["2025-11-25", 33, ["server-initialize", "tools-call-sampling", "resources-subscribe"]],
  ] as const) {
    it(`0.2.0-alpha: passes every scenario of the \`all\` suite at ${version} (the same server serves both eras)`, {
      timeout: 300_000,
    }, async () => {
      const output = await runSuite(NEXT_RUNNER, ["--spec-version", version]);
      const summary = output.slice(output.indexOf("=== SUMMARY ==="));
      const scenarios = [...summary.matchAll(/^([✓✗]) ([\w-]+): (\d+) passed, (\d+) failed/gm)].map((m) => ({
        name: m[2],
        failed: Number(m[4]),
      }));
      expect(scenarios.length).toBe(count);
      expect(scenarios.map((s) => s.name)).toEqual(expect.arrayContaining([...names]));
      expect(scenarios.filter((s) => s.failed > 0).map((s) => s.name)).toEqual([]);
    });
  }
});
