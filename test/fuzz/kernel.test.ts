/** A short seeded run of the kernel fuzzer (fuzz/drivers/kernel.ts); `npm run fuzz` runs it long. */
import fc from "fast-check";
import { expect, it } from "vitest";
import { fuzzServer } from "../../fuzz/drivers/server.js";
import { FUZZERS } from "../../fuzz/fuzzers.js";
import { guardForThisFile } from "../helpers/fuzz-guard.js";

const guard = guardForThisFile();

it("kernel: 800 seeded cases keep every invariant", async () => {
  const details = await fc.check(FUZZERS.kernel(fuzzServer(), guard), { numRuns: 800, seed: 20261124 });
  if (details.failed) expect.fail(fc.defaultReportMessage(details) ?? "failed");
  expect(details.numRuns).toBe(800);
}, 60_000);
