/**
 * Cold start: importing the built package and validating the first 2025-11-25 message in a fresh
 * process, against a bare `node -e ""` and against the official SDK doing the same with its schemas.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist", "src", "index.js");
const DIST_VALIDATION = join(ROOT, "dist", "src", "entry", "validation.js");
const PARAMS = JSON.stringify({
  protocolVersion: "2025-11-25",
  capabilities: {},
  clientInfo: { name: "cold", version: "1.0.0" },
});

const variants: Record<string, string> = {
  bare: "",
  "typed-mcp": `const m = await import(${JSON.stringify(pathToFileURL(DIST).href)}); m.validateClientRequest("initialize", "2025-11-25", ${PARAMS});`,
  "typed-mcp/validation": `const m = await import(${JSON.stringify(pathToFileURL(DIST_VALIDATION).href)}); m.validateClientRequest("initialize", "2025-11-25", ${PARAMS});`,
  official: `const m = await import("@modelcontextprotocol/sdk/types.js"); m.InitializeRequestSchema.parse({ method: "initialize", params: ${PARAMS} });`,
};

function timeOnce(code: string): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`cold-start variant failed: ${run.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface ColdStart {
  bareMs: number;
  typedMcpMs: number;
  /** The `typed-mcp/validation` subpath alone. */
  validationOnlyMs: number;
  officialMs: number;
}

export function runColdStartBench(rounds = 20): ColdStart {
  if (!existsSync(DIST) || !existsSync(DIST_VALIDATION)) {
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed; cold start needs the built package");
  }
  const samples: Record<string, number[]> = { bare: [], "typed-mcp": [], "typed-mcp/validation": [], official: [] };
  // Interleaved, so drift in machine load affects every variant alike.
  for (let round = 0; round < rounds; round++) {
    for (const [name, code] of Object.entries(variants)) samples[name]?.push(timeOnce(code));
  }
  return {
    bareMs: median(samples.bare as number[]),
    typedMcpMs: median(samples["typed-mcp"] as number[]),
    validationOnlyMs: median(samples["typed-mcp/validation"] as number[]),
    officialMs: median(samples.official as number[]),
  };
}
