/**
 * The stdio servers the round-trip benchmark spawns: `typed-mcp` (our kernel), `official` (the
 * official SDK's Server) and `bare` (newline-delimited JSON echo with no SDK: the floor).
 *
 *   node --import tsx bench/stdio-servers.ts typed-mcp|official|bare
 */
import { createInterface } from "node:readline";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport as OfficialStdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { StdioServerTransport } from "../src/entry/node.js";
import { ServerRunner } from "../src/entry/server.js";

const kind = process.argv[2];

if (kind === "typed-mcp") {
  // Room for the scaling benchmark's 512 calls in flight (the default cap is 100 per connection).
  const runner = new ServerRunner({
    serverInfo: { name: "bench", version: "1.0.0" },
    capabilities: { tools: {} },
    maxInFlightRequests: 1024,
  })
    .setRequestHandler("tools/list", () => ({ tools: [{ name: "echo", inputSchema: { type: "object" } }] }))
    .setRequestHandler("tools/call", (params) => ({
      content: [{ type: "text", text: String((params?.arguments as { text?: string } | undefined)?.text) }],
    }));
  await runner.connect(new StdioServerTransport());
} else if (kind === "official") {
  const server = new Server({ name: "bench", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: "echo", inputSchema: { type: "object" as const } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => ({
    content: [{ type: "text", text: String(request.params.arguments?.text) }],
  }));
  await server.connect(new OfficialStdioServerTransport());
} else if (kind === "bare") {
  createInterface({ input: process.stdin }).on("line", (line) => {
    const request = JSON.parse(line) as { id: number; params: { arguments: { text: string } } };
    process.stdout.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: request.id, result: { content: [{ type: "text", text: request.params.arguments.text }] } })}\n`,
    );
  });
} else {
  console.error("usage: stdio-servers.ts typed-mcp|official|bare");
  process.exit(2);
}
