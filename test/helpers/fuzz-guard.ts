/** The harness of the seeded fuzz runs in test/fuzz: a process guard for the file, removed after it. */
import { afterAll } from "vitest";
import { closeHttpFuzzSockets } from "../../fuzz/fuzzers.js";
import { ProcessGuard } from "../../fuzz/guards.js";

/** Installs a ProcessGuard for this test file; after the file, the HTTP fuzzer's socket closes and the guard goes. */
export function guardForThisFile(): ProcessGuard {
  const guard = new ProcessGuard().install();
  afterAll(async () => {
    await closeHttpFuzzSockets();
    guard.uninstall();
  });
  return guard;
}
