import { describe, expect, it, vi } from "vitest";
import type { JsonRpcMessage } from "../../../src/entry/jsonrpc.js";
import { Client, InMemoryTransport, McpServer, SchemaViolationError } from "../../../src/index.js";

async function connected(server: McpServer, client = new Client({ name: "c", version: "1" })) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return client;
}

/** A hand-written server that answers initialize and then whatever `answer` says: to test what a lying or newer server sends. */
async function rawServer(answer: (method: string) => Record<string, unknown>) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serverSide.onmessage = (message: JsonRpcMessage) => {
    if (!("id" in message) || !("method" in message)) return;
    const result =
      message.method === "initialize"
        ? { protocolVersion: "2025-11-25", capabilities: { tools: {} }, serverInfo: { name: "raw", version: "1" } }
        : answer(message.method);
    serverSide.send({ jsonrpc: "2.0", id: message.id, result }).catch(() => {});
  };
  await serverSide.start();
  const client = new Client({ name: "c", version: "1" });
  await client.connect(clientSide);
  return client;
}

describe("Client", () => {
  it("walks every page with *All helpers and caches until list_changed", async () => {
    const server = new McpServer({ name: "s", version: "1" }, { pageSize: 2 });
    for (let i = 0; i < 5; i++) server.registerTool(`t${i}`, {}, () => ({ content: [] }));
    const client = await connected(
      server,
      new Client({ name: "c", version: "1" }, { refreshOnListChanged: true, listChangedDebounceMs: 5 }),
    );
    const list = vi.spyOn(client, "listTools");
    expect((await client.listToolsAll()).map((t) => t.name)).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    expect(list).toHaveBeenCalledTimes(3);
    await client.listToolsAll();
    expect(list).toHaveBeenCalledTimes(3);
    server.registerTool("t5", {}, () => ({ content: [] }));
    server.registerTool("t6", {}, () => ({ content: [] }));
    // One debounced refresh of all pages (4 of them now).
    await vi.waitFor(() => expect(list).toHaveBeenCalledTimes(7));
    expect((await client.listToolsAll()).map((t) => t.name)).toHaveLength(7);
    expect(list).toHaveBeenCalledTimes(7);
  });

  it("checks structuredContent against the tool's outputSchema, compiled once per schema", async () => {
    const client = await rawServer((method) =>
      method === "tools/list"
        ? {
            tools: [
              {
                name: "liar",
                inputSchema: { type: "object" },
                outputSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
              },
            ],
          }
        : { content: [], structuredContent: { n: "not a number" } },
    );
    // Without a listing the client cannot know the schema: the result is taken as it is.
    await expect(client.callTool({ name: "liar" })).resolves.toMatchObject({
      structuredContent: { n: "not a number" },
    });
    await client.listTools();
    await expect(client.callTool({ name: "liar" })).rejects.toBeInstanceOf(SchemaViolationError);
  });

  it("keeps content blocks of unknown types instead of failing the whole result", async () => {
    const client = await rawServer(() => ({
      content: [
        { type: "text", text: "hi" },
        { type: "hologram", frames: 3 },
      ],
    }));
    const result = await client.callTool({ name: "x" });
    expect(result.content).toEqual([
      { type: "text", text: "hi" },
      { type: "hologram", frames: 3 },
    ]);
  });

  it("still refuses a malformed known block", async () => {
    const client = await rawServer(() => ({ content: [{ type: "text" }] }));
    await expect(client.callTool({ name: "x" })).rejects.toBeInstanceOf(SchemaViolationError);
  });

  it("answers sampling, elicitation (filling form defaults when asked) and roots", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool("ask", {}, async (_args, context) => {
      const sample = await context.createMessage({
        messages: [{ role: "user", content: { type: "text", text: "?" } }],
        maxTokens: 1,
      });
      const form = await context.elicitForm({
        message: "Settings?",
        requestedSchema: {
          type: "object",
          properties: { name: { type: "string" }, color: { type: "string", default: "blue" } },
        },
      });
      const roots = await context.listRoots();
      return {
        content: [
          { type: "text", text: JSON.stringify({ model: sample.model, form: form.content, roots: roots.roots }) },
        ],
      };
    });
    const client = new Client({ name: "c", version: "1" })
      .onSampling(() => ({ role: "assistant", content: { type: "text", text: "" }, model: "m" }))
      .onElicitation(() => ({ action: "accept", content: { name: "Ada" } }), { applyDefaults: true })
      .onRoots(() => [{ uri: "file:///home" }]);
    await connected(server, client);
    const result = await client.callTool({ name: "ask" });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({
      model: "m",
      form: { name: "Ada", color: "blue" },
      roots: [{ uri: "file:///home" }],
    });
  });
});
