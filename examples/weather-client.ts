/**
 * The README's minimal client: starts the weather server, lists its tools, calls one, and prints
 * one JSON line.
 *
 *   npx tsx examples/weather-client.ts
 */
import { join } from "node:path";
import { StdioClientTransport } from "../src/entry/node.js";
import { Client } from "../src/index.js";

const client = new Client({ name: "my-client", version: "1.0.0" }).onSampling(async () => ({
  role: "assistant",
  content: { type: "text", text: "…" },
  model: "my-llm",
}));
await client.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", join(import.meta.dirname, "weather-server.ts")],
  }),
);
const tools = await client.listToolsAll();
const result = await client.callTool({ name: "forecast", arguments: { city: "Oslo", days: 2 } });
console.log(JSON.stringify({ tools: tools.map((tool) => tool.name), structuredContent: result.structuredContent }));
await client.close();
