import { describe, expect, it, vi } from "vitest";
import { Dispatcher, type JsonRpcMessage } from "../../../src/entry/jsonrpc.js";
import { type InboundCall, ServerRunner } from "../../../src/entry/server.js";
import { InMemoryTransport, McpError } from "../../../src/index.js";

/** Our kernel on one end, hand-written JSON-RPC on the other. */
async function rawClient(runner: ServerRunner) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = await runner.connect(serverSide);
  const received: JsonRpcMessage[] = [];
  clientSide.onmessage = (message) => received.push(message);
  await clientSide.start();
  let id = 100;
  const call = async (method: string, params?: Record<string, unknown>) => {
    const requestId = id++;
    await clientSide.send({ jsonrpc: "2.0", id: requestId, method, ...(params ? { params } : {}) });
    let answer: JsonRpcMessage | undefined;
    await vi.waitFor(
      () => {
        answer = received.find((m) => "id" in m && m.id === requestId && !("method" in m));
        expect(answer).toBeDefined();
      },
      { interval: 2 },
    );
    return answer as unknown as Record<string, unknown>;
  };
  const initialize = (protocolVersion = "2025-11-25", capabilities: Record<string, unknown> = {}) =>
    call("initialize", { protocolVersion, capabilities, clientInfo: { name: "raw", version: "1" } });
  return { server, clientSide, received, call, initialize };
}

const runner = () =>
  new ServerRunner({ serverInfo: { name: "kernel-test", version: "1.0.0" }, capabilities: { tools: {}, logging: {} } })
    .setRequestHandler("tools/list", () => ({ tools: [{ name: "t", inputSchema: { type: "object" } }] }))
    .setRequestHandler("tools/call", (params) => {
      if (params?.name === "bad-result") return { content: [{ type: "text" }] };
      if (params?.name === "throws") throw new Error("kaput");
      if (params?.name === "mcp-error") throw new McpError(-32042, "needs a URL", { url: "https://x" });
      return { content: [{ type: "text", text: "ok" }] };
    });

describe("ServerRunner", () => {
  it("gates everything but initialize and ping before the handshake", async () => {
    const { call } = await rawClient(runner());
    expect(await call("ping")).toMatchObject({ result: {} });
    expect(await call("tools/list")).toMatchObject({ error: { code: -32600 } });
  });

  it.each(["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"])(
    "negotiates %s when asked for it",
    async (version) => {
      const { initialize } = await rawClient(runner());
      const answer = await initialize(version);
      expect(answer.result).toMatchObject({ protocolVersion: version, serverInfo: { name: "kernel-test" } });
    },
  );

  it("answers an unknown requested version with its latest", async () => {
    const { initialize } = await rawClient(runner());
    expect((await initialize("2099-01-01")).result).toMatchObject({ protocolVersion: "2025-11-25" });
  });

  it("honours a configured version list", async () => {
    const only = new ServerRunner({ serverInfo: { name: "old", version: "1" }, protocolVersions: ["2025-03-26"] });
    const { initialize } = await rawClient(only);
    expect((await initialize("2025-11-25")).result).toMatchObject({ protocolVersion: "2025-03-26" });
  });

  it("refuses a second initialize", async () => {
    const { initialize } = await rawClient(runner());
    await initialize();
    expect(await initialize()).toMatchObject({ error: { code: -32600 } });
  });

  it("maps unknown methods, bad params, handler errors and bad results to the right codes", async () => {
    const { initialize, call } = await rawClient(runner());
    await initialize("2025-06-18");
    expect(await call("prompts/list")).toMatchObject({ error: { code: -32601 } });
    expect(await call("no/such/method")).toMatchObject({ error: { code: -32601 } });
    // elicitation/create is a server request: a client sending it is a method the version lacks in that direction.
    expect(await call("elicitation/create", { message: "x", requestedSchema: {} })).toMatchObject({
      error: { code: -32601 },
    });
    const invalid = await call("tools/call", { arguments: {} });
    expect(invalid).toMatchObject({
      error: { code: -32602, data: { issues: [{ path: "/name", keyword: "required" }] } },
    });
    expect(await call("tools/call", { name: "throws" })).toMatchObject({
      error: { code: -32603, message: expect.stringContaining("kaput") },
    });
    expect(await call("tools/call", { name: "mcp-error" })).toMatchObject({
      error: { code: -32042, message: "needs a URL", data: { url: "https://x" } },
    });
    const badResult = await call("tools/call", { name: "bad-result" });
    expect(badResult).toMatchObject({ error: { code: -32603, data: { issues: [{ path: "/content/0/text" }] } } });
    expect(await call("tools/call", { name: "fine" })).toMatchObject({ result: { content: [{ text: "ok" }] } });
  });

  it("logging/setLevel is answered by the kernel when logging is declared, and rejects unknown levels", async () => {
    const { initialize, call, server } = await rawClient(runner());
    await initialize();
    expect(await call("logging/setLevel", { level: "warning" })).toMatchObject({ result: {} });
    expect(server.connection.logLevel).toBe("warning");
    expect(await call("logging/setLevel", { level: "loud" })).toMatchObject({ error: { code: -32602 } });
  });

  it("runs middleware around requests and notifications, which may short-circuit", async () => {
    const seen: string[] = [];
    const server = runner()
      .use(async (call: InboundCall, next) => {
        const started = performance.now();
        try {
          const result = await next();
          seen.push(`${call.kind} ${call.method} ok ${call.protocolVersion}`);
          return result;
        } catch (error) {
          seen.push(`${call.kind} ${call.method} error ${(error as McpError).code}`);
          throw error;
        } finally {
          expect(performance.now() - started).toBeGreaterThanOrEqual(0);
        }
      })
      .use(async (call, next) => (call.method === "tools/list" ? { tools: [] } : next()));
    const { initialize, call, clientSide } = await rawClient(server);
    await initialize();
    await clientSide.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    expect(await call("tools/list")).toMatchObject({ result: { tools: [] } });
    expect(await call("tools/call", { name: "throws" })).toMatchObject({ error: { code: -32603 } });
    // Handler errors reach middleware as thrown (a plain Error has no code); the wire still gets -32603.
    expect([...seen].sort()).toEqual([
      "notification notifications/initialized ok 2025-11-25",
      "request tools/call error undefined",
      "request tools/list ok 2025-11-25",
    ]);
  });

  it("gives each request a session bound to it, and a standalone one per connection", async () => {
    let requestScoped: unknown;
    const server = runner().setRequestHandler("prompts/list", (_params, context) => {
      requestScoped = context.session.dispatch?.requestId;
      return { prompts: [] };
    });
    const { initialize, call, server: connected } = await rawClient(server);
    await initialize();
    await call("prompts/list");
    expect(requestScoped).toBe(101);
    expect(connected.session.dispatch).toBeUndefined();
    expect(connected.dispatcher).toBeInstanceOf(Dispatcher);
  });
});

describe("results are brought down to the negotiated version", () => {
  it("drops fields the version does not define before validating", async () => {
    const server = new ServerRunner({
      serverInfo: { name: "s", version: "1" },
      capabilities: { tools: {} },
    }).setRequestHandler("tools/list", () => ({
      tools: [{ name: "t", title: "T", icons: [{ src: "https://x.example/i.png" }], inputSchema: { type: "object" } }],
    }));
    const old = await rawClient(server);
    await old.initialize("2025-03-26");
    expect(await old.call("tools/list")).toMatchObject({
      result: { tools: [{ name: "t", inputSchema: { type: "object" } }] },
    });
    const listed = (await old.call("tools/list")).result as { tools: Record<string, unknown>[] };
    expect(listed.tools[0]).not.toHaveProperty("title");
    expect(listed.tools[0]).not.toHaveProperty("icons");
    const current = await rawClient(server);
    await current.initialize("2025-11-25");
    const full = (await current.call("tools/list")).result as { tools: Record<string, unknown>[] };
    expect(full.tools[0]).toMatchObject({ title: "T", icons: [{ src: "https://x.example/i.png" }] });
  });
});
