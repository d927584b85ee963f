/**
 * Every `auth/*` client scenario of the official conformance suite, against
 * examples/conformance-client.ts with the OAuth provider of `typed-mcp/auth`: the 33 of the
 * 0.2.0-alpha.12 pre-release (`conformance-next`; spread over its auth, backcompat, 2026-07-28 and
 * extension suites, so each is run by name) and the 22 of the released runner. No expected failures:
 * every check of every scenario passes, with no warning. The scenarios run a few at a time (each is
 * a runner process, a mock authorization server and MCP server, and our client).
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const require = createRequire(import.meta.url);
const RUNNER = require.resolve("@modelcontextprotocol/conformance/dist/index.js");
const NEXT_RUNNER = require.resolve("conformance-next/dist/index.js");
const CLIENT = `${process.execPath} --import tsx examples/conformance-client.ts`;

function run(runner: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "npx",
      ["-y", "-p", "node@22", "--", "node", runner, ...args],
      { cwd: ROOT, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        if (error && !/Passed: \d+\/\d+/.test(output)) reject(new Error(`${error.message}\n${output}`));
        else resolve(output);
      },
    );
  });
}

/** The auth scenarios a runner lists for the client side. */
async function authScenarios(runner: string): Promise<string[]> {
  const listing = await run(runner, ["list", "--client"]);
  return [...listing.matchAll(/- (auth\/[a-z0-9-]+)/g)].map((m) => m[1] as string);
}

function expectAllPassed(output: string): void {
  const totals = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
  expect(totals, output.slice(-3000)).not.toBeNull();
  expect(Number(totals?.[2])).toBeGreaterThan(0);
  expect(Number(totals?.[1]), output.slice(-3000)).toBe(Number(totals?.[2]));
  expect(Number(totals?.[3]), output.slice(-3000)).toBe(0);
  expect(Number(totals?.[4]), output.slice(-3000)).toBe(0);
  expect(output).toContain("OVERALL: PASSED");
}

const NEXT_SCENARIOS = await authScenarios(NEXT_RUNNER);
const RELEASED_SCENARIOS = await authScenarios(RUNNER);

describe("the runners list the auth scenarios this file runs", () => {
  it("0.2.0-alpha.12 lists 33, the released runner 22", () => {
    expect(NEXT_SCENARIOS).toHaveLength(33);
    expect(RELEASED_SCENARIOS).toHaveLength(22);
  });
});

describe.concurrent("official conformance suite 0.2.0-alpha.12, every auth/* client scenario", () => {
  it.each(NEXT_SCENARIOS)("%s passes every check", { timeout: 300_000 }, async (scenario) => {
    expectAllPassed(await run(NEXT_RUNNER, ["client", "--command", CLIENT, "--scenario", scenario]));
  });
});

describe.concurrent("official conformance suite (released runner), every auth/* client scenario", () => {
  it.each(RELEASED_SCENARIOS)("%s passes every check", { timeout: 300_000 }, async (scenario) => {
    expectAllPassed(await run(RUNNER, ["client", "--command", CLIENT, "--scenario", scenario]));
  });
});
