/** A short seeded run of the Authorization-header fuzzer (fuzz/drivers/auth.ts); `npm run fuzz` runs it long. */
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { authCase } from "../../fuzz/cases/auth.js";
import { isAcceptable } from "../../fuzz/drivers/auth.js";
import { fuzzServer } from "../../fuzz/drivers/server.js";
import { closeAuthFuzzServer, FUZZERS } from "../../fuzz/fuzzers.js";
import { guardForThisFile } from "../helpers/fuzz-guard.js";

const guard = guardForThisFile();
afterAll(() => closeAuthFuzzServer());

it("auth: 500 seeded cases: only good tokens get in, every other request gets 401", async () => {
  const details = await fc.check(FUZZERS.auth(fuzzServer(), guard), { numRuns: 500, seed: 20261128 });
  if (details.failed) expect.fail(fc.defaultReportMessage(details) ?? "failed");
  expect(details.numRuns).toBe(500);
}, 60_000);

it("auth: the cases hold good tokens as well as bad ones (so both halves of the oracle are exercised)", () => {
  const cases = fc.sample(authCase, { numRuns: 500, seed: 20261128 });
  const good = cases.filter(isAcceptable).length;
  expect(good).toBeGreaterThan(5);
  expect(good).toBeLessThan(250);
});
