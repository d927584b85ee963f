import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { StdioServerTransport } from "../../../src/entry/node.js";
import { McpServer, type ProtocolVersion } from "../../../src/index.js";

/** An McpServer on a stdio transport over in-process pipes: lines in, parsed lines out. */
async function stdioServer() {
  const server = new McpServer({ name: "batch", version: "1" });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.registerTool(
    "echo",
    { inputSchema: { type: "object", properties: { text: { type: "string" } } } } as const,
    ({ text }) => ({
      content: [{ type: "text", text: text ?? "" }],
    }),
  );
  server.registerTool("slow", {}, async () => {
    await released;
    return { content: [{ type: "text", text: "slow" }] };
  });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: unknown[] = [];
  let buffered = "";
  stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      lines.push(JSON.parse(buffered.slice(0, newline)));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  });
  const transport = new StdioServerTransport({ stdin, stdout });
  await server.connect(transport);
  const write = (value: unknown) => stdin.write(`${JSON.stringify(value)}\n`);
  /** The next line the server writes. */
  const next = async () => {
    const start = lines.length;
    await expect.poll(() => lines.length, { timeout: 5000 }).toBeGreaterThan(start);
    return lines[start];
  };
  return { write, next, lines, release, close: () => transport.close() };
}

const initialize = (id: number, version: ProtocolVersion) => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "t", version: "1" } },
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function initialized(version: ProtocolVersion) {
  const server = await stdioServer();
  close = server.close;
  server.write(initialize(0, version));
  expect(await server.next()).toMatchObject({ id: 0, result: { protocolVersion: version } });
  server.write({ jsonrpc: "2.0", method: "notifications/initialized" });
  return server;
}

describe("JSON-RPC batches", () => {
  it("2025-03-26: a batch of requests and notifications is answered as one array", async () => {
    const server = await initialized("2025-03-26");
    server.write([
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "a" } } },
      { jsonrpc: "2.0", method: "notifications/roots/list_changed" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
      { jsonrpc: "2.0", id: 3, method: "no/such/method" },
      { jsonrpc: "1.0", id: 4, method: "ping" },
      { jsonrpc: "2.0", id: 5, method: "initialize", params: initialize(5, "2025-03-26").params },
      5,
    ]);
    const answer = (await server.next()) as Array<{ id: unknown }>;
    expect(Array.isArray(answer)).toBe(true);
    expect(answer).toHaveLength(6);
    const byId = new Map(answer.map((entry) => [JSON.stringify(entry.id), entry]));
    expect(byId.get("1")).toMatchObject({ result: { content: [{ type: "text", text: "a" }] } });
    expect(byId.get("2")).toMatchObject({ result: {} });
    expect(byId.get("3")).toMatchObject({ error: { code: -32601 } });
    expect(byId.get("4")).toMatchObject({ error: { code: -32600 } });
    // initialize inside a batch is refused (the spec: it MUST NOT be part of one).
    expect(byId.get("5")).toMatchObject({ error: { code: -32600 } });
    expect(byId.get("null")).toMatchObject({ error: { code: -32600 } });
    // The connection goes on as before.
    server.write({ jsonrpc: "2.0", id: 9, method: "ping" });
    expect(await server.next()).toEqual({ jsonrpc: "2.0", id: 9, result: {} });
  });

  it("2025-03-26: the array waits for the slowest answer; answers come in any order; cancelled requests are left out", async () => {
    const server = await initialized("2025-03-26");
    server.write([
      { jsonrpc: "2.0", id: "slow", method: "tools/call", params: { name: "slow" } },
      { jsonrpc: "2.0", id: "fast", method: "ping" },
      { jsonrpc: "2.0", id: "gone", method: "tools/call", params: { name: "slow" } },
    ]);
    server.write({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "gone" } });
    server.write({ jsonrpc: "2.0", id: "alone", method: "ping" });
    expect(await server.next()).toEqual({ jsonrpc: "2.0", id: "alone", result: {} });
    server.release();
    const answer = (await server.next()) as Array<{ id: unknown }>;
    expect(answer.map((entry) => entry.id).sort()).toEqual(["fast", "slow"]);
  });

  it("2025-03-26: a later batch repeating an id an earlier batch still waits on is refused for it, and the earlier batch still gets its whole answer", async () => {
    const server = await initialized("2025-03-26");
    server.write([{ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "slow" } }, ""]);
    server.write([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
    ]);
    const refused = (await server.next()) as Array<{ id: unknown; error?: { code: number; message: string } }>;
    expect(refused.map((entry) => entry.id).sort()).toEqual([1, 2]);
    expect(refused.find((entry) => entry.id === 1)?.error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/already in flight/),
    });
    server.release();
    const first = (await server.next()) as Array<{ id: unknown; error?: { code: number }; result?: unknown }>;
    expect(first).toHaveLength(2);
    expect(first.find((entry) => entry.id === null)?.error).toMatchObject({ code: -32600 });
    expect(first.find((entry) => entry.id === 1)?.result).toMatchObject({ content: [{ type: "text", text: "slow" }] });
    server.write({ jsonrpc: "2.0", id: 3, method: "ping" });
    expect(await server.next()).toEqual({ jsonrpc: "2.0", id: 3, result: {} });
  });

  it("2025-03-26: a batch of only notifications gets nothing; an empty batch is one -32600", async () => {
    const server = await initialized("2025-03-26");
    server.write([{ jsonrpc: "2.0", method: "notifications/roots/list_changed" }]);
    server.write([]);
    expect(await server.next()).toMatchObject({ id: null, error: { code: -32600 } });
    server.write({ jsonrpc: "2.0", id: 1, method: "ping" });
    expect(await server.next()).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("before the handshake a batch is refused whole, initialize inside it included", async () => {
    const server = await stdioServer();
    close = server.close;
    server.write([initialize(1, "2025-03-26"), { jsonrpc: "2.0", id: 2, method: "ping" }]);
    expect(await server.next()).toMatchObject({ id: null, error: { code: -32600 } });
    server.write(initialize(3, "2025-03-26"));
    expect(await server.next()).toMatchObject({ id: 3, result: { protocolVersion: "2025-03-26" } });
  });

  it.each(["2024-11-05", "2025-06-18", "2025-11-25"] as const)(
    "%s: a batch is refused (-32600, id null)",
    async (version) => {
      const server = await initialized(version);
      server.write([{ jsonrpc: "2.0", id: 1, method: "ping" }]);
      expect(await server.next()).toMatchObject({ id: null, error: { code: -32600 } });
      expect(server.lines.filter((line) => Array.isArray(line))).toEqual([]);
    },
  );
});
