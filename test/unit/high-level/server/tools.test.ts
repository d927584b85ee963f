import { describe, expect, it, vi } from "vitest";
import { ClientSession } from "../../../../src/entry/client.js";
import { InMemoryTransport, McpServer, type ToolHandler } from "../../../../src/index.js";
import { connectSession } from "../../../helpers/in-memory-session.js";

const connect = connectSession;

const weatherSchema = {
  type: "object",
  properties: { city: { type: "string", minLength: 1 }, days: { type: "integer", minimum: 1, maximum: 7 } },
  required: ["city"],
} as const;

const forecastSchema = {
  type: "object",
  properties: { city: { type: "string" }, temperatures: { type: "array", items: { type: "number" } } },
  required: ["city", "temperatures"],
} as const;

function weatherServer(options = {}) {
  const server = new McpServer({ name: "weather", version: "1.0.0" }, options);
  server.registerTool(
    "forecast",
    { title: "Forecast", description: "Daily temperatures", inputSchema: weatherSchema, outputSchema: forecastSchema },
    ({ city, days }) => {
      const temperatures = Array.from({ length: days ?? 3 }, (_, i) => 20 + i + 0.5);
      return { content: [], structuredContent: { city, temperatures } };
    },
  );
  server.registerTool("broken", { outputSchema: forecastSchema }, () => ({
    content: [],
    structuredContent: { city: 42 } as never,
  }));
  return server;
}

describe("McpServer tools", () => {
  it("lists tools with their schemas and calls them with validated arguments", async () => {
    const client = await connect(weatherServer());
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["forecast", "broken"]);
    expect(tools[0]).toMatchObject({ title: "Forecast", inputSchema: weatherSchema, outputSchema: forecastSchema });
    const result = await client.callTool({ name: "forecast", arguments: { city: "Oslo", days: 2 } });
    expect(result.structuredContent).toEqual({ city: "Oslo", temperatures: [20.5, 21.5] });
  });

  it.each(["2024-11-05", "2025-03-26", "2025-06-18"] as const)(
    "refuses bad arguments with -32602 and every failing path, before the handler runs (%s)",
    async (version) => {
      const client = await connect(weatherServer(), version);
      const error = await client
        .callTool({ name: "forecast", arguments: { city: "", days: 9 } })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: -32602,
        data: { tool: "forecast", issues: [{ path: "/city" }, { path: "/days" }] },
      });
      await expect(client.callTool({ name: "nope" })).rejects.toMatchObject({ code: -32602 });
    },
  );

  it.each(["2025-11-25", "2026-07-28"] as const)(
    "answers bad arguments with an isError result a model can act on, before the handler runs (%s)",
    async (version) => {
      const handler = vi.fn(() => ({ content: [] }));
      const server = weatherServer();
      server.registerTool(
        "order",
        {
          inputSchema: {
            type: "object",
            properties: {
              items: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
            },
            required: ["items"],
          },
        } as const,
        handler,
      );
      const client = await connect(server, version);
      const result = await client.callTool({ name: "forecast", arguments: { city: "", days: 9 } });
      expect(result).toMatchObject({
        isError: true,
        content: [
          {
            type: "text",
            text: [
              'Invalid arguments for tool "forecast":',
              '- Argument "city" must have at least 1 character.',
              '- Argument "days" must be at most 7.',
              "Fix these and call the tool again.",
            ].join("\n"),
          },
        ],
      });
      const nested = await client.callTool({ name: "order", arguments: { items: [{ sku: 5 }] } });
      expect(nested.isError).toBe(true);
      expect((nested.content[0] as { text: string }).text).toContain('- Argument "items[0].sku" must be a string.');
      const missing = await client.callTool({ name: "order", arguments: {} });
      expect((missing.content[0] as { text: string }).text).toContain('- Argument "items" is required.');
      expect(handler).not.toHaveBeenCalled();
      // An unknown tool is still a protocol error.
      await expect(client.callTool({ name: "nope" })).rejects.toMatchObject({ code: -32602 });
    },
  );

  it("checks structured content against the outputSchema", async () => {
    const client = await connect(weatherServer());
    await expect(client.callTool({ name: "broken" })).rejects.toMatchObject({
      code: -32603,
      data: {
        issues: expect.arrayContaining([
          expect.objectContaining({ path: "/city" }),
          expect.objectContaining({ path: "/temperatures" }),
        ]),
      },
    });
  });

  it("mirrors structured content as text for versions before 2025-06-18", async () => {
    const client = await connect(weatherServer(), "2025-03-26");
    const result = await client.callTool({ name: "forecast", arguments: { city: "Rome", days: 1 } });
    expect(result).toEqual({ content: [{ type: "text", text: '{"city":"Rome","temperatures":[20.5]}' }] });
    const { tools } = await client.listTools();
    expect(tools[0]).not.toHaveProperty("outputSchema");
    expect(tools[0]).not.toHaveProperty("title");
  });

  it("paginates tools/list with opaque cursors and refuses made-up ones", async () => {
    const server = new McpServer({ name: "many", version: "1" }, { pageSize: 2 });
    for (let i = 0; i < 5; i++) server.registerTool(`t${i}`, {}, () => ({ content: [] }));
    const client = await connect(server);
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listTools(cursor === undefined ? undefined : { cursor });
      names.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(names).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    expect(pages).toBe(3);
    await expect(client.listTools({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: -32602 });
    const forged = Buffer.from(JSON.stringify({ l: "tools", o: 99 })).toString("base64url");
    await expect(client.listTools({ cursor: forged })).rejects.toMatchObject({ code: -32602 });
  });

  it("sends one list_changed per tick of changes, and honours enable/disable/remove", async () => {
    const server = new McpServer({ name: "dyn", version: "1" });
    const first = server.registerTool("a", {}, () => ({ content: [] }));
    const client = await connect(server);
    let changes = 0;
    client.onNotification("notifications/tools/list_changed", () => {
      changes++;
    });
    server.registerTool("b", {}, () => ({ content: [] }));
    server.registerTool("c", {}, () => ({ content: [] }));
    first.disable();
    await vi.waitFor(() => expect(changes).toBe(1));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["b", "c"]);
    await expect(client.callTool({ name: "a" })).rejects.toMatchObject({ code: -32602 });
    first.enable();
    await vi.waitFor(() => expect(changes).toBe(2));
    first.remove();
    await vi.waitFor(() => expect(changes).toBe(3));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["b", "c"]);
    expect(() => server.registerTool("b", {}, () => ({ content: [] }))).toThrow(/already registered/);
  });

  const viaContext: ToolHandler<undefined, undefined> = async (_args, context) => {
    await context.reportProgress(1, 2);
    await context.log("info", "halfway");
    const answer = await context.createMessage({
      messages: [{ role: "user", content: { type: "text", text: "?" } }],
      maxTokens: 1,
    });
    return { content: [{ type: "text", text: answer.model }] };
  };
  // The members taken off the context, as handlers written for the official SDK often do.
  const destructured: ToolHandler<undefined, undefined> = async (
    _args,
    { reportProgress, log, createMessage, session, signal },
  ) => {
    expect(session.dispatch).toBeDefined();
    expect(signal.aborted).toBe(false);
    await reportProgress({ progress: 1, total: 2 });
    await log("info", "halfway");
    const answer = await createMessage({
      messages: [{ role: "user", content: { type: "text", text: "?" } }],
      maxTokens: 1,
    });
    return { content: [{ type: "text", text: answer.model }] };
  };

  it.each([
    ["read from the context", viaContext],
    ["taken off the context", destructured],
  ])(
    "gives handlers a request-scoped context: logs, progress, sampling travel with the request (%s)",
    async (_how, handler) => {
      const server = new McpServer({ name: "ctx", version: "1" });
      server.registerTool("work", {}, handler);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const connected = await server.connect(serverSide);
      const related: Array<[string, unknown]> = [];
      const send = connected.dispatcher.transport.send.bind(connected.dispatcher.transport);
      connected.dispatcher.transport.send = (message, options) => {
        if ("method" in message) related.push([message.method, options?.relatedRequestId]);
        return send(message, options);
      };
      const client = new ClientSession(clientSide, {
        clientInfo: { name: "c", version: "1" },
        capabilities: { sampling: {} },
      });
      client.setRequestHandler("sampling/createMessage", () => ({
        role: "assistant",
        content: { type: "text", text: "" },
        model: "m1",
      }));
      await client.connect();
      const progress: unknown[] = [];
      const result = await client.callTool({ name: "work" }, { onProgress: (p) => progress.push(p) });
      expect(result.content).toEqual([{ type: "text", text: "m1" }]);
      expect(progress).toEqual([{ progress: 1, total: 2 }]);
      const requestId = related.find(([method]) => method === "notifications/progress")?.[1];
      expect(requestId).toBeDefined();
      expect(related).toEqual([
        ["notifications/progress", requestId],
        ["notifications/message", requestId],
        ["sampling/createMessage", requestId],
      ]);
    },
  );
});
