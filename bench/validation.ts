/**
 * Validation speed, side by side in one run: typed-mcp's generated validators, the official SDK's
 * schemas parsing the same objects, and JSON.parse of the same message as the floor.
 */
import {
  CallToolResultSchema,
  InitializeRequestSchema,
  ListToolsResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { Bench } from "tinybench";
import { validateClientRequest, validateServerResult } from "../src/index.js";
import { median } from "./median.js";
import {
  callToolResult,
  callToolResultJson,
  callToolResultText,
  callToolResultTextJson,
  initializeParams,
  initializeRequestJson,
  listToolsResult,
  listToolsResultJson,
} from "./messages.js";

export interface ValidationRow {
  message: string;
  typedMcp: number;
  officialSdk: number;
  jsonParse: number;
}

interface Case {
  message: string;
  typedMcp: () => unknown;
  officialSdk: () => unknown;
  json: string;
}

const cases: Case[] = [
  {
    message: "tools/call result, mixed content",
    typedMcp: () => validateServerResult("tools/call", "2025-11-25", callToolResult),
    officialSdk: () => CallToolResultSchema.parse(callToolResult),
    json: callToolResultJson,
  },
  {
    message: "tools/call result, same without the image",
    typedMcp: () => validateServerResult("tools/call", "2025-11-25", callToolResultText),
    officialSdk: () => CallToolResultSchema.parse(callToolResultText),
    json: callToolResultTextJson,
  },
  {
    message: "tools/list result, 50 tools",
    typedMcp: () => validateServerResult("tools/list", "2025-11-25", listToolsResult),
    officialSdk: () => ListToolsResultSchema.parse(listToolsResult),
    json: listToolsResultJson,
  },
  {
    message: "initialize request",
    typedMcp: () => validateClientRequest("initialize", "2025-11-25", initializeParams),
    officialSdk: () => InitializeRequestSchema.parse({ method: "initialize", params: initializeParams }),
    json: initializeRequestJson,
  },
];

/**
 * Every message: `rounds` interleaved rounds (each times typed-mcp, the official SDK and JSON.parse for
 * `timeMs / rounds`, in an order that rotates from round to round), reported as the median of each over
 * the rounds, so that a burst of noise on the machine weighs on one round, not on one side.
 */
export async function runValidationBench(
  timeMs = 1500,
  rounds = Number(process.env.VALIDATION_ROUNDS ?? 5),
): Promise<ValidationRow[]> {
  // A fixture the validators refuse would make the comparison meaningless: check before timing.
  for (const c of cases) {
    c.typedMcp();
    c.officialSdk();
  }
  const rows: ValidationRow[] = [];
  for (const c of cases) {
    const tasks: Array<[keyof Omit<ValidationRow, "message">, () => void]> = [
      ["typedMcp", () => void c.typedMcp()],
      ["officialSdk", () => void c.officialSdk()],
      ["jsonParse", () => void JSON.parse(c.json)],
    ];
    const samples = { typedMcp: [] as number[], officialSdk: [] as number[], jsonParse: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({ time: timeMs / rounds, warmupTime: round === 0 ? 200 : 50 });
      for (let turn = 0; turn < tasks.length; turn++) {
        const [name, run] = tasks[(turn + round) % tasks.length] as (typeof tasks)[number];
        bench.add(name, run);
      }
      await bench.run();
      for (const [name] of tasks) samples[name].push(bench.getTask(name)?.result?.throughput.mean ?? Number.NaN);
    }
    rows.push({
      message: c.message,
      typedMcp: median(samples.typedMcp),
      officialSdk: median(samples.officialSdk),
      jsonParse: median(samples.jsonParse),
    });
  }
  return rows;
}
