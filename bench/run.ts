/**
 * `npm run bench`: every benchmark, printed as the Markdown the README carries.
 * `npm run bench -- stateless-http http`: only the named ones (see BENCHES for the names).
 */
import { runColdStartBench } from "./cold-start.js";
import { runHighLevelBench } from "./high-level.js";
import { runHttpBench } from "./http.js";
import { runRoundTripBench } from "./round-trip.js";
import { runScalingBench } from "./scaling.js";
import { runStatelessHttpBench } from "./stateless-http.js";
import { runValidationBench } from "./validation.js";

const format = (value: number) => Math.round(value).toLocaleString("en-US");
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;

async function validation(): Promise<void> {
  const rows = await runValidationBench();
  console.log(
    "\n| message | typed-mcp ops/s | official SDK ops/s | typed-mcp / SDK | JSON.parse ops/s | typed-mcp / JSON.parse |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    console.log(
      `| ${row.message} | ${format(row.typedMcp)} | ${format(row.officialSdk)} | ${ratio(row.typedMcp, row.officialSdk)} | ${format(row.jsonParse)} | ${ratio(row.typedMcp, row.jsonParse)} |`,
    );
  }
}

async function coldStart(): Promise<void> {
  const cold = runColdStartBench();
  console.log(
    `\nCold start (import + first 2025-11-25 validation, fresh process, median of 20): typed-mcp ${cold.typedMcpMs.toFixed(0)} ms, ` +
      `official SDK ${cold.officialMs.toFixed(0)} ms, bare node ${cold.bareMs.toFixed(0)} ms; ` +
      `typed-mcp costs ${(cold.typedMcpMs - cold.bareMs).toFixed(0)} ms above bare node ` +
      `(${(cold.validationOnlyMs - cold.bareMs).toFixed(0)} ms through \`typed-mcp/validation\`; ` +
      `official SDK: ${(cold.officialMs - cold.bareMs).toFixed(0)} ms).`,
  );
}

async function roundTrip(): Promise<void> {
  const trips = await runRoundTripBench();
  console.log(
    "\n| tools/call echo round trip | typed-mcp calls/s | official SDK calls/s | typed-mcp / SDK | bare NDJSON echo calls/s | typed-mcp / bare |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const row of trips) {
    const floor = row.floor === undefined ? "–" : format(row.floor);
    const share = row.floor === undefined ? "–" : `${Math.round((100 * row.typedMcp) / row.floor)}%`;
    console.log(
      `| ${row.scenario} | ${format(row.typedMcp)} | ${format(row.officialSdk)} | ${ratio(row.typedMcp, row.officialSdk)} | ${floor} | ${share} |`,
    );
  }
}

async function highLevel(): Promise<void> {
  const high = await runHighLevelBench();
  console.log("\n| high-level | typed-mcp | official SDK | typed-mcp vs SDK |");
  console.log("|---|---:|---:|---:|");
  for (const row of high) {
    const better = row.unit === "s" ? row.officialSdk / row.typedMcp : row.typedMcp / row.officialSdk;
    const shown = (value: number) => (row.unit === "s" ? `${value.toFixed(2)} s` : `${format(value)} ${row.unit}`);
    console.log(`| ${row.scenario} | ${shown(row.typedMcp)} | ${shown(row.officialSdk)} | ${better.toFixed(1)}x |`);
  }
}

async function httpBench(): Promise<void> {
  const http = await runHttpBench();
  console.log(
    "\n| tools/call over Streamable HTTP (127.0.0.1) | typed-mcp calls/s | official SDK calls/s | typed-mcp / SDK | bare node:http JSON echo calls/s | typed-mcp / bare |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const row of http.rows) {
    const floor = row.floor ?? Number.NaN;
    console.log(
      `| ${row.scenario} | ${format(row.typedMcp)} | ${format(row.officialSdk)} | ${ratio(row.typedMcp, row.officialSdk)} | ${format(floor)} | ${Math.round((100 * row.typedMcp) / floor)}% |`,
    );
  }
  console.log(
    `\n1,000 idle Streamable HTTP sessions (server and clients in one process, heap after GC): typed-mcp ${http.idle.typedMcp.toFixed(1)} MB, official SDK ${http.idle.officialSdk.toFixed(1)} MB (${(http.idle.officialSdk / http.idle.typedMcp).toFixed(1)}x less).`,
  );
}

async function statelessHttp(): Promise<void> {
  const rows = await runStatelessHttpBench();
  console.log(
    "\n| stateless tools/call over Streamable HTTP, 2026-07-28 (127.0.0.1) | typed-mcp stateless calls/s | typed-mcp default calls/s | official SDK v2 calls/s | ours / v2 (stateless, default) | bare node:http JSON echo calls/s | ours / bare (stateless, default) | bare web handler behind our adapter calls/s |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    const share = (value: number) => `${Math.round((100 * value) / row.bare)}%`;
    console.log(
      `| ${row.inFlight} in flight | ${format(row.oursStateless)} | ${format(row.oursDefault)} | ${format(row.officialV2)} | ` +
        `${ratio(row.oursStateless, row.officialV2)}, ${ratio(row.oursDefault, row.officialV2)} | ${format(row.bare)} | ` +
        `${share(row.oursStateless)}, ${share(row.oursDefault)} | ${format(row.bareWeb)} |`,
    );
  }
}

async function scaling(): Promise<void> {
  const rows = await runScalingBench();
  console.log(
    "\n| tools/call echo, concurrent clients | typed-mcp calls/s | p50 / p99 ms | official SDK calls/s | p50 / p99 ms | typed-mcp / SDK |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  const ms = (stats: { p50Ms: number; p99Ms: number }) => `${stats.p50Ms.toFixed(1)} / ${stats.p99Ms.toFixed(1)}`;
  for (const row of rows) {
    console.log(
      `| ${row.transport}, ${row.clients} | ${format(row.typedMcp.perSecond)} | ${ms(row.typedMcp)} | ${format(row.officialSdk.perSecond)} | ${ms(row.officialSdk)} | ${ratio(row.typedMcp.perSecond, row.officialSdk.perSecond)} |`,
    );
  }
}

const BENCHES: Record<string, () => Promise<void>> = {
  validation,
  "cold-start": coldStart,
  "round-trip": roundTrip,
  "high-level": highLevel,
  http: httpBench,
  "stateless-http": statelessHttp,
  scaling,
};

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; choose from ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
for (const [name, run] of Object.entries(BENCHES)) {
  if (selected.length === 0 || selected.includes(name)) await run();
}
