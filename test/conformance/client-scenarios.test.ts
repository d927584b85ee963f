/**
 * The released conformance runner's client scenarios that need no OAuth, against
 * examples/conformance-client.ts (built on our Client and Streamable HTTP transport). The
 * pre-release's (2026-07-28 and 2025-11-25) run in requirement-sets.test.ts, whose client sets hold
 * every one of them at its wire.
 */
import { describe, it } from "vitest";
import { expectScenarioPassed, RELEASED_RUNNER, runClientScenario } from "../helpers/conformance.js";

describe("official conformance suite, client scenarios without OAuth", () => {
  it.each(["initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"])(
    "%s passes",
    { timeout: 300_000 },
    async (scenario) => {
      expectScenarioPassed(await runClientScenario(RELEASED_RUNNER, scenario), { allowWarnings: true });
    },
  );
});
