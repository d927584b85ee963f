/**
 * The user-schema compiler needs no `eval` / `new Function` (Cloudflare Workers refuse both): in a
 * Node.js process started with --disallow-code-generation-from-strings it still passes every
 * required case of the JSON Schema Test Suite, asserts formats as in the ordinary run, and a tool's
 * arguments are checked. The fixture also proves the flag took effect.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const FIXTURE = fileURLToPath(new URL("../../fixtures/json-schema-without-eval.ts", import.meta.url));

describe("user schemas without code generation from strings", () => {
  it("pass the JSON Schema Test Suite and check tool arguments", { timeout: 180_000 }, () => {
    const output = execFileSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--import", "tsx", FIXTURE],
      { encoding: "utf8", timeout: 170_000 },
    );
    const counts = JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
    console.log(
      `without eval: required ${counts.required.passed}/${counts.required.total}, asserted formats ${counts.formats.passed}/${counts.formats.total}`,
    );
    expect(counts.codeGeneration).toBe(false);
    expect(counts.required.total).toBeGreaterThan(1000);
    expect(counts.required.passed).toBe(counts.required.total);
    // The same floor as the ordinary run (test-suite.test.ts).
    expect(counts.formats.passed).toBeGreaterThanOrEqual(662);
    expect(counts.tool).toEqual({ good: false, bad: true });
  });
});
