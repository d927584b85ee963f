import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it, vi } from "vitest";
import {
  McpServer,
  NoBackChannelError,
  type StreamableHttpOptions,
  StreamableHttpServer,
} from "../../../../src/index.js";
import { SseParser } from "../../../../src/transport/sse.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

function app() {
  const server = new McpServer({ name: "http", version: "1" });
  const seen: { backChannelError?: unknown } = {};
  server.registerTool("work", {}, async (_args, ctx) => {
    await ctx.reportProgress(1, 2);
    await ctx.log("info", "on the POST stream");
    return { content: [{ type: "text", text: "done" }] };
  });
  server.registerTool("ask", {}, async (_args, ctx) => {
    try {
      const answer = await ctx.createMessage({
        messages: [{ role: "user", content: { type: "text", text: "?" } }],
        maxTokens: 1,
      });
      return { content: [{ type: "text", text: `model ${answer.model}` }] };
    } catch (error) {
      seen.backChannelError = error;
      return { content: [{ type: "text", text: (error as Error).name }], isError: true };
    }
  });
  server.registerResource("r", "file:///r", {}, (uri) => ({ contents: [{ uri: uri.href, text: "r" }] }));
  return { server, seen };
}

async function start(options: StreamableHttpOptions = {}) {
  const { server, seen } = app();
  const http = new StreamableHttpServer(server, options);
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  return { server, http, url: listening.url, seen };
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

function post(url: URL, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function sseMessages(response: Response): Promise<unknown[]> {
  const messages: unknown[] = [];
  const parser = new SseParser((event) => {
    if (event.data) messages.push(JSON.parse(event.data));
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(value);
  }
  return messages;
}

describe("Streamable HTTP server", () => {
  it("serves the official SDK's Streamable HTTP client: progress and logs on the request's stream, sampling round trip", async () => {
    const { url } = await start();
    const client = new Client({ name: "official", version: "1" }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      content: { type: "text", text: "" },
      model: "over-http",
    }));
    const logs: unknown[] = [];
    client.fallbackNotificationHandler = async (n) => {
      if (n.method === "notifications/message") logs.push(n.params?.data);
    };
    const transport = new StreamableHTTPClientTransport(url);
    await client.connect(transport);
    expect(transport.sessionId).toMatch(/^[0-9a-f]{32}$/);
    const progress: unknown[] = [];
    const work = await client.callTool({ name: "work" }, undefined, { onprogress: (p) => progress.push(p) });
    expect(work.content).toEqual([{ type: "text", text: "done" }]);
    expect(progress).toEqual([{ progress: 1, total: 2 }]);
    expect(logs).toEqual(["on the POST stream"]);
    const asked = await client.callTool({ name: "ask" });
    expect(asked.content).toEqual([{ type: "text", text: "model over-http" }]);
    await transport.terminateSession();
    await client.close();
  });

  it("sends request-scoped messages on the POST stream and standalone ones on the GET stream only", async () => {
    const { url, server } = await start();
    const init = await post(url, initialize);
    const session = init.headers.get("mcp-session-id") as string;
    await init.body?.cancel();
    const headers = { "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" };
    expect((await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, headers)).status).toBe(202);
    const get = await fetch(url, { headers: { accept: "text/event-stream", ...headers } });
    expect(get.status).toBe(200);
    const standalone: unknown[] = [];
    const parser = new SseParser((event) => event.data && standalone.push(JSON.parse(event.data)));
    const reader = (get.body as ReadableStream<Uint8Array>).getReader();
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    })();
    await post(
      url,
      { jsonrpc: "2.0", id: 2, method: "resources/subscribe", params: { uri: "file:///r" } },
      headers,
    ).then((r) => r.body?.cancel());
    const call = await post(
      url,
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "work", _meta: { progressToken: "p" } } },
      headers,
    );
    expect(call.headers.get("content-type")).toContain("text/event-stream");
    const onPost = await sseMessages(call);
    expect(
      onPost.map((m) => (m as { method?: string; id?: number }).method ?? `response ${(m as { id: number }).id}`),
    ).toEqual(["notifications/progress", "notifications/message", "response 3"]);
    await server.sendResourceUpdated("file:///r");
    await vi.waitFor(() =>
      expect(standalone).toEqual([
        { jsonrpc: "2.0", method: "notifications/resources/updated", params: { uri: "file:///r" } },
      ]),
    );
    expect(standalone.some((m) => (m as { method?: string }).method === "notifications/message")).toBe(false);
    await reader.cancel();
  });

  it("answers every wrong request with the right status", async () => {
    const { url } = await start({ maxBodyBytes: 1024 });
    const init = await post(url, initialize);
    const session = init.headers.get("mcp-session-id") as string;
    await init.body?.cancel();
    const headers = { "mcp-session-id": session };
    expect((await post(url, initialize, { accept: "application/json" })).status).toBe(406);
    expect((await post(url, initialize, { "content-type": "text/plain" })).status).toBe(415);
    const badJson = await post(url, "{nope", headers);
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: -32700 } });
    expect((await post(url, { jsonrpc: "2.0", id: 5 }, headers)).status).toBe(400);
    expect((await post(url, { jsonrpc: "2.0", id: 5, method: "tools/list" })).status).toBe(400);
    expect(
      (await post(url, { jsonrpc: "2.0", id: 5, method: "tools/list" }, { "mcp-session-id": "nope" })).status,
    ).toBe(404);
    expect(
      (
        await post(
          url,
          { jsonrpc: "2.0", id: 5, method: "tools/list" },
          { ...headers, "mcp-protocol-version": "1999-01-01" },
        )
      ).status,
    ).toBe(400);
    expect(
      (await post(url, { jsonrpc: "2.0", id: 6, method: "x", params: { pad: "y".repeat(2000) } }, headers)).status,
    ).toBe(413);
    expect((await fetch(url, { method: "PUT" })).status).toBe(405);
    expect((await fetch(url, { headers: { accept: "application/json", ...headers } })).status).toBe(406);
    expect((await fetch(url, { method: "DELETE", headers })).status).toBe(200);
    expect((await post(url, { jsonrpc: "2.0", id: 7, method: "tools/list" }, headers)).status).toBe(404);
  });

  it("refuses DNS-rebinding attempts: foreign Host or Origin get 403", async () => {
    const { url } = await start();
    expect((await post(url, initialize, { origin: "https://evil.example" })).status).toBe(403);
    // fetch cannot set Host; a rebinding attack arrives with the attacker's name in it.
    const viaEvilHost = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: {
            host: "evil.example",
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(initialize));
    });
    expect(viaEvilHost).toBe(403);
    const ok = await post(url, initialize, { origin: `http://localhost:${url.port}` });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });

  it("answers with one JSON body in JSON-response mode", async () => {
    const { url } = await start({ jsonResponse: true });
    const init = await post(url, initialize, { accept: "application/json" });
    expect(init.headers.get("content-type")).toContain("application/json");
    expect(await init.json()).toMatchObject({ id: 1, result: { protocolVersion: "2025-11-25" } });
  });

  it("stateless mode: no session, and a server-to-client request fails with NoBackChannelError at once", async () => {
    const { url, seen } = await start({ sessionless: true });
    const init = await post(url, initialize);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    await init.body?.cancel();
    const list = await sseMessages(
      await post(url, { jsonrpc: "2.0", id: 2, method: "tools/list" }, { "mcp-protocol-version": "2025-11-25" }),
    );
    expect(list).toMatchObject([{ id: 2, result: { tools: [{ name: "work" }, { name: "ask" }] } }]);
    const ask = await sseMessages(
      await post(
        url,
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "ask" } },
        { "mcp-protocol-version": "2025-11-25" },
      ),
    );
    expect(ask).toMatchObject([{ id: 3, result: { isError: true, content: [{ text: "NoBackChannelError" }] } }]);
    expect(seen.backChannelError).toBeInstanceOf(NoBackChannelError);
  });
});

describe.each(["2025-03-26", "2025-06-18", "2025-11-25"] as const)(
  "the official HTTP client, pinned to %s",
  (version) => {
    it("initializes, lists and calls over our Streamable HTTP server", async () => {
      const server = new McpServer({ name: "pinned", version: "1" }, { protocolVersions: [version] });
      server.registerTool("hi", { description: "says hi" }, () => ({
        content: [{ type: "text", text: `hi over ${version}` }],
      }));
      const http = new StreamableHttpServer(server);
      const listening = await serveOnLoopback(http);
      closers.push(listening.close);
      const client = new Client({ name: "official", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(listening.url));
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["hi"]);
      expect((await client.callTool({ name: "hi" })).content).toEqual([{ type: "text", text: `hi over ${version}` }]);
      await client.close();
    });
  },
);
