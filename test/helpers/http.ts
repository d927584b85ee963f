/** Real HTTP listeners for tests, on 127.0.0.1 at a port the system picks. */
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { listen } from "../../src/entry/node.js";
import { McpServer, type StreamableHttpServer } from "../../src/index.js";

export interface Listening {
  /** The MCP endpoint: http://127.0.0.1:{port}/mcp. */
  url: URL;
  close(): Promise<void>;
}

/**
 * Serves a Streamable HTTP server through the node:http adapter. `close` ends the server (its
 * sessions and streams) and then the listener.
 */
export async function serveOnLoopback(http: Pick<StreamableHttpServer, "handle" | "close">): Promise<Listening> {
  const listening = await listen(http.handle);
  return {
    url: listening.url,
    close: async () => {
      await http.close();
      await listening.close();
    },
  };
}

/** Starts a plain node:http server; `close` drops its open connections and stops it. */
export async function listenOnLoopback(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A POST to a Streamable HTTP server's `handle`, as a client on 127.0.0.1 sends it: JSON body,
 * Accept for both answer forms (unless `headers` says otherwise), plus `headers`.
 */
export function mcpPost(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1/mcp", {
    method: "POST",
    headers: {
      host: "127.0.0.1",
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/**
 * The connections a node:http server has open now (the set follows them as they open and close):
 * how a test sees that a client closed the connections it kept alive.
 */
export function openConnections(server: Server): Set<Socket> {
  const open = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  return open;
}

/** An McpServer with an `echo` tool that reports progress once and a `big` tool answering 200,000 characters. */
export function echoToolServer(): McpServer {
  const server = new McpServer({ name: "echo", version: "1" });
  server.registerTool(
    "echo",
    { inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } },
    async ({ text }, ctx) => {
      await ctx.reportProgress(1, 1);
      return { content: [{ type: "text", text: String(text) }] };
    },
  );
  server.registerTool("big", {}, () => ({ content: [{ type: "text", text: "x".repeat(200_000) }] }));
  return server;
}
