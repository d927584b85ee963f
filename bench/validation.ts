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

export async function runValidationBench(timeMs = 1000): Promise<ValidationRow[]> {
  // A fixture the validators refuse would make the comparison meaningless: check before timing.
  for (const c of cases) {
    c.typedMcp();
    c.officialSdk();
  }
  const rows: ValidationRow[] = [];
  for (const c of cases) {
    const bench = new Bench({ time: timeMs, warmupTime: 200 });
    bench
      .add("typed-mcp", () => {
        c.typedMcp();
      })
      .add("official", () => {
        c.officialSdk();
      })
      .add("JSON.parse", () => {
        JSON.parse(c.json);
      });
    await bench.run();
    const hz = (name: string) => bench.getTask(name)?.result?.throughput.mean ?? Number.NaN;
    rows.push({
      message: c.message,
      typedMcp: hz("typed-mcp"),
      officialSdk: hz("official"),
      jsonParse: hz("JSON.parse"),
    });
  }
  return rows;
}
