/** 2026-07-28: requests carry their own envelope; one server serves both eras. */
import { describe, expect, it, vi } from "vitest";
import { ClientSession, InMemoryTransport, type JsonRpcMessage, McpServer } from "../../src/index.js";

function server() {
  const mcp = new McpServer({ name: "both-eras", version: "1" }, { instructions: "be nice" });
  mcp.registerTool("greet", { description: "greets" }, async (_args, ctx) => {
    await ctx.log("info", `greeting over ${ctx.protocolVersion}`);
    return { content: [{ type: "text", text: `hello over ${ctx.protocolVersion}` }] };
  });
  return mcp;
}

const envelope = (extra: Record<string, unknown> = {}) => ({
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "new-client", version: "1" },
  ...extra,
});

async function raw(mcp: McpServer) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcp.connect(serverSide);
  const received: JsonRpcMessage[] = [];
  clientSide.onmessage = (message) => received.push(message);
  await clientSide.start();
  let id = 0;
  const call = async (method: string, params: Record<string, unknown>) => {
    const requestId = ++id;
    await clientSide.send({ jsonrpc: "2.0", id: requestId, method, params });
    await vi.waitFor(() => expect(received.some((m) => "id" in m && m.id === requestId)).toBe(true), { interval: 2 });
    return received.find((m) => "id" in m && m.id === requestId) as unknown as Record<string, unknown>;
  };
  return { call, received };
}

describe("2026-07-28 envelope requests", () => {
  it("are served without a handshake, with resultType on every result", async () => {
    const { call } = await raw(server());
    const tools = await call("tools/list", { _meta: envelope() });
    expect(tools.result).toMatchObject({ resultType: "complete", tools: [{ name: "greet" }] });
    const greeted = await call("tools/call", { name: "greet", _meta: envelope() });
    expect(greeted.result).toEqual({
      resultType: "complete",
      content: [{ type: "text", text: "hello over 2026-07-28" }],
    });
  });

  it("server/discover names both eras' versions", async () => {
    const { call } = await raw(server());
    const discovered = await call("server/discover", { _meta: envelope() });
    expect(discovered.result).toMatchObject({
      resultType: "complete",
      supportedVersions: ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"],
      capabilities: { tools: { listChanged: true } },
      instructions: "be nice",
    });
  });

  it("an unsupported version is -32022 with the supported list; a bad envelope is -32602", async () => {
    const { call } = await raw(server());
    const unsupported = await call("tools/list", {
      _meta: envelope({ "io.modelcontextprotocol/protocolVersion": "2099-01-01" }),
    });
    expect(unsupported.error).toMatchObject({
      code: -32022,
      data: { requested: "2099-01-01", supported: expect.arrayContaining(["2026-07-28"]) },
    });
    const noCapabilities = await call("tools/list", {
      _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" },
    });
    expect(noCapabilities.error).toMatchObject({ code: -32602 });
  });

  it("sends log messages only when the envelope asks for a level", async () => {
    const { call, received } = await raw(server());
    await call("tools/call", { name: "greet", _meta: envelope() });
    expect(received.some((m) => "method" in m && m.method === "notifications/message")).toBe(false);
    await call("tools/call", { name: "greet", _meta: envelope({ "io.modelcontextprotocol/logLevel": "info" }) });
    expect(received.some((m) => "method" in m && m.method === "notifications/message")).toBe(true);
  });

  it("one server answers a 2025-11-25 client and a 2026-07-28 client in the same run", async () => {
    const mcp = server();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const legacy = new ClientSession(clientSide, { clientInfo: { name: "old", version: "1" } });
    await legacy.connect();
    const { call } = await raw(mcp);
    const [old, next] = await Promise.all([
      legacy.callTool({ name: "greet" }),
      call("tools/call", { name: "greet", _meta: envelope() }),
    ]);
    expect(old.content).toEqual([{ type: "text", text: "hello over 2025-11-25" }]);
    expect(old).not.toHaveProperty("resultType");
    expect((next.result as { content: unknown }).content).toEqual([{ type: "text", text: "hello over 2026-07-28" }]);
  });
});

describe("2026-07-28 over stateless Streamable HTTP", () => {
  it("needs no session: each POST carries its envelope", async () => {
    const { listen, StreamableHttpServer } = await import("../../src/index.js");
    const http = new StreamableHttpServer(server(), { stateless: true, jsonResponse: true });
    const listening = await listen(http.handle);
    try {
      const post = (body: unknown) =>
        fetch(listening.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            "mcp-protocol-version": "2026-07-28",
          },
          body: JSON.stringify(body),
        }).then((response) => response.json());
      const first = await post({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: envelope() } });
      expect(first).toMatchObject({ id: 1, result: { resultType: "complete", tools: [{ name: "greet" }] } });
      const second = await post({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "greet", _meta: envelope() },
      });
      expect(second).toMatchObject({ id: 2, result: { content: [{ text: "hello over 2026-07-28" }] } });
      // The header and the envelope must agree: -32020 with HTTP 400 otherwise.
      const mismatch = await fetch(listening.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "mcp-protocol-version": "2025-11-25",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list", params: { _meta: envelope() } }),
      });
      expect(mismatch.status).toBe(400);
      expect(await mismatch.json()).toMatchObject({ id: 3, error: { code: -32020 } });
    } finally {
      await http.close();
      await listening.close();
    }
  });
});
