/**
 * Every `auth/*` client scenario of the official conformance suite, against
 * examples/conformance-client.ts with the OAuth provider of `typed-mcp/auth`, with no expected failures:
 * every check of every scenario passes, with no warning.
 * - The 33 of the 0.2.0-alpha.12 pre-release (`conformance-next`; spread over its auth, backcompat,
 *   2026-07-28 and extension suites). A scenario run by name speaks its default wire (2026-07-28 for
 *   one introduced then, else 2025-11-25); 31 of them are in the requirement set of that revision, run
 *   at the same wire by requirement-sets.test.ts, and are not run again here. The two 2025-03-26
 *   backward-compatibility scenarios are in no requirement set and run here by name. A test checks
 *   this partition against the runner's own listings.
 * - The 22 of the released runner (0.1.16), by name.
 */
import { describe, expect, it } from "vitest";
import {
  expectScenarioPassed,
  NEXT_RUNNER,
  RELEASED_RUNNER,
  requirementSet,
  runClientScenario,
  runConformance,
} from "../helpers/conformance.js";

/** The auth scenarios a runner lists for the client side, with the revisions each applies to. */
async function authScenarios(runner: string): Promise<Map<string, string[]>> {
  const { output } = await runConformance(runner, ["list", "--client"], 120_000);
  return new Map(
    [...output.matchAll(/- (auth\/[a-z0-9-]+)(?: \[([^\]]*)\])?/g)].map((m) => [
      m[1] as string,
      (m[2] ?? "").split(","),
    ]),
  );
}

/** The pre-release's auth scenarios that no requirement set runs at the wire they speak by name. */
const NOT_IN_A_REQUIREMENT_SET = [
  "auth/2025-03-26-oauth-metadata-backcompat",
  "auth/2025-03-26-oauth-endpoint-fallback",
];

const RELEASED_SCENARIOS = [...(await authScenarios(RELEASED_RUNNER)).keys()];

describe("the pre-release's auth scenarios: run by requirement-sets.test.ts or here", () => {
  it("33 listed; all but the two 2025-03-26 ones are in the requirement set of the wire they speak", {
    timeout: 300_000,
  }, async () => {
    const listed = await authScenarios(NEXT_RUNNER);
    expect(listed.size).toBe(33);
    const sets = {
      "2025-11-25": await requirementSet("2025-11-25", "client"),
      "2026-07-28": await requirementSet("2026-07-28", "client"),
    };
    const elsewhere = [...listed]
      .filter(([name, revisions]) => {
        // The runner's default wire for a scenario named alone: 2026-07-28 if introduced then, else 2025-11-25.
        const wire = revisions[0] === "2026-07-28" ? "2026-07-28" : "2025-11-25";
        const set = sets[wire];
        return !set.scored.includes(name) && !set.notScored.includes(name);
      })
      .map(([name]) => name);
    expect(elsewhere.sort()).toEqual([...NOT_IN_A_REQUIREMENT_SET].sort());
  });

  it("the released runner lists 22", () => {
    expect(RELEASED_SCENARIOS).toHaveLength(22);
  });
});

describe.concurrent("official conformance suite 0.2.0-alpha.12, the auth scenarios of no requirement set", () => {
  it.each(NOT_IN_A_REQUIREMENT_SET)("%s passes every check", { timeout: 300_000 }, async (scenario) => {
    expectScenarioPassed(await runClientScenario(NEXT_RUNNER, scenario));
  });
});

describe.concurrent("official conformance suite (released runner), every auth/* client scenario", () => {
  it.each(RELEASED_SCENARIOS)("%s passes every check", { timeout: 300_000 }, async (scenario) => {
    expectScenarioPassed(await runClientScenario(RELEASED_RUNNER, scenario));
  });
});
