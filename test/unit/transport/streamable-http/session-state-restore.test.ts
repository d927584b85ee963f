/**
 * A session restored from the session store (another replica, or a restarted server) keeps the
 * state the client set up: its log level and its resource subscriptions, with any store (here a
 * plain Map that has neither `change` nor `touch`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { McpServer, type SessionRecord, type SessionStore, StreamableHttpServer } from "../../../../src/index.js";
import { mcpPost } from "../../../helpers/http.js";

class MapSessionStore implements SessionStore {
  readonly records = new Map<string, SessionRecord>();
  async save(id: string, record: SessionRecord): Promise<void> {
    this.records.set(id, structuredClone(record));
  }
  async load(id: string): Promise<SessionRecord | undefined> {
    return structuredClone(this.records.get(id));
  }
  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }
}

function replica(store: SessionStore): { mcp: McpServer; http: StreamableHttpServer } {
  const mcp = new McpServer({ name: "replica", version: "1" });
  mcp.registerTool("chatty", { description: "logs at info and at error" }, async (_args, ctx) => {
    await ctx.log("info", "an info line");
    await ctx.log("error", "an error line");
    return { content: [{ type: "text", text: "done" }] };
  });
  mcp.registerResource("watched", "test://watched", {}, (uri) => ({ contents: [{ uri: uri.href, text: "x" }] }));
  return { mcp, http: new StreamableHttpServer(mcp, { sessionStore: store }) };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The JSON-RPC messages of an SSE body. */
async function messagesOf(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe("a session restored from the store", () => {
  it("keeps the log level and the resource subscriptions the client set on another replica", async () => {
    const store = new MapSessionStore();
    const a = replica(store);
    const b = replica(store);
    closers.push(
      () => a.http.close(),
      () => b.http.close(),
    );
    const version = "2025-06-18";
    const init = await a.http.handle(
      mcpPost({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "t", version: "1" } },
      }),
    );
    const session = init.headers.get("mcp-session-id") as string;
    expect(session).toBeTruthy();
    await init.text();
    const headers = { "mcp-session-id": session, "mcp-protocol-version": version };
    expect(
      (await a.http.handle(mcpPost({ jsonrpc: "2.0", method: "notifications/initialized" }, headers))).status,
    ).toBe(202);
    const setLevel = await a.http.handle(
      mcpPost({ jsonrpc: "2.0", id: 2, method: "logging/setLevel", params: { level: "error" } }, headers),
    );
    expect((await messagesOf(setLevel)).at(-1)).toMatchObject({ id: 2, result: {} });
    const subscribe = await a.http.handle(
      mcpPost({ jsonrpc: "2.0", id: 3, method: "resources/subscribe", params: { uri: "test://watched" } }, headers),
    );
    expect((await messagesOf(subscribe)).at(-1)).toMatchObject({ id: 3, result: {} });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.records.get(session)).toMatchObject({
      logLevel: "error",
      resourceSubscriptions: ["test://watched"],
      protocolVersion: version,
    });

    // Replica B never saw this session: it restores it from the store.
    const call = await b.http.handle(
      mcpPost({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "chatty", arguments: {} } }, headers),
    );
    const logs = (await messagesOf(call)).filter((message) => message.method === "notifications/message");
    expect(logs.map((message) => (message.params as { level: string }).level)).toEqual(["error"]);

    const get = await b.http.handle(
      new Request("http://127.0.0.1/mcp", {
        method: "GET",
        headers: { host: "127.0.0.1", accept: "text/event-stream", ...headers },
      }),
    );
    expect(get.status).toBe(200);
    await b.mcp.sendResourceUpdated("test://watched");
    const reader = (get.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes("resources/updated")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toContain('"uri":"test://watched"');
  });
});
