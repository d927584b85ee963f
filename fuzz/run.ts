/**
 * Long fuzz runs: `npm run fuzz` (1,000,000 cases per fuzzer by default).
 *
 *   npm run fuzz -- [--runs N] [--seed S] [--only framing,kernel,http,auth] [--batch N]
 *   FUZZ_RUNS=N FUZZ_SEED=S FUZZ_ONLY=kernel npm run fuzz
 *
 * Cases run in batches (batch i uses seed S + i, so any failure is reproducible from the printed
 * seed alone); progress is printed after each batch, and a summary of cases, seconds and failures
 * per fuzzer at the end. The exit code is 1 when any fuzzer failed.
 */
import { parseArgs } from "node:util";
import fc from "fast-check";
import { fuzzServer } from "./drivers/server.js";
import { closeAuthFuzzServer, closeHttpFuzzSockets, FUZZERS, type FuzzerName } from "./fuzzers.js";
import { ProcessGuard } from "./guards.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    seed: { type: "string" },
    only: { type: "string" },
    batch: { type: "string" },
  },
});
const runs = Number(values.runs ?? process.env.FUZZ_RUNS ?? 1_000_000);
const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const batch = Number(values.batch ?? process.env.FUZZ_BATCH ?? 10_000);
const only = (values.only ?? process.env.FUZZ_ONLY ?? Object.keys(FUZZERS).join(",")).split(",") as FuzzerName[];
for (const name of only)
  if (!(name in FUZZERS)) throw new Error(`unknown fuzzer ${name}; one of ${Object.keys(FUZZERS).join(", ")}`);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !Number.isInteger(batch) || batch < 1) {
  throw new Error("--runs, --seed and --batch must be integers");
}

interface Summary {
  name: FuzzerName;
  cases: number;
  seconds: number;
  failure?: string;
}

const guard = new ProcessGuard().install();
const server = fuzzServer();
const summaries: Summary[] = [];
console.log(`fuzzing ${only.join(", ")}: ${runs} cases each, seed ${seed}, batches of ${batch}`);
for (const name of only) {
  const started = performance.now();
  let cases = 0;
  let failure: string | undefined;
  for (let index = 0; cases < runs && !failure; index++) {
    const numRuns = Math.min(batch, runs - cases);
    const property = FUZZERS[name](server, guard) as fc.IAsyncProperty<[unknown]>;
    const details = await fc.check(property, { numRuns, seed: seed + index });
    cases += details.numRuns;
    if (details.failed) {
      failure = [
        `seed ${seed + index} (batch ${index}), path ${details.counterexamplePath}`,
        String((details.errorInstance as Error)?.message ?? details.errorInstance),
        `counterexample: ${fc.stringify(details.counterexample).slice(0, 4000)}`,
      ].join("\n");
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`  ${name}: ${cases} cases, ${seconds.toFixed(1)} s (${Math.round(cases / seconds)}/s)`);
  }
  const seconds = (performance.now() - started) / 1000;
  summaries.push({ name, cases, seconds, ...(failure ? { failure } : {}) });
  if (failure) console.log(`  ${name} FAILED: ${failure}`);
}
await closeHttpFuzzSockets();
await closeAuthFuzzServer();
guard.uninstall();
console.log("\nfuzzer   cases      seconds  failures");
for (const s of summaries) {
  console.log(
    `${s.name.padEnd(8)} ${String(s.cases).padStart(9)}  ${s.seconds.toFixed(1).padStart(8)}  ${s.failure ? 1 : 0}`,
  );
}
process.exitCode = summaries.some((s) => s.failure) ? 1 : 0;
