/** A server that only speaks the 2024-11-05 HTTP+SSE transport (the official SDK's SSEServerTransport). */
import { createServer } from "node:http";
import { McpServer as OfficialMcpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Client, StreamableHttpClientTransport } from "../../../../src/index.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { listenOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

describe("fallback to the legacy HTTP+SSE transport", () => {
  it("our Client reaches an SSE-only server through the Streamable HTTP transport", async () => {
    const transports = new Map<string, SSEServerTransport>();
    const httpServer = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (req.method === "GET" && url.pathname === "/sse") {
        const transport = new SSEServerTransport("/messages", res);
        transports.set(transport.sessionId, transport);
        const official = new OfficialMcpServer({ name: "legacy", version: "1" });
        official.registerTool("shout", { inputSchema: { text: z.string() } }, async ({ text }) => ({
          content: [{ type: "text", text: text.toUpperCase() }],
        }));
        await official.connect(transport);
        return;
      }
      if (req.method === "POST" && url.pathname === "/messages") {
        const transport = transports.get(url.searchParams.get("sessionId") ?? "");
        if (transport) return transport.handlePostMessage(req, res);
        res.writeHead(404).end();
        return;
      }
      res.writeHead(405).end();
    });
    const listening = await listenOnLoopback(httpServer);
    closers.push(listening.close);
    const transport = new StreamableHttpClientTransport(new URL("/sse", listening.url));
    const client = new Client({ name: "c", version: "1" });
    await client.connect(transport);
    expect(transport.mode).toBe("sse");
    expect((await client.callTool({ name: "shout", arguments: { text: "hi" } })).content).toEqual([
      { type: "text", text: "HI" },
    ]);
    await client.close();
  });
});
