/** The official SDK's names, as typed-mcp offers them: each one used as the official SDK's users write it. */
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { Client, InMemoryTransport, McpServer } from "../../../src/index.js";

async function connected(server: McpServer, client = new Client({ name: "c", version: "1" })) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return client;
}

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe("the official SDK's vocabulary", () => {
  it("reportProgress({ progress, total, message }) beside the positional form", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool("work", {}, async (_args, ctx) => {
      await ctx.reportProgress({ progress: 1, total: 3, message: "one" });
      await ctx.reportProgress(2, 3);
      return { content: [] };
    });
    const client = await connected(server);
    const progress: unknown[] = [];
    await client.callTool({ name: "work" }, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { progress: 1, total: 3, message: "one" },
      { progress: 2, total: 3 },
    ]);
  });

  it("Client getters: getServerVersion, getServerCapabilities, getInstructions", async () => {
    const server = new McpServer({ name: "weather", version: "2.1.0" }, { instructions: "Ask about the weather." });
    server.registerTool("t", {}, () => ({ content: [] }));
    const client = new Client({ name: "c", version: "1" });
    expect(client.getServerVersion()).toBeUndefined();
    await connected(server, client);
    expect(client.getServerVersion()).toMatchObject({ name: "weather", version: "2.1.0" });
    expect(client.getServerCapabilities()?.tools).toEqual({ listChanged: true });
    expect(client.getInstructions()).toBe("Ask about the weather.");
  });

  it("typed notification handlers set before connect(), removable", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool("say", {}, async (_args, ctx) => {
      await ctx.log("warning", "careful");
      return { content: [] };
    });
    const client = new Client({ name: "c", version: "1" });
    const heard: string[] = [];
    const removed: string[] = [];
    client.onNotification("notifications/message", (params) => {
      expectTypeOf(params.level).toEqualTypeOf<
        "debug" | "info" | "notice" | "warning" | "error" | "critical" | "alert" | "emergency"
      >();
      heard.push(`${params.level}: ${String(params.data)}`);
    });
    const remove = client.onNotification("notifications/message", () => void removed.push("heard"));
    remove();
    await connected(server, client);
    await client.setLoggingLevel("debug");
    await client.callTool({ name: "say" });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heard).toEqual(["warning: careful"]);
    expect(removed).toEqual([]);
  });

  it("update() on a registered tool changes its definition and handler, with list_changed", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    const tool = server.registerTool(
      "greet",
      { description: "old", inputSchema: { name: z.string() } },
      ({ name }) => ({
        content: [{ type: "text", text: `hi ${name}` }],
      }),
    );
    const client = await connected(server);
    let changes = 0;
    client.onNotification("notifications/tools/list_changed", () => void changes++);
    tool.update({
      description: "new",
      inputSchema: { name: z.string(), loud: z.boolean().optional() },
      callback: (({ name, loud }: { name: string; loud?: boolean }) => ({
        content: [{ type: "text", text: loud ? `HI ${name.toUpperCase()}` : `hi ${name}` }],
      })) as never,
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changes).toBe(1);
    const [listed] = (await client.listTools()).tools;
    expect(listed).toMatchObject({ description: "new", inputSchema: { properties: { loud: { type: "boolean" } } } });
    expect(text(await client.callTool({ name: "greet", arguments: { name: "ada", loud: true } }))).toBe("HI ADA");
    expect(() => tool.update({ inputSchema: { type: "string" } })).toThrow(
      /tool "greet": its inputSchema must describe an object/,
    );
    tool.update({ enabled: false });
    await expect(client.callTool({ name: "greet", arguments: { name: "x" } })).rejects.toMatchObject({ code: -32602 });
  });

  it("prompts take argsSchema as a raw shape of Standard Schemas", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    server.registerPrompt(
      "outlook",
      { argsSchema: { city: z.string().describe("Where"), days: z.coerce.number().int().optional() } },
      ({ city, days }) => {
        expectTypeOf(city).toEqualTypeOf<string>();
        expectTypeOf(days).toEqualTypeOf<number | undefined>();
        return { messages: [{ role: "user", content: { type: "text", text: `${city} for ${days ?? 1} days` } }] };
      },
    );
    const client = await connected(server);
    expect((await client.listPrompts()).prompts[0]?.arguments).toEqual([
      { name: "city", required: true, description: "Where" },
      { name: "days", required: false },
    ]);
    const got = await client.getPrompt({ name: "outlook", arguments: { city: "Oslo", days: "3" } });
    expect(got.messages[0]?.content).toEqual({ type: "text", text: "Oslo for 3 days" });
    await expect(client.getPrompt({ name: "outlook", arguments: { days: "x" } })).rejects.toMatchObject({
      code: -32602,
      data: { issues: [{ path: "/arguments/city" }, { path: "/arguments/days" }] },
    });
  });

  it("prompts take argsSchema as one Standard Schema of an object (v2's form); anything else is refused naming the prompt", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    server.registerPrompt(
      "outlook",
      { argsSchema: z.object({ city: z.string().min(1).describe("Where"), days: z.string().optional() }) },
      ({ city, days }) => {
        expectTypeOf(city).toEqualTypeOf<string>();
        expectTypeOf(days).toEqualTypeOf<string | undefined>();
        return { messages: [{ role: "user", content: { type: "text", text: `${city} ${days ?? "-"}` } }] };
      },
    );
    const client = await connected(server);
    expect((await client.listPrompts()).prompts[0]?.arguments).toEqual([
      { name: "city", required: true, description: "Where" },
      { name: "days", required: false },
    ]);
    const got = await client.getPrompt({ name: "outlook", arguments: { city: "Oslo" } });
    expect(got.messages[0]?.content).toEqual({ type: "text", text: "Oslo -" });
    await expect(client.getPrompt({ name: "outlook", arguments: { city: "" } })).rejects.toMatchObject({
      code: -32602,
      data: { issues: [{ path: "/arguments/city" }] },
    });
    expect(() => server.registerPrompt("scalar", { argsSchema: z.string() }, () => ({ messages: [] }))).toThrow(
      /prompt "scalar": its argsSchema must describe an object with properties/,
    );
    expect(() =>
      server.registerPrompt("plain", { argsSchema: { type: "object" } as never }, () => ({ messages: [] })),
    ).toThrow(/prompt "plain": its argsSchema must hold one Standard Schema per argument, or be one Standard Schema/);
  });

  it("elicitation forms from a Standard Schema: the client sees JSON Schema, the handler a parsed, typed answer", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool("signup", {}, async (_args, ctx) => {
      const answer = await ctx.elicitForm({
        message: "Who?",
        requestedSchema: z.object({ name: z.string().min(1), age: z.number().int().optional() }),
      });
      expectTypeOf(answer.content).toEqualTypeOf<{ name: string; age?: number | undefined } | undefined>();
      return { content: [{ type: "text", text: `${answer.content?.name}:${answer.content?.age ?? "?"}` }] };
    });
    const asked: unknown[] = [];
    let reply: Record<string, unknown> = { name: "Ada", age: 36 };
    const client = new Client({ name: "c", version: "1" }).onElicitation((params) => {
      asked.push("requestedSchema" in params ? params.requestedSchema : undefined);
      return { action: "accept", content: reply as never };
    });
    await connected(server, client);
    expect(text(await client.callTool({ name: "signup" }))).toBe("Ada:36");
    expect(asked[0]).toMatchObject({
      type: "object",
      properties: { name: { type: "string", minLength: 1 } },
      required: ["name"],
    });
    reply = { name: "" };
    await expect(client.callTool({ name: "signup" })).rejects.toMatchObject({ code: -32602 });
  });

  it("update() on a registered prompt and resource, with list_changed", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    const prompt = server.registerPrompt("p", { description: "old" }, () => ({ messages: [] }));
    const resource = server.registerResource("readme", "file:///README.md", { mimeType: "text/plain" }, (uri) => ({
      contents: [{ uri: uri.href, text: "old" }],
    }));
    const client = await connected(server);
    const heard: string[] = [];
    client.onNotification("notifications/prompts/list_changed", () => void heard.push("prompts"));
    client.onNotification("notifications/resources/list_changed", () => void heard.push("resources"));
    prompt.update({ description: "new", argsSchema: { city: z.string() } });
    resource.update({ title: "Read me", callback: (uri) => ({ contents: [{ uri: uri.href, text: "new" }] }) });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heard.sort()).toEqual(["prompts", "resources"]);
    expect((await client.listPrompts()).prompts[0]).toMatchObject({
      description: "new",
      arguments: [{ name: "city" }],
    });
    expect((await client.listResources()).resources[0]).toMatchObject({ title: "Read me", name: "readme" });
    const read = await client.readResource({ uri: "file:///README.md" });
    expect(read.contents[0]).toMatchObject({ text: "new" });
    expect(() => prompt.update({ argsSchema: { city: "string" } as never })).toThrow(/prompt "p": its argsSchema/);
  });

  it("update() on a registered resource template: its URI template, metadata and reader, with list_changed", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    const template = server.registerResourceTemplate(
      "items",
      "items://{id}",
      { description: "old" },
      (uri, { id }) => ({ contents: [{ uri: uri.href, text: `old ${String(id)}` }] }),
    );
    const client = await connected(server);
    const heard: string[] = [];
    client.onNotification("notifications/resources/list_changed", () => void heard.push("resources"));
    template.update({
      uriTemplate: "things://{id}",
      description: "new",
      callback: (uri, { id }) => ({ contents: [{ uri: uri.href, text: `new ${String(id)}` }] }),
    });
    await expect.poll(() => heard).toEqual(["resources"]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([
      { name: "items", uriTemplate: "things://{id}", description: "new" },
    ]);
    expect((await client.readResource({ uri: "things://7" })).contents[0]).toMatchObject({ text: "new 7" });
    await expect(client.readResource({ uri: "items://7" })).rejects.toMatchObject({ code: -32002 });
    template.update({ enabled: false });
    await expect.poll(() => heard).toEqual(["resources", "resources"]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
  });

  it("enable, disable, remove and update exist on tools, resources, templates and prompts, each sending list_changed", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    const items = {
      tools: server.registerTool("t", {}, () => ({ content: [] })),
      resources: server.registerResource("r", "file:///r", {}, (uri) => ({ contents: [{ uri: uri.href, text: "" }] })),
      templates: server.registerResourceTemplate("tpl", "tpl://{x}", {}, (uri) => ({
        contents: [{ uri: uri.href, text: "" }],
      })),
      prompts: server.registerPrompt("p", {}, () => ({ messages: [] })),
    };
    const client = await connected(server);
    const counts = { tools: 0, resources: 0, prompts: 0 };
    for (const list of ["tools", "resources", "prompts"] as const) {
      client.onNotification(`notifications/${list}/list_changed`, () => void counts[list]++);
    }
    const listed = async () => ({
      tools: (await client.listTools()).tools.length,
      resources: (await client.listResources()).resources.length,
      templates: (await client.listResourceTemplates()).resourceTemplates.length,
      prompts: (await client.listPrompts()).prompts.length,
    });
    expect(await listed()).toEqual({ tools: 1, resources: 1, templates: 1, prompts: 1 });
    for (const [kind, item] of Object.entries(items) as Array<
      [keyof typeof items, (typeof items)[keyof typeof items]]
    >) {
      const list = kind === "templates" ? "resources" : kind;
      const before = counts[list];
      item.disable();
      expect((await listed())[kind]).toBe(0);
      item.enable();
      expect((await listed())[kind]).toBe(1);
      item.update({ description: `updated ${kind}` } as never);
      item.remove();
      expect((await listed())[kind]).toBe(0);
      await expect.poll(() => counts[list] - before).toBeGreaterThanOrEqual(1);
    }
  });
});
