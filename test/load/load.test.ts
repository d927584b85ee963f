/**
 * Load and leaks: many concurrent sessions, each making tool calls with progress and logs; every
 * answer checked; then every session ends and the process's heap (after GC) and active handles
 * must be back within 10% of the baseline, with no session or connection left on the server.
 *
 * Each scenario runs in a child process (`node --expose-gc`) so the measurement is its own.
 * `npm test` runs a reduced size; `npm run load` (LOAD_FULL=1) the full one: 1,000 sessions x 50 calls.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LoadReport } from "./load-scenario.js";

const FULL = process.env.LOAD_FULL === "1";
const RUNNER = fileURLToPath(new URL("./run-load.ts", import.meta.url));

function runLoad(kind: "http" | "in-memory", sessions: number, calls: number): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--import", "tsx", RUNNER, kind, String(sessions), String(calls)],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split("\n").pop() as string) as LoadReport);
      },
    );
  });
}

function expectClean(report: LoadReport, sessions: number, calls: number): void {
  console.log(
    `${report.transport}: ${report.sessions} sessions, ${report.calls} calls in ${report.ms} ms; ` +
      `heap ${(report.heapBefore / 1e6).toFixed(1)} MB -> ${(report.heapAfter / 1e6).toFixed(1)} MB; ` +
      `handles ${report.handlesBefore} -> ${report.handlesAfter}`,
  );
  expect(report.errors).toEqual([]);
  expect(report.wrong).toBe(0);
  expect(report.calls).toBe(sessions * calls);
  expect(report.progressSeen).toBe(2 * sessions * calls);
  expect(report.logsSeen).toBe(sessions * calls);
  expect(report.liveSessionsAfter).toBe(0);
  expect(report.serverConnectionsAfter).toBe(0);
  expect(report.heapAfter).toBeLessThanOrEqual(report.heapBefore * 1.1);
  expect(report.handlesAfter, JSON.stringify(report.handlesAfterDetail)).toBeLessThanOrEqual(
    Math.floor(report.handlesBefore * 1.1),
  );
}

describe("load and leaks", () => {
  const http = FULL ? { sessions: 1000, calls: 50 } : { sessions: 200, calls: 2 };
  const memory = FULL ? { sessions: 1000, calls: 50 } : { sessions: 1000, calls: 10 };

  it(
    `${http.sessions} concurrent Streamable HTTP sessions x ${http.calls} calls: all answered, nothing left after they end`,
    async () => {
      expectClean(await runLoad("http", http.sessions, http.calls), http.sessions, http.calls);
    },
    FULL ? 600_000 : 60_000,
  );

  it(
    `${memory.sessions} concurrent in-memory clients of one server x ${memory.calls} calls: all answered, nothing left`,
    async () => {
      expectClean(await runLoad("in-memory", memory.sessions, memory.calls), memory.sessions, memory.calls);
    },
    FULL ? 600_000 : 60_000,
  );
});
