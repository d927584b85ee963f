/**
 * The stdio servers the round-trip benchmark spawns: `typed-mcp` (our kernel), `official` (the
 * official SDK's Server) and `bare` (newline-delimited JSON echo with no SDK: the floor).
 *
 * Plain JavaScript run by plain `node`, each SDK as it is installed: typed-mcp is imported by its
 * package name, so it is the built package (`dist/`, `npm run build`; `npm run bench` builds first),
 * as in a user's server; the official SDK is its published build. No TypeScript loader runs in these
 * children: one costs every child, the floor too, 10-12 µs per call over its first thousands of calls.
 *
 *   node bench/stdio-servers.mjs typed-mcp|official|bare
 */
import { createInterface } from "node:readline";

const kind = process.argv[2];

if (kind === "typed-mcp") {
  const { StdioServerTransport } = await import("typed-mcp/node");
  const { ServerRunner } = await import("typed-mcp/server");
  // Room for the scaling benchmark's 512 calls in flight (the default cap is 100 per connection).
  const runner = new ServerRunner({
    serverInfo: { name: "bench", version: "1.0.0" },
    capabilities: { tools: {} },
    maxInFlightRequests: 1024,
  })
    .setRequestHandler("tools/list", () => ({ tools: [{ name: "echo", inputSchema: { type: "object" } }] }))
    .setRequestHandler("tools/call", (params) => ({
      content: [{ type: "text", text: String(params?.arguments?.text) }],
    }));
  await runner.connect(new StdioServerTransport());
} else if (kind === "official") {
  const { Server } = await import("@modelcontextprotocol/sdk/server/index.js");
  const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
  const { CallToolRequestSchema, ListToolsRequestSchema } = await import("@modelcontextprotocol/sdk/types.js");
  const server = new Server({ name: "bench", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: "echo", inputSchema: { type: "object" } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => ({
    content: [{ type: "text", text: String(request.params.arguments?.text) }],
  }));
  await server.connect(new StdioServerTransport());
} else if (kind === "bare") {
  createInterface({ input: process.stdin }).on("line", (line) => {
    const request = JSON.parse(line);
    process.stdout.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: request.id, result: { content: [{ type: "text", text: request.params.arguments.text }] } })}\n`,
    );
  });
} else {
  console.error("usage: stdio-servers.mjs typed-mcp|official|bare");
  process.exit(2);
}
