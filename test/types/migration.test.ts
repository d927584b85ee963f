/**
 * The migration table from the official SDK v1 (docs/migration.md, and the README's "Coming from
 * the official SDK"), row by row where the API maps one to one: v1's snippet
 * (`@modelcontextprotocol/sdk`) and typed-mcp's, both type-checked by tsc in npm test and run here;
 * where a row claims behaviour, both sides are driven by the same peer and must agree. Each test's
 * title is `v1: ` and the row's first cell (test/docs/migration-table.test.ts holds the table to it).
 * The v2 table is in migration-v2.test.ts.
 */
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server as V1LowLevelServer } from "@modelcontextprotocol/sdk/server/index.js";
import { ResourceTemplate as V1ResourceTemplate, McpServer as V1Server } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CallToolRequestSchema,
  CreateMessageRequestSchema,
  CreateMessageResultSchema,
  ElicitRequestSchema,
  ElicitResultSchema,
  ListRootsRequestSchema,
  ListRootsResultSchema,
  ListToolsRequestSchema,
  LoggingMessageNotificationSchema,
  SubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ServerRunner } from "../../src/entry/server.js";
import { Client, McpServer, type Transport } from "../../src/index.js";
import { closeAfterEach } from "../helpers/closers.js";
import {
  driveAsks as driveAsksClosedBy,
  firstText,
  linkedPair as linkedPairClosedBy,
  textOf,
  untilAborted,
} from "../helpers/migration-sides.js";

const closers = closeAfterEach();

const linkedPair = () => linkedPairClosedBy(closers);
const driveAsks = (connectServer: (transport: Transport) => Promise<void>) => driveAsksClosedBy(closers, connectServer);

describe("v1 rows that are the same code on both sides", () => {
  it("v1: new McpServer({ name, version })", async () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    v1.registerTool("t", { description: "d" }, async () => ({ content: [{ type: "text", text: "v" }] }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerTool("t", { description: "d" }, async () => ({ content: [{ type: "text", text: "v" }] }));
    const seen: unknown[] = [];
    for (const connect of [(t: Transport) => v1.connect(t), (t: Transport) => ours.connect(t).then(() => undefined)]) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      const tools = (await client.listToolsAll()).map(({ name, description, inputSchema }) => ({
        name,
        description,
        type: inputSchema.type,
      }));
      seen.push([client.getServerVersion(), tools, textOf(await client.callTool({ name: "t" }))]);
    }
    expect(seen[0]).toEqual([{ name: "w", version: "1" }, [{ name: "t", description: "d", type: "object" }], "v"]);
    expect(seen[1]).toEqual(seen[0]);
  });

  it("v1: server.registerTool(name, { inputSchema: { city: z.string() } }, cb)", async () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    v1.registerTool("forecast", { inputSchema: { city: z.string() } }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerTool("forecast", { inputSchema: { city: z.string() } }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    const seen: unknown[] = [];
    for (const connect of [(t: Transport) => v1.connect(t), (t: Transport) => ours.connect(t).then(() => undefined)]) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      const [tool] = await client.listToolsAll();
      seen.push([
        tool?.inputSchema.properties,
        tool?.inputSchema.required,
        textOf(await client.callTool({ name: "forecast", arguments: { city: "Oslo" } })),
        (await client.callTool({ name: "forecast", arguments: { city: 3 } })).isError,
      ]);
    }
    expect(seen[0]).toEqual([{ city: { type: "string" } }, ["city"], "Oslo", true]);
    expect(seen[1]).toEqual(seen[0]);
  });

  it("v1: server.registerPrompt(name, { argsSchema: { city: z.string() } }, cb)", async () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    v1.registerPrompt("outlook", { argsSchema: { city: z.string() } }, ({ city }) => ({
      messages: [{ role: "user", content: { type: "text", text: city } }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerPrompt("outlook", { argsSchema: { city: z.string() } }, ({ city }) => ({
      messages: [{ role: "user", content: { type: "text", text: city } }],
    }));
    const seen: unknown[] = [];
    for (const connect of [(t: Transport) => v1.connect(t), (t: Transport) => ours.connect(t).then(() => undefined)]) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      seen.push([
        (await client.listPrompts()).prompts,
        (await client.getPrompt({ name: "outlook", arguments: { city: "Oslo" } })).messages,
        await client.getPrompt({ name: "outlook", arguments: {} }).catch((error: { code: number }) => error.code),
      ]);
    }
    expect(seen[0]).toEqual([
      [{ name: "outlook", arguments: [{ name: "city", required: true }] }],
      [{ role: "user", content: { type: "text", text: "Oslo" } }],
      -32602,
    ]);
    expect(seen[1]).toEqual(seen[0]);
  });

  it("v1: tool.update({ … }), tool.enable(), tool.disable(), tool.remove()", async () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    const ours = new McpServer({ name: "w", version: "1" });
    const v1Tool = v1.registerTool("t", {}, async () => ({ content: [] }));
    const ourTool = ours.registerTool("t", {}, async () => ({ content: [] }));
    const seen: string[][] = [[], []];
    const clients: Client[] = [];
    for (const [index, connect] of [
      (t: Transport) => v1.connect(t),
      (t: Transport) => ours.connect(t).then(() => undefined),
    ].entries()) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      client.onNotification("notifications/tools/list_changed", () => void seen[index]?.push("list_changed"));
      await client.connect(clientSide);
      clients.push(client);
    }
    const listing = async () =>
      Promise.all(clients.map(async (client) => (await client.listTools()).tools.map((tool) => tool.description)));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    v1Tool.update({ description: "new" });
    ourTool.update({ description: "new" });
    await settle();
    expect(await listing()).toEqual([["new"], ["new"]]);
    v1Tool.disable();
    ourTool.disable();
    await settle();
    expect(await listing()).toEqual([[], []]);
    v1Tool.enable();
    ourTool.enable();
    await settle();
    expect(await listing()).toEqual([["new"], ["new"]]);
    v1Tool.remove();
    ourTool.remove();
    await settle();
    expect(await listing()).toEqual([[], []]);
    expect(seen[0]?.length).toBeGreaterThanOrEqual(4);
    expect(seen[1]).toEqual(seen[0]);
  });

  it("v1: client.getServerVersion(), getServerCapabilities(), getInstructions()", async () => {
    const server = new McpServer({ name: "weather", version: "2.1.0" }, { instructions: "Ask about the weather." });
    server.registerTool("t", {}, () => ({ content: [] }));
    const v1 = new V1Client({ name: "c", version: "1" });
    const ours = new Client({ name: "c", version: "1" });
    const getters = (client: V1Client | Client) => [
      client.getServerVersion(),
      client.getServerCapabilities(),
      client.getInstructions(),
    ];
    expect(getters(v1)).toEqual([undefined, undefined, undefined]);
    expect(getters(ours)).toEqual(getters(v1));
    const [v1Side, v1Server] = linkedPair();
    await server.connect(v1Server);
    await v1.connect(v1Side);
    closers.push(() => v1.close());
    const [oursSide, oursServer] = linkedPair();
    await server.connect(oursServer);
    await ours.connect(oursSide);
    expect(getters(v1)).toMatchObject([
      { name: "weather", version: "2.1.0" },
      { tools: { listChanged: true } },
      "Ask about the weather.",
    ]);
    expect(getters(ours)).toEqual(getters(v1));
  });

  it("v1: server.registerResource(name, new ResourceTemplate(t, { list, complete }), meta, cb)", async () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    v1.registerResource(
      "items",
      new V1ResourceTemplate("items://{id}", {
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
    const seen: unknown[] = [];
    for (const connect of [(t: Transport) => v1.connect(t), (t: Transport) => ours.connect(t).then(() => undefined)]) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      seen.push([
        // v1 also copies the template's metadata into each listed resource; typed-mcp lists them as given.
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
    }
    expect(seen[0]).toEqual([
      [{ uri: "items://1", name: "one" }],
      [{ name: "items", uriTemplate: "items://{id}", description: "items" }],
      [{ uri: "items://7", text: "item 7" }],
      ["1", "12"],
    ]);
    expect(seen[1]).toEqual(seen[0]);
  });

  it("v1: template.update({ metadata }), enable(), disable(), remove()", async () => {
    const read = async (uri: URL) => ({ contents: [{ uri: uri.href, text: "" }] });
    const v1 = new V1Server({ name: "w", version: "1" });
    const v1Template = v1.registerResource(
      "items",
      new V1ResourceTemplate("items://{id}", { list: undefined }),
      { description: "old" },
      read,
    );
    const ours = new McpServer({ name: "w", version: "1" });
    const ourTemplate = ours.registerResourceTemplate("items", "items://{id}", { description: "old" }, read);
    const clients: Client[] = [];
    for (const connect of [(t: Transport) => v1.connect(t), (t: Transport) => ours.connect(t).then(() => undefined)]) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      clients.push(client);
    }
    const listing = async () =>
      Promise.all(
        clients.map(async (client) =>
          (await client.listResourceTemplates()).resourceTemplates.map((template) => template.description),
        ),
      );
    v1Template.update({ metadata: { description: "new" } });
    ourTemplate.update({ description: "new" });
    expect(await listing()).toEqual([["new"], ["new"]]);
    v1Template.disable();
    ourTemplate.disable();
    // v1 1.32.2 ignores a template's disable(): it still lists it and reads through it. typed-mcp hides it
    // and refuses its reads, as v1 does for disabled tools, prompts and fixed resources.
    expect(await listing()).toEqual([["new"], []]);
    const reads = await Promise.all(
      clients.map((client) =>
        client.readResource({ uri: "items://1" }).then(
          () => "read",
          (error: { code: number }) => error.code,
        ),
      ),
    );
    expect(reads).toEqual(["read", -32002]);
    v1Template.enable();
    ourTemplate.enable();
    expect(await listing()).toEqual([["new"], ["new"]]);
    v1Template.remove();
    ourTemplate.remove();
    expect(await listing()).toEqual([[], []]);
  });

  it("v1: client.setNotificationHandler(LoggingMessageNotificationSchema, h)", async () => {
    const server = new McpServer({ name: "w", version: "1" });
    server.registerTool("say", {}, async (_args, ctx) => {
      await ctx.log("warning", "careful");
      return { content: [] };
    });
    const heard: unknown[][] = [[], []];
    const v1 = new V1Client({ name: "c", version: "1" });
    v1.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      heard[0]?.push(notification.params);
    });
    const ours = new Client({ name: "c", version: "1" });
    ours.onNotification("notifications/message", (params) => {
      heard[1]?.push(params);
    });
    const [v1Side, v1Server] = linkedPair();
    await server.connect(v1Server);
    await v1.connect(v1Side);
    closers.push(() => v1.close());
    const [oursSide, oursServer] = linkedPair();
    await server.connect(oursServer);
    await ours.connect(oursSide);
    await v1.callTool({ name: "say" });
    await ours.callTool({ name: "say" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard[0]).toEqual([{ level: "warning", data: "careful" }]);
    expect(heard[1]).toEqual(heard[0]);
  });
});

describe("v1 rows whose arguments changed", () => {
  it("v1: server.server.sendResourceUpdated({ uri })", async () => {
    const read = async (uri: URL) => ({ contents: [{ uri: uri.href, text: "t" }] });
    const v1 = new V1Server({ name: "w", version: "1" }, { capabilities: { resources: { subscribe: true } } });
    v1.registerResource("readme", "docs://readme", {}, read);
    // v1 leaves resources/subscribe to the program; typed-mcp tracks subscriptions itself.
    v1.server.setRequestHandler(SubscribeRequestSchema, async () => ({}));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerResource("readme", "docs://readme", {}, read);
    const heard: unknown[][] = [[], []];
    for (const [index, connect] of [
      (t: Transport) => v1.connect(t),
      (t: Transport) => ours.connect(t).then(() => undefined),
    ].entries()) {
      const [clientSide, serverSide] = linkedPair();
      await connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      client.onNotification("notifications/resources/updated", (params) => void heard[index]?.push(params));
      await client.connect(clientSide);
      await client.subscribeResource({ uri: "docs://readme" });
    }
    await v1.server.sendResourceUpdated({ uri: "docs://readme" });
    await ours.sendResourceUpdated("docs://readme");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard[0]).toEqual([{ uri: "docs://readme" }]);
    expect(heard[1]).toEqual(heard[0]);
  });
});

describe("v1 rows whose names changed: both sides run against the same peer", () => {
  it("v1: extra.sendNotification(…), extra.sendRequest(…), extra.signal", async () => {
    const v1 = await driveAsks(async (transport) => {
      const server = new V1Server({ name: "w", version: "1" }, { capabilities: { logging: {} } });
      server.registerTool("asks", {}, async (extra) => {
        await extra.sendNotification({ method: "notifications/message", params: { level: "info", data: "starting" } });
        const token = extra._meta?.progressToken;
        if (token !== undefined) {
          await extra.sendNotification({
            method: "notifications/progress",
            params: { progressToken: token, progress: 1, total: 2, message: "half" },
          });
        }
        const sampled = await extra.sendRequest(
          {
            method: "sampling/createMessage",
            params: { messages: [{ role: "user", content: { type: "text", text: "hi" } }], maxTokens: 10 },
          },
          CreateMessageResultSchema,
        );
        const elicited = await extra.sendRequest(
          {
            method: "elicitation/create",
            params: {
              message: "Who?",
              requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
            },
          },
          ElicitResultSchema,
        );
        const roots = await extra.sendRequest({ method: "roots/list" }, ListRootsResultSchema);
        const answers = { sampled: sampled.content, elicited: elicited.content, roots: roots.roots };
        return { content: [{ type: "text", text: JSON.stringify(answers) }] };
      });
      server.registerTool("waits", {}, (extra) => untilAborted(extra.signal, transport));
      await server.connect(transport);
    });
    const ours = await driveAsks(async (transport) => {
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
    expect(v1.result).toEqual({
      sampled: { type: "text", text: "sampled: hi" },
      elicited: { name: "Ada" },
      roots: [{ uri: "file:///work", name: "work" }],
    });
    expect(v1.logs).toEqual([{ level: "info", data: "starting" }]);
    expect(v1.progress).toEqual([{ progress: 1, total: 2, message: "half" }]);
    expect(v1.aborted).toBe(true);
    expect(ours).toEqual(v1);
  });

  it("v1: setRequestHandler(CreateMessageRequestSchema, …) on a Client", async () => {
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

    const v1 = new V1Client(
      { name: "c", version: "1" },
      { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } },
    );
    v1.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
      role: "assistant",
      model: "m",
      content: { type: "text", text: `sampled: ${firstText(request.params.messages)}` },
    }));
    v1.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
    v1.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///work" }] }));

    const ours = new Client({ name: "c", version: "1" })
      .onSampling((params) => ({
        role: "assistant",
        model: "m",
        content: { type: "text", text: `sampled: ${firstText(params.messages)}` },
      }))
      .onElicitation(() => ({ action: "accept", content: { name: "Ada" } }))
      .onRoots(() => [{ uri: "file:///work" }]);

    const [v1Side, v1Server] = linkedPair();
    await server.connect(v1Server);
    await v1.connect(v1Side);
    closers.push(() => v1.close());
    const [oursSide, oursServer] = linkedPair();
    await server.connect(oursServer);
    await ours.connect(oursSide);
    const fromV1 = textOf((await v1.callTool({ name: "asks" })) as { content: unknown[] });
    const fromOurs = textOf(await ours.callTool({ name: "asks" }));
    expect(JSON.parse(fromV1)).toEqual([
      { type: "text", text: "sampled: hi" },
      { action: "accept", content: { name: "Ada" } },
      [{ uri: "file:///work" }],
    ]);
    expect(fromOurs).toBe(fromV1);
  });

  it("v1: client.listTools() in a cursor loop", async () => {
    const server = new McpServer({ name: "w", version: "1" }, { pageSize: 2 });
    for (const name of ["a", "b", "c", "d", "e"]) server.registerTool(name, {}, () => ({ content: [] }));

    const v1 = new V1Client({ name: "c", version: "1" });
    const [v1Side, v1Server] = linkedPair();
    await server.connect(v1Server);
    await v1.connect(v1Side);
    closers.push(() => v1.close());
    const fromV1: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await v1.listTools(cursor === undefined ? {} : { cursor });
      fromV1.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);

    const ours = new Client({ name: "c", version: "1" });
    const [oursSide, oursServer] = linkedPair();
    await server.connect(oursServer);
    await ours.connect(oursSide);
    const fromOurs = (await ours.listToolsAll()).map((tool) => tool.name);

    expect(pages).toBe(3);
    expect(fromV1).toEqual(["a", "b", "c", "d", "e"]);
    expect(fromOurs).toEqual(fromV1);
  });

  it("v1: new Server(...) + setRequestHandler(Schema, …)", async () => {
    const tools = [
      { name: "echo", inputSchema: { type: "object" as const, properties: { text: { type: "string" } } } },
    ];

    const v1 = new V1LowLevelServer({ name: "low", version: "1" }, { capabilities: { tools: {} } });
    v1.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
    v1.setRequestHandler(CallToolRequestSchema, async (request) => ({
      content: [{ type: "text", text: String(request.params.arguments?.text) }],
    }));

    const ours = new ServerRunner({ serverInfo: { name: "low", version: "1" }, capabilities: { tools: {} } })
      .setRequestHandler("tools/list", async () => ({ tools }))
      .setRequestHandler("tools/call", async (params) => ({
        content: [{ type: "text", text: String((params?.arguments as { text?: unknown } | undefined)?.text) }],
      }));

    const seen: unknown[] = [];
    for (const connectServer of [
      (transport: Transport) => v1.connect(transport),
      (transport: Transport) => ours.connect(transport).then(() => undefined),
    ]) {
      const [clientSide, serverSide] = linkedPair();
      await connectServer(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      seen.push({
        server: client.getServerVersion(),
        tools: await client.listToolsAll(),
        echoed: textOf(await client.callTool({ name: "echo", arguments: { text: "hello" } })),
      });
    }
    expect(seen[0]).toMatchObject({ server: { name: "low" }, tools, echoed: "hello" });
    expect(seen[1]).toEqual(seen[0]);
  });
});
