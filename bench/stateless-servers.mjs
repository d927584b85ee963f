/**
 * The HTTP servers the stateless benchmark (stateless-http.ts) spawns, one process each, as a
 * deployment runs them: each listens on 127.0.0.1 on a free port, prints its URL on stdout and
 * serves until its stdin closes.
 *
 * - `typed-mcp-stateless`, `typed-mcp-default`: one McpServer behind StreamableHttpServer, in
 *   stateless mode and in the default (sessionful) mode, which serves 2026-07-28 requests without
 *   a session too; typed-mcp imported by its package name, so the built package (`dist/`), as in a
 *   user's server, run by plain `node` (no TypeScript loader, as in stdio-servers.mjs);
 * - `official-v2`: the official SDK v2 (`@modelcontextprotocol/server`): `createMcpHandler`, its
 *   2026-07-28 serving entry, which builds a fresh McpServer per request from a factory (the tool's
 *   zod input schema is built once, outside the factory), served on node:http by its own adapter
 *   (`toNodeHandler` from `@modelcontextprotocol/node`);
 * - `bare`, the floor: a node:http endpoint parsing the POSTed JSON and answering with the echo;
 * - `bare-web`: the same echo as a web-standard `(Request) => Response` handler behind our node
 *   adapter's general path (a web Request and Response per call; our own server takes its fast path).
 *
 *   node bench/stateless-servers.mjs typed-mcp-stateless|typed-mcp-default|official-v2|bare|bare-web
 */
import { createServer } from "node:http";

const kind = process.argv[2];

const echoSchema = {
  type: "object",
  properties: { text: { type: "string" } },
  required: ["text"],
};

/** Serves a node:http listener on 127.0.0.1; resolves with its URL and a close function. */
async function serveNode(listener) {
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/mcp`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function start() {
  if (kind === "typed-mcp-stateless" || kind === "typed-mcp-default") {
    const { McpServer, StreamableHttpServer } = await import("typed-mcp");
    const { listen } = await import("typed-mcp/node");
    const server = new McpServer({ name: "bench", version: "1" });
    server.registerTool("echo", { description: "echo", inputSchema: echoSchema }, ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    const http = new StreamableHttpServer(server, { sessionless: kind === "typed-mcp-stateless" });
    const listening = await listen(http.handle);
    return {
      url: listening.url.href,
      close: async () => {
        await http.close();
        await listening.close();
      },
    };
  }
  if (kind === "official-v2") {
    const { toNodeHandler } = await import("@modelcontextprotocol/node");
    const { createMcpHandler, McpServer } = await import("@modelcontextprotocol/server");
    const { z } = await import("zod");
    const inputSchema = z.object({ text: z.string() });
    const handler = createMcpHandler(() => {
      const server = new McpServer({ name: "bench", version: "1" });
      server.registerTool("echo", { description: "echo", inputSchema }, ({ text }) => ({
        content: [{ type: "text", text }],
      }));
      return server;
    });
    const node = toNodeHandler(handler);
    const listening = await serveNode((req, res) => {
      node(req, res).catch(() => res.end());
    });
    return {
      url: listening.url,
      close: async () => {
        await handler.close();
        await listening.close();
      },
    };
  }
  if (kind === "bare") {
    return serveNode((req, res) => {
      const chunks = [];
      req.on("data", (chunk) => chunks.push(chunk));
      req.on("end", () => {
        const message = JSON.parse(Buffer.concat(chunks).toString());
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: message.id,
            result: { content: [{ type: "text", text: message.params.arguments.text }], resultType: "complete" },
          }),
        );
      });
    });
  }
  if (kind === "bare-web") {
    const { listen } = await import("typed-mcp/node");
    const listening = await listen(async (request) => {
      const message = await request.json();
      return Response.json({
        jsonrpc: "2.0",
        id: message.id,
        result: { content: [{ type: "text", text: message.params.arguments.text }], resultType: "complete" },
      });
    });
    return { url: listening.url.href, close: () => listening.close() };
  }
  console.error("usage: stateless-servers.mjs typed-mcp-stateless|typed-mcp-default|official-v2|bare|bare-web");
  process.exit(2);
}

const serving = await start();
process.stdout.write(`${serving.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  serving.close().then(() => process.exit(0));
});
