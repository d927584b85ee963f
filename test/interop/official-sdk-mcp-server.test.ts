/** The official SDK's Client against our McpServer (in memory), for each handshake version. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport as OfficialInMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it, vi } from "vitest";
import { McpServer, type ProtocolVersion, STATEFUL_PROTOCOL_VERSIONS } from "../../src/index.js";

function server(version: ProtocolVersion) {
  // Pinned: the official Client always asks for its newest version.
  const mcp = new McpServer({ name: "high-level", version: "1" }, { pageSize: 2, protocolVersions: [version] });
  for (const name of ["a", "b", "c"]) {
    mcp.registerTool(
      name,
      {
        title: `Tool ${name}`,
        inputSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
        outputSchema: { type: "object", properties: { doubled: { type: "number" } }, required: ["doubled"] },
      },
      ({ n }) => ({ content: [], structuredContent: { doubled: n * 2 } }),
    );
  }
  mcp.registerResource("readme", "file:///readme", { mimeType: "text/plain" }, (uri) => ({
    contents: [{ uri: uri.href, text: "hello" }],
  }));
  mcp.registerResourceTemplate(
    "item",
    "items://{id}",
    { complete: { id: (v) => ["1", "2"].filter((x) => x.startsWith(v)) } },
    (uri, vars) => ({
      contents: [{ uri: uri.href, text: `item ${vars.id}` }],
    }),
  );
  mcp.registerPrompt("greet", { arguments: { name: { required: true } } }, (args) => ({
    messages: [{ role: "user", content: { type: "text", text: `Hello ${args.name}` } }],
  }));
  return mcp;
}

const structured = (version: ProtocolVersion) => version >= "2025-06-18";
/** The tools page, from 2025-11-25 on: invalid arguments are a tool execution error, not -32602. */
const argumentErrorsAreResults = (version: ProtocolVersion) => version >= "2025-11-25";

describe.each(STATEFUL_PROTOCOL_VERSIONS)("official Client -> McpServer, %s", (version) => {
  it("walks tools (paginated), resources, templates, prompts, completions and subscriptions", async () => {
    const mcp = server(version);
    const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const client = new Client({ name: "official", version: "1" });
    await client.connect(clientSide);
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: { subscribe: true }, prompts: {} });
    const page1 = await client.listTools();
    expect(page1.tools.map((t) => t.name)).toEqual(["a", "b"]);
    const page2 = await client.listTools({ cursor: page1.nextCursor as string });
    expect(page2.tools.map((t) => t.name)).toEqual(["c"]);
    const called = await client.callTool({ name: "b", arguments: { n: 21 } });
    if (structured(version)) {
      expect(called.structuredContent).toEqual({ doubled: 42 });
      expect(page1.tools[0]?.outputSchema).toBeDefined();
    } else {
      // No structuredContent before 2025-06-18: mirrored as text, and the schema is not sent.
      expect(called).toEqual({ content: [{ type: "text", text: '{"doubled":42}' }] });
      expect(page1.tools[0]).not.toHaveProperty("outputSchema");
    }
    const badArguments = client.callTool({ name: "b", arguments: { n: "x" } });
    if (argumentErrorsAreResults(version)) {
      // SEP-1303 (2025-11-25 on): a tool execution error the model reads, naming the argument.
      const refused = await badArguments;
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain('Argument \\"n\\" must be a number');
    } else {
      await expect(badArguments).rejects.toThrow(/-32602|arguments of b/);
    }
    expect((await client.readResource({ uri: "file:///readme" })).contents[0]).toMatchObject({ text: "hello" });
    expect((await client.readResource({ uri: "items://7" })).contents[0]).toMatchObject({ text: "item 7" });
    expect((await client.listResourceTemplates()).resourceTemplates[0]?.uriTemplate).toBe("items://{id}");
    expect((await client.getPrompt({ name: "greet", arguments: { name: "Ada" } })).messages[0]?.content).toEqual({
      type: "text",
      text: "Hello Ada",
    });
    const completion = await client.complete({
      ref: { type: "ref/resource", uri: "items://{id}" },
      argument: { name: "id", value: "" },
    });
    expect(completion.completion.values).toEqual(["1", "2"]);
    const updates: string[] = [];
    client.fallbackNotificationHandler = async (n) => {
      if (n.method === "notifications/resources/updated") updates.push(String(n.params?.uri));
    };
    await client.subscribeResource({ uri: "file:///readme" });
    await mcp.sendResourceUpdated("file:///readme");
    await vi.waitFor(() => expect(updates).toEqual(["file:///readme"]));
    await client.close();
  });
});
