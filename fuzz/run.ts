/**
 * Long fuzz runs: `npm run fuzz` (1,000,000 cases per fuzzer by default).
 *
 *   npm run fuzz -- [--runs N] [--seed S] [--only framing,kernel,http,auth] [--batch N] [--jobs J] [--stop-at T]
 *   FUZZ_RUNS=N FUZZ_SEED=S FUZZ_ONLY=kernel FUZZ_JOBS=J FUZZ_STOP_AT=T npm run fuzz
 *
 * Cases run in batches (batch i uses seed S + i, so any failure is reproducible from the printed
 * seed alone); progress is printed after each batch, and a summary of cases, seconds and failures
 * per fuzzer at the end. The exit code is 1 when any fuzzer failed.
 *
 * With `--jobs J` (default 1: the machine may be shared) J processes share the batches, process j
 * taking batches j, j + J, j + 2J, ... (each failure still reproducible from its printed seed). Each
 * case is CPU-bound (the handler's web streams, the model checks), so more processes than free
 * cores gain nothing.
 *
 * With `--stop-at T` (a date-time, e.g. 2026-11-28T08:20Z) no batch starts after T: the run ends
 * early with the cases it did, and the summary counts exactly those.
 */
import { fork } from "node:child_process";
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
    jobs: { type: "string" },
    "stop-at": { type: "string" },
    /** Internal: this process is job j of J (`j/J`), started by a parent run with --jobs. */
    job: { type: "string" },
  },
});
const runs = Number(values.runs ?? process.env.FUZZ_RUNS ?? 1_000_000);
const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const batch = Number(values.batch ?? process.env.FUZZ_BATCH ?? 10_000);
const jobs = Number(values.jobs ?? process.env.FUZZ_JOBS ?? 1);
const stopAtText = values["stop-at"] ?? process.env.FUZZ_STOP_AT;
const stopAt = stopAtText === undefined ? Number.POSITIVE_INFINITY : Date.parse(stopAtText);
if (Number.isNaN(stopAt)) throw new Error(`--stop-at: not a date-time: ${stopAtText}`);
const [job, of] = (values.job ?? "0/1").split("/").map(Number) as [number, number];
const only = (values.only ?? process.env.FUZZ_ONLY ?? Object.keys(FUZZERS).join(",")).split(",") as FuzzerName[];
for (const name of only)
  if (!(name in FUZZERS)) throw new Error(`unknown fuzzer ${name}; one of ${Object.keys(FUZZERS).join(", ")}`);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !Number.isInteger(batch) || batch < 1) {
  throw new Error("--runs, --seed and --batch must be integers");
}
if (!Number.isInteger(jobs) || jobs < 1) throw new Error("--jobs must be a positive integer");

interface Summary {
  name: FuzzerName;
  cases: number;
  seconds: number;
  /** CPU seconds this fuzzer's process(es) used (user + system): the figure a shared machine does not distort. */
  cpuSeconds: number;
  failure?: string;
}

/** A line a job prints last, which the parent reads its summaries from. */
const SUMMARY_MARK = "fuzz-job-summaries ";

if (jobs > 1 && values.job === undefined) {
  console.log(`fuzzing ${only.join(", ")}: ${runs} cases each, seed ${seed}, batches of ${batch}, ${jobs} jobs`);
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: jobs }, (_, j) => runJob(j)));
  const seconds = (performance.now() - started) / 1000;
  const summaries = only.map((name): Summary => {
    const parts = results.flat().filter((s) => s.name === name);
    const failures = parts.flatMap((s) => (s.failure ? [s.failure] : []));
    return {
      name,
      cases: parts.reduce((sum, s) => sum + s.cases, 0),
      seconds: Math.max(...parts.map((s) => s.seconds)),
      cpuSeconds: parts.reduce((sum, s) => sum + s.cpuSeconds, 0),
      ...(failures.length > 0 ? { failure: failures.join("\n") } : {}),
    };
  });
  printSummaries(summaries);
  console.log(`all jobs: ${seconds.toFixed(1)} s`);
  process.exit(summaries.some((s) => s.failure) || results.some((r) => r.length === 0) ? 1 : 0);
}

/** Runs job j of the run in a child process; its summaries (none when it crashed). */
function runJob(j: number): Promise<Summary[]> {
  const args = ["--runs", String(runs), "--seed", String(seed), "--batch", String(batch), "--only", only.join(",")];
  if (stopAtText !== undefined) args.push("--stop-at", stopAtText);
  const child = fork(process.argv[1] as string, [...args, "--job", `${j}/${jobs}`], { stdio: "pipe" });
  let summaries: Summary[] = [];
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n")) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith(SUMMARY_MARK)) summaries = JSON.parse(line.slice(SUMMARY_MARK.length)) as Summary[];
      else if (line.startsWith("  ")) console.log(`  [job ${j}] ${line.trimStart()}`);
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  return new Promise((resolve) => child.on("exit", () => resolve(summaries)));
}

const guard = new ProcessGuard().install();
const server = fuzzServer();
const summaries: Summary[] = [];
console.log(`fuzzing ${only.join(", ")}: ${runs} cases each, seed ${seed}, batches of ${batch}`);
for (const name of only) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let cases = 0;
  let failure: string | undefined;
  // This job's batches: j, j + J, ... of the run's, and its share of the cases.
  const share = Math.floor(runs / of) + (job < runs % of ? 1 : 0);
  for (let index = job; cases < share && !failure; index += of) {
    if (Date.now() >= stopAt) {
      console.log(`  ${name}: stopped at ${new Date().toISOString()} (--stop-at) after ${cases} of ${share} cases`);
      break;
    }
    const numRuns = Math.min(batch, share - cases);
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
    const cpu = cpuSecondsSince(cpuStarted);
    console.log(
      `  ${name}: ${cases} cases, ${seconds.toFixed(1)} s (${Math.round(cases / seconds)}/s), ${cpu.toFixed(1)} CPU s (${Math.round(cases / cpu)}/CPU s)`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  summaries.push({ name, cases, seconds, cpuSeconds: cpuSecondsSince(cpuStarted), ...(failure ? { failure } : {}) });
  if (failure) console.log(`  ${name} FAILED: ${failure}`);
}
await closeHttpFuzzSockets();
await closeAuthFuzzServer();
guard.uninstall();
if (values.job !== undefined) console.log(`${SUMMARY_MARK}${JSON.stringify(summaries)}`);
else printSummaries(summaries);
process.exitCode = summaries.some((s) => s.failure) ? 1 : 0;

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function printSummaries(list: readonly Summary[]): void {
  console.log("\nfuzzer   cases      seconds  cases/s  CPU s     cases/CPU s  failures");
  for (const s of list) {
    console.log(
      `${s.name.padEnd(8)} ${String(s.cases).padStart(9)}  ${s.seconds.toFixed(1).padStart(8)}  ${String(Math.round(s.cases / s.seconds)).padStart(7)}  ${s.cpuSeconds.toFixed(1).padStart(8)}  ${String(Math.round(s.cases / s.cpuSeconds)).padStart(11)}  ${s.failure ? 1 : 0}`,
    );
    if (s.failure) console.log(s.failure);
  }
}
