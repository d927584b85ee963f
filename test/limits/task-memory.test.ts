/**
 * Tasks and memory, measured (not timed): a child process with --expose-gc runs 1,000 concurrent
 * tasks to the end over an McpServer and a tasks-extension Client. Once they end nothing of them
 * runs; their records are held until they expire, and expiry gives the memory back: the heap after
 * full collections returns to the baseline (taken after warm-up batches of the same size), within
 * a fifth of what the held records took.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

it("1,000 concurrent tasks end, then expire, and the heap returns to where it started", {
  timeout: 120_000,
}, async () => {
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "test/fixtures/task-memory-child.ts"],
      { cwd: ROOT, timeout: 110_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  const measured = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as {
    whileHeld: number;
    baseline: number;
    afterExpiry: number;
  };
  console.log("task memory (bytes):", measured);
  expect(measured).toMatchObject({ ran: 1000, running: 0, held: 1000, expired: 1000, left: 0 });
  const held = measured.whileHeld - measured.baseline;
  const left = measured.afterExpiry - measured.baseline;
  // The records are real memory (each carries a 1 KB result)...
  expect(held).toBeGreaterThan(1_000_000);
  // ...and expiry frees it.
  expect(left).toBeLessThan(held / 5);
});
