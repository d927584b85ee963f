/** A short seeded run of the framing fuzzer (fuzz/drivers/framing.ts); `npm run fuzz` runs it long. */
import fc from "fast-check";
import { expect, it } from "vitest";
import { fuzzServer } from "../../fuzz/drivers/server.js";
import { FUZZERS } from "../../fuzz/fuzzers.js";
import { guardForThisFile } from "../helpers/fuzz-guard.js";

const guard = guardForThisFile();

it("framing: 500 seeded cases keep every invariant", async () => {
  const details = await fc.check(FUZZERS.framing(fuzzServer(), guard), { numRuns: 500, seed: 20261125 });
  if (details.failed) expect.fail(fc.defaultReportMessage(details) ?? "failed");
  expect(details.numRuns).toBe(500);
}, 60_000);
