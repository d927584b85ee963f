import { describe, expect, it, vi } from "vitest";
import { everythingServer } from "../../../examples/everything-server.js";
import { StdioClientTransport } from "../../../src/entry/node.js";
import {
  Client,
  InMemoryTransport,
  McpServer,
  StreamableHttpClientTransport,
  StreamableHttpServer,
} from "../../../src/index.js";
import { officialAddServerOverHttp } from "../../fixtures/official-http.js";
import { closeAfterEach } from "../../helpers/closers.js";
import { serveOnLoopback } from "../../helpers/http.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const closers = closeAfterEach();

async function serveHttp(server: McpServer, options: { stateless?: boolean } = {}) {
  const http = new StreamableHttpServer(server, { sessionless: options.stateless });
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  return { url: listening.url, http };
}

function answeringClient(negotiation: "stateless" | "auto") {
  const asked: string[] = [];
  const client = new Client({ name: "new", version: "1" }, { negotiation })
    .onElicitation((params) => {
      asked.push(`elicit ${params.message}`);
      const color = params.message.includes("color");
      const content: Record<string, string | boolean> = color ? { color: "teal" } : { name: "Ada", ok: true };
      return { action: "accept", content };
    })
    .onSampling(() => {
      asked.push("sample");
      return { role: "assistant", content: { type: "text", text: "Paris" }, model: "m" };
    })
    .onRoots(() => {
      asked.push("roots");
      return [{ uri: "file:///work", name: "work" }];
    });
  return { client, asked };
}

describe("our Client, 2026-07-28 over Streamable HTTP", () => {
  for (const stateless of [false, true]) {
    it(`pinned: no session, envelope and headers on every request, input rounds answered (${stateless ? "stateless" : "stateful"} server)`, async () => {
      const { server, stop } = everythingServer();
      closers.push(async () => stop());
      const { url, http } = await serveHttp(server, { stateless });
      const { client, asked } = answeringClient("stateless");
      const transport = new StreamableHttpClientTransport(url);
      const discovered = await client.connect(transport);
      closers.push(() => client.close());
      expect(discovered).toMatchObject({
        protocolVersion: "2026-07-28",
        serverInfo: { name: "typed-mcp-everything-server" },
      });
      expect(client.isStateless).toBe(true);
      expect(transport.sessionId).toBeUndefined();

      const tools = await client.listToolsAll();
      expect(tools.map((t) => t.name)).toContain("test_input_required_result_multi_round");
      const simple = await client.callTool({ name: "test_simple_text" });
      expect(simple).toMatchObject({ resultType: "complete", content: [{ type: "text" }] });

      // Elicitation in two rounds: the handler answers each, the request is retried with them.
      const multi = await client.callTool({ name: "test_input_required_result_multi_round" });
      expect(multi.content).toEqual([{ type: "text", text: "Ada likes teal" }]);
      const all = await client.callTool({ name: "test_input_required_result_multiple_inputs" });
      expect(JSON.stringify(all.content)).toContain("roots=1");
      const prompt = await client.getPrompt({ name: "test_input_required_result_prompt" });
      expect(prompt.messages).toHaveLength(1);
      expect(asked).toEqual(
        expect.arrayContaining([
          "elicit Step 1: What is your name?",
          "elicit Step 2: What is your favorite color?",
          "sample",
          "roots",
        ]),
      );

      // x-mcp-header arguments travel as Mcp-Param-* headers (the server refuses the call otherwise).
      const headed = await client.callTool({
        name: "test_custom_headers",
        arguments: { region: "Hello, 世界", priority: 3, verbose: true },
      });
      expect(headed.isError).toBeUndefined();
      expect(JSON.stringify(headed.content)).toContain("Headers matched");

      // Progress and logs arrive on the request's stream; logs only once a level is set.
      const logs: unknown[] = [];
      client.onNotification("notifications/message", (params) => void logs.push(params?.data));
      const progress: unknown[] = [];
      await client.callTool({ name: "test_tool_with_progress" }, { onProgress: (p) => progress.push(p) });
      expect(progress.length).toBeGreaterThan(0);
      await client.callTool({ name: "test_logging_tool" });
      expect(logs).toEqual([]);
      await client.setLoggingLevel("info");
      await client.callTool({ name: "test_logging_tool" });
      await vi.waitFor(() => expect(logs).toHaveLength(3));

      // Typed errors come through whatever the HTTP status.
      await expect(client.callTool({ name: "no_such_tool" })).rejects.toMatchObject({ code: -32602 });
      expect(http.sessionCount).toBe(0);
    });
  }

  it("subscriptions/listen: acknowledged, then the asked-for notifications; closing ends the stream", async () => {
    const { server, stop } = everythingServer();
    closers.push(async () => stop());
    const { url } = await serveHttp(server);
    const { client } = answeringClient("stateless");
    await client.connect(new StreamableHttpClientTransport(url));
    closers.push(() => client.close());
    const changed: unknown[] = [];
    client.onNotification("notifications/tools/list_changed", (params) => void changed.push(params?._meta));
    const subscription = client.listen({ toolsListChanged: true, promptsListChanged: false });
    expect(await subscription.acknowledged).toEqual({ toolsListChanged: true });
    await client.callTool({ name: "test_trigger_tool_change" });
    await vi.waitFor(() => expect(changed).toEqual([{ "io.modelcontextprotocol/subscriptionId": subscription.id }]));
    expect(server.subscriptionCount).toBe(1);
    subscription.close();
    await subscription.closed;
    await vi.waitFor(() => expect(server.subscriptionCount).toBe(0));
  });

  it("the result cache serves fresh results and drops them when a notification says they changed", async () => {
    const server = new McpServer(
      { name: "cached", version: "1" },
      { cacheHints: { "tools/list": { ttlMs: 60_000, cacheScope: "public" } } },
    );
    let lists = 0;
    server.runner.use(async (call, next) => {
      if (call.method === "tools/list") lists++;
      return next();
    });
    server.registerTool("a", {}, () => ({ content: [] }));
    const { url } = await serveHttp(server);
    const client = new Client({ name: "c", version: "1" }, { negotiation: "stateless" });
    await client.connect(new StreamableHttpClientTransport(url));
    closers.push(() => client.close());
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["a"]);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["a"]);
    expect(lists).toBe(1);
    const subscription = client.listen({ toolsListChanged: true });
    await subscription.acknowledged;
    server.registerTool("b", {}, () => ({ content: [] }));
    await vi.waitFor(async () => expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["a", "b"]));
    expect(lists).toBe(2);
    subscription.close();
  });

  it("auto: a server without 2026-07-28 (the official v1 SDK) gets initialize instead", async () => {
    const official = await officialAddServerOverHttp();
    closers.push(official.close);
    const client = new Client({ name: "c", version: "1" }, { negotiation: "auto" });
    await client.connect(new StreamableHttpClientTransport(official.url));
    closers.push(() => client.close());
    expect(client.isStateless).toBe(false);
    expect(client.protocolVersion).toBe("2025-11-25");
    expect((await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).content).toEqual([
      { type: "text", text: "5" },
    ]);
  });

  it("auto: our server is spoken to in 2026-07-28", async () => {
    const { server, stop } = everythingServer();
    closers.push(async () => stop());
    const { url } = await serveHttp(server);
    const client = new Client({ name: "c", version: "1" }, { negotiation: "auto" });
    await client.connect(new StreamableHttpClientTransport(url));
    closers.push(() => client.close());
    expect(client.isStateless).toBe(true);
    expect(client.protocolVersion).toBe("2026-07-28");
  });

  it("an input round the client has no handler for fails clearly; a runaway server is cut off after maxInputRounds", async () => {
    const server = new McpServer({ name: "greedy", version: "1" });
    let n = 0;
    server.registerTool("forever", {}, async (_args, ctx) => {
      await ctx.elicitForm(
        { message: "again?", requestedSchema: { type: "object", properties: {} } },
        { key: `ask-${n++}` },
      );
      return { content: [] };
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client(
      { name: "c", version: "1" },
      { negotiation: "stateless", maxInputRounds: 3 },
    ).onElicitation(() => ({ action: "accept", content: {} }));
    await client.connect(clientSide);
    closers.push(() => client.close());
    await expect(client.callTool({ name: "forever" })).rejects.toThrow(/after 3 rounds/);
    const bare = new Client(
      { name: "bare", version: "1" },
      { negotiation: "stateless", capabilities: { elicitation: {} } },
    );
    const [c2, s2] = InMemoryTransport.createLinkedPair();
    await server.connect(s2);
    await bare.connect(c2);
    closers.push(() => bare.close());
    await expect(bare.callTool({ name: "forever" })).rejects.toThrow(/no handler/);
  });
});

describe("our Client, 2026-07-28 over stdio", () => {
  it("auto picks 2026-07-28 and input rounds work over stdio", { timeout: 30_000 }, async () => {
    const { client } = answeringClient("auto");
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ["--import", "tsx", "examples/everything-server.ts", "--stdio"],
        cwd: ROOT,
      }),
    );
    closers.push(() => client.close());
    expect(client.protocolVersion).toBe("2026-07-28");
    const result = await client.callTool({ name: "test_input_required_result_elicitation" });
    expect(result.content).toEqual([{ type: "text", text: "Hello, Ada!" }]);
    const subscription = client.listen({ toolsListChanged: true });
    expect(await subscription.acknowledged).toEqual({ toolsListChanged: true });
    subscription.close();
    await subscription.closed;
  });
});
