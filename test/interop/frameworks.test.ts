/**
 * The Streamable HTTP handler mounted in Express (with and without `express.json()` in front),
 * Hono and Fastify, each served on 127.0.0.1 and driven by typed-mcp's client and the official v1
 * client; the security defaults (Host/Origin allow-list, body size limit) hold in each.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as OfficialHttpTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { bearerAuth, InvalidTokenError } from "../../src/entry/auth.js";
import { toNodeListener } from "../../src/entry/node.js";
import { Client, McpServer, StreamableHttpClientTransport, StreamableHttpServer } from "../../src/index.js";
import { closeAfterEach } from "../helpers/closers.js";

const closers = closeAfterEach();

/** Where a protected server's metadata is mounted, beside /mcp. */
const METADATA_PATH = "/.well-known/oauth-protected-resource/mcp";

function weather(protect = false) {
  const server = new McpServer({ name: "weather", version: "1" });
  server.registerTool("forecast", { inputSchema: { city: z.string() } }, ({ city }, ctx) => ({
    content: [{ type: "text", text: `sunny in ${city}${ctx.authInfo ? ` for ${ctx.authInfo.subject}` : ""}` }],
  }));
  // The application's own verifier: one good token. (The JWT verifier has its own tests with a real issuer.)
  const auth = bearerAuth({
    resource: "http://127.0.0.1/mcp",
    authorizationServers: ["https://as.example.com"],
    verifyToken: async (token) => {
      if (token !== "good-token") throw new InvalidTokenError("unknown token");
      return {
        subject: "ann",
        clientId: "c",
        scopes: [],
        expiresAt: undefined,
        resource: undefined,
        issuer: undefined,
        claims: {},
      };
    },
  });
  return new StreamableHttpServer(server, { maxBodyBytes: 64 * 1024, ...(protect ? { auth } : {}) });
}

type Mount = (http: StreamableHttpServer) => Promise<{ port: number; close: () => Promise<void> }>;

const listenNode = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

const MOUNTS: Record<string, Mount> = {
  "Express, raw body": async (http) => {
    const app = express();
    app.all(["/mcp", METADATA_PATH], toNodeListener(http.handle));
    return listenNode(createServer(app));
  },
  "Express behind express.json()": async (http) => {
    const app = express();
    app.use(express.json({ limit: "1mb" }));
    app.all(["/mcp", METADATA_PATH], toNodeListener(http.handle));
    return listenNode(createServer(app));
  },
  Hono: async (http) => {
    const app = new Hono();
    for (const path of ["/mcp", METADATA_PATH]) app.all(path, (c) => http.handle(c.req.raw));
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    await new Promise((resolve) => (server.listening ? resolve(undefined) : server.once("listening", resolve)));
    return {
      port: (server.address() as AddressInfo).port,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  },
  Fastify: async (http) => {
    const app = Fastify({ bodyLimit: 1024 * 1024 });
    const listener = toNodeListener(http.handle);
    for (const path of ["/mcp", METADATA_PATH]) {
      app.all(path, (request, reply) => {
        reply.hijack();
        listener(request.raw, reply.raw, request.body);
      });
    }
    await app.listen({ port: 0, host: "127.0.0.1" });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  },
};

async function mounted(name: string, protect = false) {
  const http = weather(protect);
  const listening = await (MOUNTS[name] as Mount)(http);
  closers.push(async () => {
    await http.close();
    await listening.close();
  });
  return new URL(`http://127.0.0.1:${listening.port}/mcp`);
}

describe.each(Object.keys(MOUNTS))("%s", (name) => {
  it("serves typed-mcp's client", async () => {
    const url = await mounted(name);
    const client = new Client({ name: "ours", version: "1" });
    closers.push(() => client.close());
    await client.connect(new StreamableHttpClientTransport(url));
    const result = await client.callTool({ name: "forecast", arguments: { city: "Oslo" } });
    expect(result.content).toEqual([{ type: "text", text: "sunny in Oslo" }]);
    // 2025-11-25 (SEP-1303): invalid arguments are a result the model can read, naming the argument.
    await expect(client.callTool({ name: "forecast", arguments: {} })).resolves.toMatchObject({
      isError: true,
      content: [{ type: "text", text: expect.stringContaining(`Argument "city"`) }],
    });
  });

  it("serves the official v1 client", async () => {
    const url = await mounted(name);
    const client = new OfficialClient({ name: "official", version: "1" });
    closers.push(() => client.close());
    await client.connect(new OfficialHttpTransport(url));
    const result = await client.callTool({ name: "forecast", arguments: { city: "Rome" } });
    expect(result.content).toEqual([{ type: "text", text: "sunny in Rome" }]);
  });

  it("keeps the Origin check and the body size limit", async () => {
    const url = await mounted(name);
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    };
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
        body,
      });
    const foreign = await post(JSON.stringify(initialize), { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    await foreign.body?.cancel();
    const padded = { ...initialize, params: { ...initialize.params, _meta: { pad: "x".repeat(100 * 1024) } } };
    const large = await post(JSON.stringify(padded));
    expect(large.status).toBe(413);
    await large.body?.cancel();
  });

  it("keeps the bearer-token gate: a bad token gets 401, a good one gets in, the metadata is served", async () => {
    const url = await mounted(name, true);
    const post = (authorization?: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } },
        }),
      });
    for (const authorization of [undefined, "Bearer bad-token", "Basic eDp5"]) {
      const refused = await post(authorization);
      expect(refused.status, authorization).toBe(401);
      expect(refused.headers.get("www-authenticate")).toContain(`resource_metadata="http://127.0.0.1${METADATA_PATH}"`);
      await refused.body?.cancel();
    }
    const metadata = await fetch(new URL(METADATA_PATH, url));
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({ resource: "http://127.0.0.1/mcp" });
    const client = new Client({ name: "ours", version: "1" });
    closers.push(() => client.close());
    await client.connect(new StreamableHttpClientTransport(url, { headers: { authorization: "Bearer good-token" } }));
    const result = await client.callTool({ name: "forecast", arguments: { city: "Oslo" } });
    expect(result.content).toEqual([{ type: "text", text: "sunny in Oslo for ann" }]);
  });
});
