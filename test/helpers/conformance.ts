/**
 * Running the official MCP conformance suite from a test: the runner, the client it drives, and
 * reading what it printed. Shared by every file of test/conformance/.
 *
 * - The runner needs Node >= 22. It runs under the `node@22` package from the npm registry, whose
 *   binary is found once through npx and then started directly: npx itself costs seconds of CPU a
 *   call, and a file starts the runner dozens of times.
 * - The client under test is examples/conformance-client.ts, bundled once (esbuild, from the same
 *   sources) into one file that this machine's Node starts in a fraction of tsx's time. A requirement
 *   set starts 25 to 39 clients at once, each of which would otherwise compile the sources anew.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { expect } from "vitest";
import { ROOT } from "./everything-server.js";

const require = createRequire(import.meta.url);
/** The released runner (@modelcontextprotocol/conformance 0.1.16). */
export const RELEASED_RUNNER = require.resolve("@modelcontextprotocol/conformance/dist/index.js");
/** The newest pre-release (0.2.0-alpha.12, installed as `conformance-next`): the 2026-07-28 scenarios and the requirement sets. */
export const NEXT_RUNNER = require.resolve("conformance-next/dist/index.js");

let node22: Promise<string> | undefined;

/** The path of a Node >= 22 binary (the `node@22` npm package, fetched by npx on first use and remembered in tmpdir). */
export function node22Binary(): Promise<string> {
  node22 ??= (async () => {
    const memo = join(tmpdir(), "typed-mcp-conformance-node22");
    if (existsSync(memo)) {
      const known = readFileSync(memo, "utf8").trim();
      if (known && existsSync(known)) return known;
    }
    const found = await new Promise<string>((resolve, reject) =>
      execFile(
        "npx",
        ["-y", "-p", "node@22", "--", "node", "-p", "process.execPath"],
        { cwd: ROOT, timeout: 300_000 },
        (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
      ),
    );
    writeFileSync(memo, found);
    return found;
  })();
  return node22;
}

let bundled: Promise<string> | undefined;

/** How many of our clients run at once; the others wait their turn (see `conformanceClientCommand`). */
export const CLIENT_SLOTS = 4;

/**
 * The command that runs our conformance client (the runner appends the server URL). It goes through
 * a small gate: a suite or requirement-set run starts every scenario at once (up to 39), and as many
 * Node processes starting together starve the runner, the one process that serves every scenario's
 * mock servers, until clients time out. The gate lets `CLIENT_SLOTS` clients run at a time (one
 * `flock` per slot; the others retry every 0.1 s) across every run of this test process.
 */
export function conformanceClientCommand(): Promise<string> {
  bundled ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), "typed-mcp-conformance-client-"));
    await build({
      entryPoints: [join(ROOT, "examples/conformance-client.ts")],
      bundle: true,
      // Each protocol version's validators in a chunk of their own, loaded when that version is spoken.
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outdir,
      outExtension: { ".js": ".mjs" },
      logLevel: "error",
      // A CommonJS dependency may call require(); give the ES module one.
      banner: {
        js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
      },
    });
    const gate = join(outdir, "gate.sh");
    const slots = Array.from({ length: CLIENT_SLOTS }, (_, slot) => slot).join(" ");
    writeFileSync(
      gate,
      [
        "#!/bin/sh",
        "# Runs the client once a slot is free; flock exits 75 when its slot is taken.",
        "while :; do",
        `  for slot in ${slots}; do`,
        `    flock -n -E 75 "${outdir}/slot-$slot" "${process.execPath}" "${join(outdir, "conformance-client.mjs")}" "$@"`,
        "    status=$?",
        '    [ "$status" -ne 75 ] && exit "$status"',
        "  done",
        "  sleep 0.1",
        "done",
        "",
      ].join("\n"),
    );
    return `sh ${gate}`;
  })();
  return bundled;
}

/** What one runner invocation printed (stdout, then stderr) and its exit code. */
export interface RunnerResult {
  output: string;
  exitCode: number | null;
}

/**
 * Runs the conformance runner with `args` (`client ...`, `server ...`, `list ...`) and resolves when it
 * exits, whatever its code: a failing scenario exits non-zero, and the test reads which from the
 * output. Rejects only when it could not run or outlived `timeoutMs`.
 */
export async function runConformance(
  runner: string,
  args: readonly string[],
  timeoutMs = 240_000,
): Promise<RunnerResult> {
  const binary = await node22Binary();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [runner, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the conformance runner (${args.join(" ")}) ran past ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ output: `${stdout}\n${stderr}`, exitCode });
    });
  });
}

/** Runs one client scenario against our client, by name. */
export async function runClientScenario(
  runner: string,
  scenario: string,
  extra: readonly string[] = [],
): Promise<RunnerResult> {
  const command = await conformanceClientCommand();
  // The runner's client timeout (30 s by default) counts from the start of the process, the wait at the gate included.
  return runConformance(runner, [
    "client",
    "--command",
    command,
    "--scenario",
    scenario,
    "--timeout",
    "120000",
    ...extra,
  ]);
}

/** The totals line of a single-scenario run: `Passed: p/t, f failed, w warnings`. */
export interface ScenarioTotals {
  passed: number;
  total: number;
  failed: number;
  warnings: number;
}

export function scenarioTotals(output: string): ScenarioTotals | undefined {
  const match = /Passed: (\d+)\/(\d+), (\d+) failed(?:, (\d+) warnings)?/.exec(output);
  if (!match) return undefined;
  return {
    passed: Number(match[1]),
    total: Number(match[2]),
    failed: Number(match[3]),
    warnings: Number(match[4] ?? 0),
  };
}

/** A single-scenario run passed every check: at least one, none failed, no warning, and the runner says so. */
export function expectScenarioPassed({ output }: RunnerResult, { allowWarnings = false } = {}): void {
  const totals = scenarioTotals(output);
  expect(totals, output.slice(-3000)).toBeDefined();
  expect(totals?.total, output.slice(-3000)).toBeGreaterThan(0);
  expect(totals?.passed, output.slice(-3000)).toBe(totals?.total);
  expect(totals?.failed, output.slice(-3000)).toBe(0);
  if (!allowWarnings) {
    expect(totals?.warnings, output.slice(-3000)).toBe(0);
    // The verdict also covers the client: one that timed out or exited with an error fails the scenario.
    expect(output, output.slice(-3000)).toContain("OVERALL: PASSED");
  }
}

/** One scenario's line of a suite run's summary (`✓ name: 3 passed, 0 failed`). */
export interface SuiteLine {
  scenario: string;
  passed: number;
  failed: number;
}

/** The per-scenario lines of a suite or requirement-set run's summary. */
export function suiteSummary(output: string): SuiteLine[] {
  const start = output.search(/=== (?:SUITE )?SUMMARY ===/);
  if (start < 0) return [];
  const summary = output.slice(start);
  return [...summary.matchAll(/^[✓✗] ([\w/-]+): (\d+) passed, (\d+) failed/gm)].map((m) => ({
    scenario: m[1] as string,
    passed: Number(m[2]),
    failed: Number(m[3]),
  }));
}

/** The suite run's `Total: p passed, f failed[, w warnings]` line. */
export function suiteTotal(output: string): { passed: number; failed: number; warnings: number } | undefined {
  const match = /^Total: (\d+) passed, (\d+) failed(?:, (\d+) warnings)?/m.exec(output);
  if (!match) return undefined;
  return { passed: Number(match[1]), failed: Number(match[2]), warnings: Number(match[3] ?? 0) };
}

/** A spec revision's frozen requirement set, one leg, as `list --requirements` prints it. */
export interface RequirementSet {
  /** The scenarios that count. */
  scored: string[];
  /** The scenarios run and reported without counting (extensions, added after the release, pending). */
  notScored: string[];
}

export async function requirementSet(version: string, leg: "client" | "server"): Promise<RequirementSet> {
  const { output } = await runConformance(NEXT_RUNNER, ["list", "--requirements", version], 120_000);
  const heading = leg === "client" ? "Client scenarios" : "Server scenarios";
  const section = output.slice(output.indexOf(heading)).split(/\n\s*\n/)[0] ?? "";
  const scored = [...section.matchAll(/^\s+- ([\w/-]+)$/gm)].map((m) => m[1] as string);
  const notScoredSection = output.slice(output.indexOf("never scored"));
  const notScored = [...notScoredSection.matchAll(new RegExp(`^\\s+- ([\\w/-]+) \\[${leg}\\]$`, "gm"))].map(
    (m) => m[1] as string,
  );
  return { scored, notScored };
}

/**
 * A requirement-set run passed: exactly the set's scenarios ran (scored and not scored alike), every
 * one with at least one passing check (or, for a placeholder scenario of the suite, none at all) and
 * no failure, no warning in the totals, and the runner exited 0.
 */
export function expectRequirementSetPassed(
  result: RunnerResult,
  set: RequirementSet,
  placeholders: string[] = [],
): void {
  const { output } = result;
  const lines = suiteSummary(output);
  const tail = output.slice(-4000);
  expect(lines.map((line) => line.scenario).sort(), tail).toEqual([...set.scored, ...set.notScored].sort());
  expect(
    lines.filter((line) => line.failed > 0),
    tail,
  ).toEqual([]);
  expect(
    lines.filter((line) => line.passed === 0 && !placeholders.includes(line.scenario)).map((line) => line.scenario),
    tail,
  ).toEqual([]);
  const total = suiteTotal(output);
  expect(total, tail).toBeDefined();
  expect({ failed: total?.failed, warnings: total?.warnings }, tail).toEqual({ failed: 0, warnings: 0 });
  expect(result.exitCode, tail).toBe(0);
}
