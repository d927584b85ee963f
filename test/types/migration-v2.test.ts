/**
 * The migration table from the official SDK v2 (docs/migration.md, "From v2"), row by row where the
 * API maps one to one: v2's snippet (`@modelcontextprotocol/server` / `@modelcontextprotocol/client`
 * 2.4.0) and typed-mcp's, both type-checked by tsc in npm test and run here; where a row claims
 * behaviour, both sides are driven by the same peer and must agree. Each test's title is `v2: ` and
 * the row's first cell (test/docs/migration-table.test.ts holds the table to it).
 */
import { Client as V2Client, StreamableHTTPClientTransport as V2HttpTransport } from "@modelcontextprotocol/client";
import {
  createMcpHandler,
  fromJsonSchema,
  Server as V2LowLevelServer,
  ResourceTemplate as V2ResourceTemplate,
  McpServer as V2Server,
} from "@modelcontextprotocol/server";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { listen } from "../../src/entry/node.js";
import { ServerRunner } from "../../src/entry/server.js";
import {
  Client,
  McpServer,
  StreamableHttpClientTransport,
  StreamableHttpServer,
  type Transport,
} from "../../src/index.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";
import {
  driveAsks as driveAsksClosedBy,
  firstText,
  linkedPair as linkedPairClosedBy,
  textOf,
  untilAborted,
} from "../helpers/migration-sides.js";
import { speaking } from "../helpers/versions.js";

const closers = closeAfterEach();
const linkedPair = () => linkedPairClosedBy(closers);
const driveAsks = (connectServer: (transport: Transport) => Promise<void>) => driveAsksClosedBy(closers, connectServer);

/** Runs `observe` with a typed-mcp client on each server (v2's first, ours second) and returns what it saw. */
async function onBoth(
  v2: V2Server | V2LowLevelServer,
  ours: McpServer | ServerRunner,
  observe: (client: Client) => Promise<unknown>,
): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (const connect of [
    (transport: Transport) => v2.connect(transport),
    (transport: Transport) => ours.connect(transport).then(() => undefined),
  ]) {
    const [clientSide, serverSide] = linkedPair();
    await connect(serverSide);
    const client = new Client({ name: "c", version: "1" });
    await client.connect(clientSide);
    seen.push(await observe(client));
  }
  return seen;
}

/** A tool's listing reduced to what both SDKs must agree on. */
const toolShape = (tool: { name: string; description?: string; inputSchema: Record<string, unknown> }) => ({
  name: tool.name,
  description: tool.description,
  properties: tool.inputSchema.properties,
  required: tool.inputSchema.required,
});

describe("v2 rows that are the same code on both sides", () => {
  it("v2: new McpServer({ name, version })", async () => {
    const v2 = new V2Server({ name: "w", version: "2" }, { instructions: "Be brief." });
    const ours = new McpServer({ name: "w", version: "2" }, { instructions: "Be brief." });
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      client.getServerVersion(),
      client.getInstructions(),
    ]);
    expect(fromV2).toEqual([{ name: "w", version: "2" }, "Be brief."]);
    expect(fromOurs).toEqual(fromV2);
  });

  it("v2: server.registerTool(name, { inputSchema: z.object({ … }) }, cb)", async () => {
    const v2 = new V2Server({ name: "w", version: "1" });
    v2.registerTool(
      "forecast",
      { description: "d", inputSchema: z.object({ city: z.string().min(1), days: z.number().int().optional() }) },
      async ({ city, days }) => ({ content: [{ type: "text", text: `${city}:${days ?? 1}` }] }),
    );
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerTool(
      "forecast",
      { description: "d", inputSchema: z.object({ city: z.string().min(1), days: z.number().int().optional() }) },
      async ({ city, days }) => ({ content: [{ type: "text", text: `${city}:${days ?? 1}` }] }),
    );
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      (await client.listToolsAll()).map(toolShape),
      textOf(await client.callTool({ name: "forecast", arguments: { city: "Oslo", days: 3 } })),
      (await client.callTool({ name: "forecast", arguments: { city: "" } })).isError,
    ]);
    expect(fromV2).toEqual([
      [
        {
          name: "forecast",
          description: "d",
          properties: { city: { type: "string", minLength: 1 }, days: expect.objectContaining({ type: "integer" }) },
          required: ["city"],
        },
      ],
      "Oslo:3",
      true,
    ]);
    expect(fromOurs).toEqual(fromV2);
  });

  it("v2: server.registerTool(name, { inputSchema: { city: z.string() } }, cb)", async () => {
    const v2 = new V2Server({ name: "w", version: "1" });
    v2.registerTool("forecast", { inputSchema: { city: z.string() } }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerTool("forecast", { inputSchema: { city: z.string() } }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      (await client.listToolsAll()).map(toolShape),
      textOf(await client.callTool({ name: "forecast", arguments: { city: "Oslo" } })),
    ]);
    expect(fromV2).toEqual([
      [{ name: "forecast", description: undefined, properties: { city: { type: "string" } }, required: ["city"] }],
      "Oslo",
    ]);
    expect(fromOurs).toEqual(fromV2);
  });

  it("v2: server.registerPrompt(name, { argsSchema: z.object({ … }) }, cb)", async () => {
    const v2 = new V2Server({ name: "w", version: "1" });
    v2.registerPrompt(
      "outlook",
      { argsSchema: z.object({ city: z.string().describe("Where"), days: z.string().optional() }) },
      ({ city, days }) => ({ messages: [{ role: "user", content: { type: "text", text: `${city} ${days ?? "-"}` } }] }),
    );
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerPrompt(
      "outlook",
      { argsSchema: z.object({ city: z.string().describe("Where"), days: z.string().optional() }) },
      ({ city, days }) => {
        expectTypeOf(city).toEqualTypeOf<string>();
        expectTypeOf(days).toEqualTypeOf<string | undefined>();
        return { messages: [{ role: "user", content: { type: "text", text: `${city} ${days ?? "-"}` } }] };
      },
    );
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      (await client.listPrompts()).prompts,
      (await client.getPrompt({ name: "outlook", arguments: { city: "Oslo" } })).messages,
      await client.getPrompt({ name: "outlook", arguments: {} }).catch((error: { code: number }) => error.code),
    ]);
    expect(fromV2).toEqual([
      [
        {
          name: "outlook",
          arguments: [
            { name: "city", description: "Where", required: true },
            { name: "days", required: false },
          ],
        },
      ],
      [{ role: "user", content: { type: "text", text: "Oslo -" } }],
      -32602,
    ]);
    expect(fromOurs).toEqual(fromV2);
  });

  it("v2: server.registerResource(name, uri, meta, cb)", async () => {
    const v2 = new V2Server({ name: "w", version: "1" });
    v2.registerResource("readme", "docs://readme", { mimeType: "text/plain" }, async (uri) => ({
      contents: [{ uri: uri.href, text: "hello" }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerResource("readme", "docs://readme", { mimeType: "text/plain" }, async (uri) => ({
      contents: [{ uri: uri.href, text: "hello" }],
    }));
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      (await client.listResources()).resources,
      (await client.readResource({ uri: "docs://readme" })).contents,
    ]);
    expect(fromV2).toEqual([
      [{ name: "readme", uri: "docs://readme", mimeType: "text/plain" }],
      [{ uri: "docs://readme", text: "hello" }],
    ]);
    expect(fromOurs).toEqual(fromV2);
  });

  it("v2: tool.update({ … }), tool.enable(), tool.disable(), tool.remove()", async () => {
    const v2 = new V2Server({ name: "w", version: "1" });
    const ours = new McpServer({ name: "w", version: "1" });
    const v2Tool = v2.registerTool("t", { description: "old" }, async () => ({ content: [] }));
    const ourTool = ours.registerTool("t", { description: "old" }, async () => ({ content: [] }));
    const changes = [0, 0];
    const clients: Client[] = [];
    for (const [index, connect] of [
      (t: Transport) => v2.connect(t),
      (t: Transport) => ours.connect(t).then(() => undefined),
    ].entries()) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      client.onNotification("notifications/tools/list_changed", () => {
        changes[index] = (changes[index] ?? 0) + 1;
      });
      await client.connect(clientSide);
      clients.push(client);
    }
    const listing = async () =>
      Promise.all(clients.map(async (client) => (await client.listTools()).tools.map((tool) => tool.description)));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    v2Tool.update({ description: "new" });
    ourTool.update({ description: "new" });
    await settle();
    expect(await listing()).toEqual([["new"], ["new"]]);
    v2Tool.disable();
    ourTool.disable();
    await settle();
    expect(await listing()).toEqual([[], []]);
    v2Tool.enable();
    ourTool.enable();
    await settle();
    expect(await listing()).toEqual([["new"], ["new"]]);
    v2Tool.remove();
    ourTool.remove();
    await settle();
    expect(await listing()).toEqual([[], []]);
    expect(changes[0]).toBeGreaterThanOrEqual(4);
    expect(changes[1]).toBe(changes[0]);
  });

  it("v2: client.getServerVersion(), getServerCapabilities(), getInstructions()", async () => {
    const server = new McpServer({ name: "weather", version: "2.1.0" }, { instructions: "Ask about the weather." });
    server.registerTool("t", {}, () => ({ content: [] }));
    const v2 = new V2Client({ name: "c", version: "1" });
    const ours = new Client({ name: "c", version: "1" });
    const getters = (client: V2Client | Client) => [
      client.getServerVersion(),
      client.getServerCapabilities(),
      client.getInstructions(),
    ];
    expect(getters(v2)).toEqual([undefined, undefined, undefined]);
    expect(getters(ours)).toEqual(getters(v2));
    const [v2Side, v2ServerSide] = linkedPair();
    await server.connect(v2ServerSide);
    await v2.connect(v2Side);
    closers.push(() => v2.close());
    const [oursSide, oursServerSide] = linkedPair();
    await server.connect(oursServerSide);
    await ours.connect(oursSide);
    expect(getters(v2)).toMatchObject([
      { name: "weather", version: "2.1.0" },
      { tools: { listChanged: true } },
      "Ask about the weather.",
    ]);
    expect(getters(ours)).toEqual(getters(v2));
  });

  it("v2: client.listTools(), client.callTool({ name, arguments })", async () => {
    const server = new McpServer({ name: "w", version: "1" });
    server.registerTool("echo", { inputSchema: { text: z.string() } }, ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    const v2 = new V2Client({ name: "c", version: "1" });
    const ours = new Client({ name: "c", version: "1" });
    const [v2Side, v2ServerSide] = linkedPair();
    await server.connect(v2ServerSide);
    await v2.connect(v2Side);
    closers.push(() => v2.close());
    const [oursSide, oursServerSide] = linkedPair();
    await server.connect(oursServerSide);
    await ours.connect(oursSide);
    const fromV2 = [
      (await v2.listTools()).tools.map((tool) => tool.name),
      (await v2.callTool({ name: "echo", arguments: { text: "hi" } })).content,
    ];
    const fromOurs = [
      (await ours.listTools()).tools.map((tool) => tool.name),
      (await ours.callTool({ name: "echo", arguments: { text: "hi" } })).content,
    ];
    expect(fromV2).toEqual([["echo"], [{ type: "text", text: "hi" }]]);
    expect(fromOurs).toEqual(fromV2);
  });

  it('v2: client.setNotificationHandler("notifications/message", h)', async () => {
    const server = new McpServer({ name: "w", version: "1" });
    server.registerTool("say", {}, async (_args, ctx) => {
      await ctx.log("warning", "careful");
      return { content: [] };
    });
    const heard: unknown[][] = [[], []];
    const v2 = new V2Client({ name: "c", version: "1" });
    v2.setNotificationHandler("notifications/message", (notification) => {
      heard[0]?.push(notification.params);
    });
    const ours = new Client({ name: "c", version: "1" });
    ours.onNotification("notifications/message", (params) => {
      heard[1]?.push(params);
    });
    const [v2Side, v2ServerSide] = linkedPair();
    await server.connect(v2ServerSide);
    await v2.connect(v2Side);
    closers.push(() => v2.close());
    const [oursSide, oursServerSide] = linkedPair();
    await server.connect(oursServerSide);
    await ours.connect(oursSide);
    await v2.callTool({ name: "say" });
    await ours.callTool({ name: "say" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard[0]).toEqual([{ level: "warning", data: "careful" }]);
    expect(heard[1]).toEqual(heard[0]);
  });
});

describe("v2 rows whose names changed: both sides run against the same peer", () => {
  it("v2: fromJsonSchema<T>(schema)", async () => {
    const schema = {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    } as const;
    const v2 = new V2Server({ name: "w", version: "1" });
    v2.registerTool("add", { inputSchema: fromJsonSchema<{ a: number; b: number }>(schema) }, ({ a, b }) => ({
      content: [{ type: "text", text: String(a + b) }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerTool("add", { inputSchema: schema }, ({ a, b }) => {
      expectTypeOf(a).toEqualTypeOf<number>();
      return { content: [{ type: "text", text: String(a + b) }] };
    });
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      (await client.listToolsAll()).map(toolShape),
      textOf(await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })),
      (await client.callTool({ name: "add", arguments: { a: "2" } })).isError,
    ]);
    expect(fromV2).toEqual([
      [{ name: "add", description: undefined, properties: schema.properties, required: ["a", "b"] }],
      "5",
      true,
    ]);
    expect(fromOurs).toEqual(fromV2);
  });

  it("v2: ctx.mcpReq.log(…), notify(progress), requestSampling(…), elicitInput(…), send(roots/list), signal", async () => {
    const fromV2 = await driveAsks(async (transport) => {
      const server = new V2Server({ name: "w", version: "1" }, { capabilities: { logging: {} } });
      server.registerTool("asks", {}, async (ctx) => {
        await ctx.mcpReq.log("info", "starting");
        const token = ctx.mcpReq._meta?.progressToken;
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: "notifications/progress",
            params: { progressToken: token, progress: 1, total: 2, message: "half" },
          });
        }
        const sampled = await ctx.mcpReq.requestSampling({
          messages: [{ role: "user", content: { type: "text", text: "hi" } }],
          maxTokens: 10,
        });
        const elicited = await ctx.mcpReq.elicitInput({
          mode: "form",
          message: "Who?",
          requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
        });
        const roots = await ctx.mcpReq.send({ method: "roots/list" });
        const answers = { sampled: sampled.content, elicited: elicited.content, roots: roots.roots };
        return { content: [{ type: "text", text: JSON.stringify(answers) }] };
      });
      server.registerTool("waits", {}, (ctx) => untilAborted(ctx.mcpReq.signal, transport));
      await server.connect(transport);
    });
    const fromOurs = await driveAsks(async (transport) => {
      const server = new McpServer({ name: "w", version: "1" });
      server.registerTool("asks", {}, async (_args, ctx) => {
        await ctx.log("info", "starting");
        await ctx.reportProgress({ progress: 1, total: 2, message: "half" });
        const sampled = await ctx.createMessage({
          messages: [{ role: "user", content: { type: "text", text: "hi" } }],
          maxTokens: 10,
        });
        const elicited = await ctx.elicitForm({
          message: "Who?",
          requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
        });
        const roots = await ctx.listRoots();
        const answers = { sampled: sampled.content, elicited: elicited.content, roots: roots.roots };
        return { content: [{ type: "text", text: JSON.stringify(answers) }] };
      });
      server.registerTool("waits", {}, (_args, ctx) => untilAborted(ctx.signal, transport));
      await server.connect(transport);
    });
    expect(fromV2).toEqual({
      result: {
        sampled: { type: "text", text: "sampled: hi" },
        elicited: { name: "Ada" },
        roots: [{ uri: "file:///work", name: "work" }],
      },
      logs: [{ level: "info", data: "starting" }],
      progress: [{ progress: 1, total: 2, message: "half" }],
      aborted: true,
    });
    expect(fromOurs).toEqual(fromV2);
  });

  it("v2: server.registerResource(name, new ResourceTemplate(t, { list, complete }), meta, cb)", async () => {
    const v2 = new V2Server({ name: "w", version: "1" });
    v2.registerResource(
      "items",
      new V2ResourceTemplate("items://{id}", {
        list: async () => ({ resources: [{ uri: "items://1", name: "one" }] }),
        complete: { id: (value) => ["1", "2", "12"].filter((id) => id.startsWith(value)) },
      }),
      { description: "items" },
      async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `item ${id}` }] }),
    );
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerResourceTemplate(
      "items",
      "items://{id}",
      {
        description: "items",
        list: async () => [{ uri: "items://1", name: "one" }],
        complete: { id: (value) => ["1", "2", "12"].filter((id) => id.startsWith(value)) },
      },
      async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `item ${id}` }] }),
    );
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      // v2, like v1, also copies the template's metadata into each listed resource; typed-mcp lists them as given.
      (await client.listResources()).resources.map(({ uri, name }) => ({ uri, name })),
      (await client.listResourceTemplates()).resourceTemplates,
      (await client.readResource({ uri: "items://7" })).contents,
      (
        await client.complete({
          ref: { type: "ref/resource", uri: "items://{id}" },
          argument: { name: "id", value: "1" },
        })
      ).completion.values,
    ]);
    expect(fromV2).toEqual([
      [{ uri: "items://1", name: "one" }],
      [{ name: "items", uriTemplate: "items://{id}", description: "items" }],
      [{ uri: "items://7", text: "item 7" }],
      ["1", "12"],
    ]);
    expect(fromOurs).toEqual(fromV2);
  });

  it('v2: new Server(info, { capabilities }).setRequestHandler("tools/list", h)', async () => {
    const tools = [
      { name: "echo", inputSchema: { type: "object" as const, properties: { text: { type: "string" } } } },
    ];
    const v2 = new V2LowLevelServer({ name: "low", version: "1" }, { capabilities: { tools: {} } });
    v2.setRequestHandler("tools/list", async () => ({ tools }));
    v2.setRequestHandler("tools/call", async (request) => ({
      content: [{ type: "text", text: String(request.params.arguments?.text) }],
    }));
    const ours = new ServerRunner({ serverInfo: { name: "low", version: "1" }, capabilities: { tools: {} } })
      .setRequestHandler("tools/list", async () => ({ tools }))
      .setRequestHandler("tools/call", async (params) => ({
        content: [{ type: "text", text: String((params?.arguments as { text?: unknown } | undefined)?.text) }],
      }));
    const [fromV2, fromOurs] = await onBoth(v2, ours, async (client) => [
      client.getServerVersion(),
      await client.listToolsAll(),
      textOf(await client.callTool({ name: "echo", arguments: { text: "hello" } })),
    ]);
    expect(fromV2).toMatchObject([{ name: "low", version: "1" }, tools, "hello"]);
    expect(fromOurs).toEqual(fromV2);
  });

  it('v2: client.setRequestHandler("sampling/createMessage", h) with capabilities', async () => {
    const server = new McpServer({ name: "w", version: "1" });
    server.registerTool("asks", {}, async (_args, ctx) => {
      const sampled = await ctx.createMessage({
        messages: [{ role: "user", content: { type: "text", text: "hi" } }],
        maxTokens: 10,
      });
      const elicited = await ctx.elicitForm({
        message: "Who?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } } },
      });
      const roots = await ctx.listRoots();
      return { content: [{ type: "text", text: JSON.stringify([sampled.content, elicited, roots.roots]) }] };
    });

    const v2 = new V2Client(
      { name: "c", version: "1" },
      { capabilities: { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } } },
    );
    v2.setRequestHandler("sampling/createMessage", async (request) => ({
      role: "assistant",
      model: "m",
      content: { type: "text", text: `sampled: ${firstText(request.params.messages)}` },
    }));
    v2.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Ada" } }));
    v2.setRequestHandler("roots/list", async () => ({ roots: [{ uri: "file:///work" }] }));

    const ours = new Client({ name: "c", version: "1" })
      .onSampling((params) => ({
        role: "assistant",
        model: "m",
        content: { type: "text", text: `sampled: ${firstText(params.messages)}` },
      }))
      .onElicitation(() => ({ action: "accept", content: { name: "Ada" } }))
      .onRoots(() => [{ uri: "file:///work" }]);

    const [v2Side, v2ServerSide] = linkedPair();
    await server.connect(v2ServerSide);
    await v2.connect(v2Side);
    closers.push(() => v2.close());
    const [oursSide, oursServerSide] = linkedPair();
    await server.connect(oursServerSide);
    await ours.connect(oursSide);
    const fromV2 = textOf((await v2.callTool({ name: "asks" })) as { content: unknown[] });
    const fromOurs = textOf(await ours.callTool({ name: "asks" }));
    expect(JSON.parse(fromV2)).toEqual([
      { type: "text", text: "sampled: hi" },
      { action: "accept", content: { name: "Ada" } },
      [{ uri: "file:///work" }],
    ]);
    expect(fromOurs).toBe(fromV2);
  });

  it("v2: createMcpHandler(() => server) served on node:http", async () => {
    const build = <S extends V2Server | McpServer>(server: S): S => {
      (server as McpServer).registerTool("echo", { inputSchema: z.object({ text: z.string() }) }, ({ text }) => ({
        content: [{ type: "text", text }],
      }));
      return server;
    };
    const v2Handler = createMcpHandler(() => build(new V2Server({ name: "w", version: "1" })));
    const v2Listening = await listen(v2Handler.fetch, { port: 0, host: "127.0.0.1" });
    closers.push(
      () => v2Listening.close(),
      () => v2Handler.close(),
    );
    const ours = await serveOnLoopback(new StreamableHttpServer(build(new McpServer({ name: "w", version: "1" }))));
    closers.push(() => ours.close());
    const seen: unknown[] = [];
    for (const url of [v2Listening.url, ours.url]) {
      const client = new Client({ name: "c", version: "1" }, speaking("2026-07-28"));
      closers.push(() => client.close());
      await client.connect(new StreamableHttpClientTransport(url));
      seen.push([
        client.protocolVersion,
        client.getServerVersion(),
        (await client.listToolsAll()).map(toolShape),
        textOf(await client.callTool({ name: "echo", arguments: { text: "hi" } })),
      ]);
    }
    expect(seen[0]).toEqual([
      "2026-07-28",
      { name: "w", version: "1" },
      [{ name: "echo", description: undefined, properties: { text: { type: "string" } }, required: ["text"] }],
      "hi",
    ]);
    expect(seen[1]).toEqual(seen[0]);
  }, 30_000);

  it("v2: new StreamableHTTPClientTransport(url)", async () => {
    const server = new McpServer({ name: "w", version: "1" });
    server.registerTool("echo", { inputSchema: { text: z.string() } }, ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    const listening = await serveOnLoopback(new StreamableHttpServer(server));
    closers.push(() => listening.close());
    const v2 = new V2Client({ name: "c", version: "1" });
    await v2.connect(new V2HttpTransport(listening.url));
    closers.push(() => v2.close());
    const ours = new Client({ name: "c", version: "1" });
    await ours.connect(new StreamableHttpClientTransport(listening.url));
    closers.push(() => ours.close());
    const fromV2 = (await v2.callTool({ name: "echo", arguments: { text: "hi" } })).content;
    const fromOurs = (await ours.callTool({ name: "echo", arguments: { text: "hi" } })).content;
    expect(fromV2).toEqual([{ type: "text", text: "hi" }]);
    expect(fromOurs).toEqual(fromV2);
  }, 30_000);
});
