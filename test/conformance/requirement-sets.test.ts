/**
 * The conformance suite's frozen requirement sets (`--requirements <revision>`, 0.2.0-alpha.12,
 * installed as `conformance-next`), both legs, both revisions, with no expected failures:
 * - server: examples/everything-server.ts over Streamable HTTP, one process serving both
 *   revisions' wires (the initialize handshake for 2025-11-25, stateless for 2026-07-28);
 * - client: examples/conformance-client.ts (our Client and Streamable HTTP transport, with the OAuth
 *   provider of `typed-mcp/auth`).
 * Each set runs what the revision requires and also what it runs without scoring (the tasks extension,
 * the authorization extensions, pending and later scenarios); every one of them must pass.
 *
 * The four sets run at once, from this one file: vitest gives a two-core machine a single worker, so
 * separate files would run one after the other. They subsume the pre-release's `--suite all
 * --spec-version <v>` server runs and its by-name client runs of the same scenarios at the same wire,
 * which the other files of this folder therefore no longer make.
 *
 * A client set starts all its scenarios at once (25 and 39), each a mock server inside the runner's one
 * process and a client process of ours. Measured under load, every scenario then stalls at the same
 * instant (the non-OAuth ones too): the runner, one process among dozens, gets too little CPU to
 * answer. So our clients pass through a gate that runs a few at a time (test/helpers/conformance.ts),
 * and the runner's client timeout, which counts from the start of the process and so includes the
 * wait at the gate, is 300 s instead of 30 s. A client that hung would still fail. The two client
 * legs take turns (the server legs run beside them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conformanceClientCommand,
  expectRequirementSetPassed,
  NEXT_RUNNER,
  requirementSet,
  runConformance,
} from "../helpers/conformance.js";
import { type EverythingServer, startEverythingServer } from "../helpers/everything-server.js";

let server: EverythingServer;

/**
 * The client legs take turns: both would queue their clients at the same gate anyway, and the
 * runner's client timeout counts the wait there, so running them at once only made the later
 * clients of each wait behind the other leg's.
 */
let clientLegs: Promise<unknown> = Promise.resolve();
function inTurn<T>(run: () => Promise<T>): Promise<T> {
  const turn = clientLegs.then(run);
  clientLegs = turn.catch(() => {});
  return turn;
}

beforeAll(async () => {
  server = await startEverythingServer();
}, 90_000);

afterAll(() => {
  server?.stop();
});

describe.concurrent("the conformance suite's frozen requirement sets", () => {
  it.each([
    // [revision, scenarios run (scored and not), one the set must hold]
    ["2025-11-25", 33, "server-initialize"],
    ["2026-07-28", 50, "server-stateless"],
  ] as const)(
    "server leg, %s: every scenario passes (%i run)",
    { timeout: 420_000 },
    async (version, count, landmark) => {
      const set = await requirementSet(version, "server");
      expect(set.scored).toContain(landmark);
      expect(set.scored.length + set.notScored.length).toBe(count);
      const result = await runConformance(
        NEXT_RUNNER,
        ["server", "--url", server.url, "--requirements", version],
        400_000,
      );
      // tasks-status-notifications is a placeholder in this pre-release: its one check is SKIPPED.
      expectRequirementSetPassed(result, set, ["tasks-status-notifications"]);
    },
  );

  it.each([
    ["2025-11-25", 25, "initialize"],
    ["2026-07-28", 39, "request-metadata"],
  ] as const)(
    "client leg, %s: every scenario passes (%i run)",
    // Its turn may come after the other leg's.
    { timeout: 840_000 },
    async (version, count, landmark) => {
      const set = await requirementSet(version, "client");
      expect(set.scored).toContain(landmark);
      expect(set.scored.length + set.notScored.length).toBe(count);
      expect(set.notScored).toEqual(expect.arrayContaining(["auth/dpop", "auth/dpop-nonce", "auth/wif-jwt-bearer"]));
      const command = await conformanceClientCommand();
      const result = await inTurn(() =>
        runConformance(
          NEXT_RUNNER,
          ["client", "--command", command, "--requirements", version, "--timeout", "300000"],
          400_000,
        ),
      );
      expectRequirementSetPassed(result, set);
    },
  );
});
