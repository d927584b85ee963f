/** The kernel serves a transport as the transport's own traits say; ConnectOptions still override them. */
import { describe, expect, it, vi } from "vitest";
import type { JsonRpcMessage, TransportTraits } from "../../../src/entry/jsonrpc.js";
import { ServerRunner } from "../../../src/entry/server.js";
import { InMemoryTransport, type Transport } from "../../../src/index.js";

const runner = () =>
  new ServerRunner({
    serverInfo: { name: "traits", version: "1" },
    capabilities: { tools: {} },
    telemetry: false,
  }).setRequestHandler("tools/list", () => ({ tools: [] }));

/** A linked pair whose server side declares `traits`. */
async function declaring(traits: TransportTraits | undefined, server = runner()) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const declared: Transport = Object.assign(serverSide, { traits });
  const connected = await server.connect(declared);
  const received: JsonRpcMessage[] = [];
  clientSide.onmessage = (message) => received.push(message);
  await clientSide.start();
  const call = async (id: number, method: string, params: Record<string, unknown>) => {
    await clientSide.send({ jsonrpc: "2.0", id, method, params });
    await vi.waitFor(() => expect(received.some((m) => "id" in m && m.id === id)).toBe(true), { interval: 2 });
    return received.find((m) => "id" in m && m.id === id) as unknown as Record<string, unknown>;
  };
  return { connected, call, declared, server };
}

const initialize = { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } };

describe("transport traits", () => {
  it("none declared: a two-way connection that shakes hands", async () => {
    const { connected, call } = await declaring(undefined);
    expect(connected.connection.hasBackChannel).toBe(true);
    expect(connected.dispatcher.hasBackChannel).toBe(true);
    expect(await call(1, "initialize", initialize)).toHaveProperty("result.protocolVersion", "2025-11-25");
  });

  it("requireEnvelope: every request must carry its envelope, initialize included (-32602)", async () => {
    const { connected, call } = await declaring({ hasBackChannel: false, requireEnvelope: true });
    expect(connected.connection.hasBackChannel).toBe(false);
    expect(connected.dispatcher.hasBackChannel).toBe(false);
    expect(await call(1, "initialize", initialize)).toHaveProperty("error.code", -32602);
    const envelope = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientCapabilities": {},
    };
    expect(await call(2, "tools/list", { _meta: envelope })).toHaveProperty("result.tools", []);
  });

  it("ConnectOptions given to connect override what the transport declares", async () => {
    const [, serverSide] = InMemoryTransport.createLinkedPair();
    const declared: Transport = Object.assign(serverSide, { traits: { hasBackChannel: false } });
    const connected = await runner().connect(declared, { hasBackChannel: true });
    expect(connected.connection.hasBackChannel).toBe(true);
    expect(connected.dispatcher.hasBackChannel).toBe(true);
  });
});
