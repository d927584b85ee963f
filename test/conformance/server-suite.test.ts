/**
 * The released conformance runner (@modelcontextprotocol/conformance 0.1.16), server side, against
 * examples/everything-server.ts over Streamable HTTP: every scenario of the `all` suite (the 30
 * active ones and the two pending ones) must pass, with no baseline of expected failures. The
 * pre-release's server scenarios run in requirement-sets.test.ts, whose two sets hold every scenario
 * of its `--suite all --spec-version <v>` at the same wire.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RELEASED_RUNNER, runConformance, suiteSummary } from "../helpers/conformance.js";
import { type EverythingServer, startEverythingServer } from "../helpers/everything-server.js";

let server: EverythingServer;

beforeAll(async () => {
  server = await startEverythingServer();
}, 90_000);

afterAll(() => {
  server?.stop();
});

describe("official conformance suite, server scenarios", () => {
  it("passes every scenario of the `all` suite (the 30 active ones, json-schema-2020-12 and server-sse-polling)", {
    timeout: 300_000,
  }, async () => {
    const { output } = await runConformance(RELEASED_RUNNER, ["server", "--url", server.url, "--suite", "all"]);
    const scenarios = suiteSummary(output);
    expect(scenarios.length, output.slice(-3000)).toBe(32);
    expect(scenarios.map((s) => s.scenario)).toEqual(
      expect.arrayContaining(["server-initialize", "tools-call-sampling", "server-sse-polling"]),
    );
    expect(scenarios.filter((s) => s.failed > 0 || s.passed === 0).map((s) => s.scenario)).toEqual([]);
  });
});
