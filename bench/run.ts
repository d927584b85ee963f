/** `npm run bench`: every benchmark, printed as the Markdown the README carries. */
import { runColdStartBench } from "./cold-start.js";
import { runHighLevelBench } from "./high-level.js";
import { runHttpBench } from "./http.js";
import { runRoundTripBench } from "./round-trip.js";
import { runValidationBench } from "./validation.js";

const format = (value: number) => Math.round(value).toLocaleString("en-US");
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;

const rows = await runValidationBench();
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(
  "| message | typed-mcp ops/s | official SDK ops/s | typed-mcp / SDK | JSON.parse ops/s | typed-mcp / JSON.parse |",
);
console.log("|---|---:|---:|---:|---:|---:|");
for (const row of rows) {
  console.log(
    `| ${row.message} | ${format(row.typedMcp)} | ${format(row.officialSdk)} | ${ratio(row.typedMcp, row.officialSdk)} | ${format(row.jsonParse)} | ${ratio(row.typedMcp, row.jsonParse)} |`,
  );
}

const cold = runColdStartBench();
console.log(
  `\nCold start (import + first 2025-11-25 validation, fresh process, median of 20): typed-mcp ${cold.typedMcpMs.toFixed(0)} ms, ` +
    `official SDK ${cold.officialMs.toFixed(0)} ms, bare node ${cold.bareMs.toFixed(0)} ms; ` +
    `typed-mcp costs ${(cold.typedMcpMs - cold.bareMs).toFixed(0)} ms above bare node ` +
    `(${(cold.validationOnlyMs - cold.bareMs).toFixed(0)} ms through \`typed-mcp/validation\`; ` +
    `official SDK: ${(cold.officialMs - cold.bareMs).toFixed(0)} ms).`,
);

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

const high = await runHighLevelBench();
console.log("\n| high-level | typed-mcp | official SDK | typed-mcp vs SDK |");
console.log("|---|---:|---:|---:|");
for (const row of high) {
  const better = row.unit === "s" ? row.officialSdk / row.typedMcp : row.typedMcp / row.officialSdk;
  const shown = (value: number) => (row.unit === "s" ? `${value.toFixed(2)} s` : `${format(value)} ${row.unit}`);
  console.log(`| ${row.scenario} | ${shown(row.typedMcp)} | ${shown(row.officialSdk)} | ${better.toFixed(1)}x |`);
}

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
