/** A short seeded run of the http fuzzer (fuzz/drivers/http.ts); `npm run fuzz` runs it long. */
import fc from "fast-check";
import { expect, it } from "vitest";
import { fuzzServer } from "../../fuzz/drivers/server.js";
import { FUZZERS } from "../../fuzz/fuzzers.js";
import { guardForThisFile } from "../helpers/fuzz-guard.js";

const guard = guardForThisFile();

it("http: 400 seeded cases keep every invariant", async () => {
  const details = await fc.check(FUZZERS.http(fuzzServer(), guard), { numRuns: 400, seed: 20261126 });
  if (details.failed) expect.fail(fc.defaultReportMessage(details) ?? "failed");
  expect(details.numRuns).toBe(400);
}, 60_000);
