/**
 * A low-level MCP server built directly on the kernel (no high-level API), serving stdio, with one
 * tool: `echo`, which returns its `text` argument.
 *
 *   npx tsx examples/echo-server.ts
 */

import { StdioServerTransport } from "../src/entry/node.js";
import { ServerRunner } from "../src/entry/server.js";
import { McpError } from "../src/index.js";

const ECHO_TOOL = {
  name: "echo",
  description: "Returns its text argument.",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
};

const server = new ServerRunner({
  serverInfo: { name: "typed-mcp-echo", version: "0.1.0" },
  capabilities: { tools: {} },
})
  .setRequestHandler("tools/list", () => ({ tools: [ECHO_TOOL] }))
  .setRequestHandler("tools/call", (params) => {
    if (params?.name !== "echo") throw new McpError(-32602, `Unknown tool: ${String(params?.name)}`);
    const text = (params.arguments as { text?: unknown } | undefined)?.text;
    if (typeof text !== "string") throw new McpError(-32602, "echo needs a string `text` argument");
    return { content: [{ type: "text", text }] };
  });

const { closed } = await server.connect(new StdioServerTransport());
await closed;
