/**
 * The official conformance suite's client scenarios that need no OAuth, against
 * examples/conformance-client.ts (built on our Client and Streamable HTTP transport). The runner
 * (Node >= 22) comes from the `node@22` npm package through npx; our client runs on this machine's Node.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const require = createRequire(import.meta.url);
const RUNNER = require.resolve("@modelcontextprotocol/conformance/dist/index.js");
/** The newest pre-release (0.2.0-alpha.12, installed as `conformance-next`): the 2026-07-28 scenarios. */
const NEXT_RUNNER = require.resolve("conformance-next/dist/index.js");
const CLIENT = `${process.execPath} --import tsx examples/conformance-client.ts`;

function runScenario(scenario: string, runner = RUNNER, extra: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "npx",
      ["-y", "-p", "node@22", "--", "node", runner, "client", "--command", CLIENT, "--scenario", scenario, ...extra],
      { cwd: ROOT, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        if (error && !/Passed: \d+\/\d+/.test(output)) reject(new Error(`${error.message}\n${output}`));
        else resolve(output);
      },
    );
  });
}

describe("official conformance suite, client scenarios without OAuth", () => {
  it.each(["initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"])(
    "%s passes",
    { timeout: 150_000 },
    async (scenario) => {
      const output = await runScenario(scenario);
      const totals = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(output);
      expect(totals, output.slice(-2000)).not.toBeNull();
      expect(Number(totals?.[2])).toBeGreaterThan(0);
      expect(Number(totals?.[1]), output.slice(-2000)).toBe(Number(totals?.[2]));
      expect(Number(totals?.[3])).toBe(0);
    },
  );
});

describe("official conformance suite 0.2.0-alpha, 2026-07-28 client scenarios without OAuth", () => {
  it.each([
    "tools_call",
    "request-metadata",
    "sep-2322-client-request-state",
    "http-standard-headers",
    "http-custom-headers",
    "http-invalid-tool-headers",
    "json-schema-ref-no-deref",
    "json-schema-2020-12-preservation",
  ])("%s passes with no warning", { timeout: 150_000 }, async (scenario) => {
    const output = await runScenario(scenario, NEXT_RUNNER, ["--spec-version", "2026-07-28"]);
    const totals = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
    expect(totals, output.slice(-2000)).not.toBeNull();
    expect(Number(totals?.[2])).toBeGreaterThan(0);
    expect(Number(totals?.[3]), output.slice(-2000)).toBe(0);
    expect(Number(totals?.[4]), output.slice(-2000)).toBe(0);
  });
});
