/**
 * The skills extension (SEP-2640) against the conformance pre-release's `sep-2640-*` scenarios, the
 * extension's executable description: the three server scenarios against
 * examples/everything-server.ts over Streamable HTTP (in the stateless era and, forced, in the
 * 2025-11-25 handshake era), and the four client scenarios driving examples/conformance-client.ts.
 * Every check must succeed: no failure, no warning, and no check skipped (the cache attributes,
 * defined from 2026-07-28 on, are the one check a 2025-11-25 run skips).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NEXT_RUNNER, runClientScenario, runConformance } from "../helpers/conformance.js";
import { type EverythingServer, startEverythingServer } from "../helpers/everything-server.js";

let server: EverythingServer;

/** Each check's id and status, as the runner prints them. */
function checks(output: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of output.matchAll(/\[([\w-]+)\s*\]\s+(?:\S*?)(SUCCESS|FAILURE|WARNING|SKIPPED|INFO)/g)) {
    found.set(match[1] as string, match[2] as string);
  }
  return found;
}

function expectAllSucceeded(output: string, skippable: readonly string[] = []): void {
  const statuses = checks(output);
  expect(statuses.size, output.slice(-3000)).toBeGreaterThan(0);
  const notSucceeded = [...statuses].filter(
    ([id, status]) => status !== "SUCCESS" && status !== "INFO" && !(status === "SKIPPED" && skippable.includes(id)),
  );
  expect(notSucceeded, output.slice(-3000)).toEqual([]);
  const totals = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
  expect(totals, output.slice(-2000)).not.toBeNull();
  expect(Number(totals?.[3])).toBe(0);
  expect(Number(totals?.[4])).toBe(0);
}

describe("SEP-2640 skills, server scenarios against examples/everything-server.ts", () => {
  beforeAll(async () => {
    server = await startEverythingServer();
  }, 90_000);

  afterAll(() => {
    server?.stop();
  });

  const scenarios = ["sep-2640-skills-enumeration", "sep-2640-skills-manifest", "sep-2640-skills-directory"];

  it.each(scenarios)("%s: every check succeeds (2026-07-28)", { timeout: 150_000 }, async (scenario) => {
    const { output } = await runConformance(NEXT_RUNNER, ["server", "--url", server.url, "--scenario", scenario]);
    expectAllSucceeded(output);
  });

  it.each(scenarios)(
    "%s: every check succeeds over the 2025-11-25 handshake",
    { timeout: 150_000 },
    async (scenario) => {
      const { output } = await runConformance(NEXT_RUNNER, [
        "server",
        "--url",
        server.url,
        "--scenario",
        scenario,
        "--spec-version",
        "2025-11-25",
        "--force",
      ]);
      expectAllSucceeded(output, ["sep-2640-skills-list-cache-attributes", "sep-2640-skills-get-cache-attributes"]);
    },
  );
});

describe("SEP-2640 skills, client scenarios driving examples/conformance-client.ts", () => {
  it.each([
    "sep-2640-client-no-prefetch",
    "sep-2640-client-verify-digest",
    "sep-2640-client-verify-size",
    "sep-2640-client-verify-frontmatter",
  ])("%s: every check succeeds", { timeout: 150_000 }, async (scenario) => {
    const { output } = await runClientScenario(NEXT_RUNNER, scenario);
    expectAllSucceeded(output);
  });
});
