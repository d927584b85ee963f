/** Per-session cap on requests in flight, and the handler time limit: clear JSON-RPC errors, never drops. */
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_IN_FLIGHT_REQUESTS, Dispatcher, type JsonRpcMessage } from "../../src/entry/jsonrpc.js";
import { DEFAULT_HANDLER_TIMEOUT_MS } from "../../src/entry/server.js";
import { Client, ErrorCode, InMemoryTransport, McpError, McpServer, type McpServerOptions } from "../../src/index.js";

const INIT = {
  jsonrpc: "2.0",
  id: "init",
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
} as const;

/** A server whose "hold" tool waits for release() (or its signal); a raw peer that records every message. */
async function rawSession(options: McpServerOptions) {
  const gate: { release: () => void; aborted: unknown[] } = { release: () => {}, aborted: [] };
  let released = new Promise<void>((resolve) => {
    gate.release = resolve;
  });
  const server = new McpServer({ name: "limits", version: "1" }, options);
  server.registerTool("hold", { description: "waits" }, async (_args, ctx) => {
    ctx.signal.addEventListener("abort", () => gate.aborted.push(ctx.signal.reason));
    await released;
    return { content: [{ type: "text", text: "released" }] };
  });
  const [peer, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JsonRpcMessage[] = [];
  peer.onmessage = (message) => received.push(message);
  await peer.start();
  await server.connect(serverSide);
  await peer.send(INIT as JsonRpcMessage);
  await peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const call = (id: number) => peer.send({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "hold" } });
  const answersTo = (id: number) => received.filter((m) => "id" in m && m.id === id && !("method" in m));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return {
    gate,
    call,
    answersTo,
    settle,
    reset: () => {
      released = new Promise<void>((resolve) => {
        gate.release = resolve;
      });
    },
  };
}

describe("in-flight cap per session", () => {
  it("defaults to 100 in flight", async () => {
    expect(DEFAULT_MAX_IN_FLIGHT_REQUESTS).toBe(100);
    const [a] = InMemoryTransport.createLinkedPair();
    expect(new Dispatcher(a).maxInFlightRequests).toBe(100);
  });

  it("answers a request past the cap at once with -32003 and a clear message, and serves again once answers go out", async () => {
    const session = await rawSession({ maxInFlightRequests: 3 });
    for (let id = 1; id <= 5; id++) await session.call(id);
    await session.settle();
    for (const id of [4, 5]) {
      const [answer, ...more] = session.answersTo(id);
      expect(more).toEqual([]);
      expect(answer).toMatchObject({ error: { code: ErrorCode.TooManyRequests } });
      expect((answer as { error: { message: string } }).error.message).toMatch(
        /Too many requests: 3 are already in flight on this connection \(the limit is 3\)/,
      );
    }
    for (const id of [1, 2, 3]) expect(session.answersTo(id)).toEqual([]);
    session.gate.release();
    await session.settle();
    // Every request answered exactly once; the refused ones were not run later either.
    for (const id of [1, 2, 3]) {
      expect(session.answersTo(id)).toHaveLength(1);
      expect(session.answersTo(id)[0]).toMatchObject({ result: { content: [{ text: "released" }] } });
    }
    for (const id of [4, 5]) expect(session.answersTo(id)).toHaveLength(1);
    await session.call(6);
    await session.settle();
    expect(session.answersTo(6)).toMatchObject([{ result: { content: [{ text: "released" }] } }]);
  });

  it("is per session: one session at its cap does not hold up another", async () => {
    const server = new McpServer({ name: "limits", version: "1" }, { maxInFlightRequests: 1 });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.registerTool("hold", {}, async () => {
      await released;
      return { content: [] };
    });
    server.registerTool("hi", {}, () => ({ content: [{ type: "text", text: "hi" }] }));
    const connect = async () => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      return client;
    };
    const busy = await connect();
    const other = await connect();
    const held = busy.callTool({ name: "hold" });
    const refused = await busy.callTool({ name: "hi" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(ErrorCode.TooManyRequests);
    await expect(other.callTool({ name: "hi" })).resolves.toMatchObject({ content: [{ text: "hi" }] });
    release();
    await expect(held).resolves.toMatchObject({ content: [] });
    await busy.close();
    await other.close();
  });
});

describe("handler time limit", () => {
  it("defaults to 10 minutes on servers and none on a bare dispatcher", async () => {
    expect(DEFAULT_HANDLER_TIMEOUT_MS).toBe(600_000);
    const server = new McpServer({ name: "limits", version: "1" });
    const [, serverSide] = InMemoryTransport.createLinkedPair();
    const connected = await server.connect(serverSide);
    expect(connected.dispatcher.handlerTimeout).toBe(600_000);
    const [a] = InMemoryTransport.createLinkedPair();
    expect(new Dispatcher(a).handlerTimeout).toBe(Number.POSITIVE_INFINITY);
  });

  it("aborts a handler that runs too long and answers -32001 once; its late result is not sent", async () => {
    const session = await rawSession({ handlerTimeout: 30 });
    await session.call(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const [answer, ...more] = session.answersTo(1);
    expect(more).toEqual([]);
    expect(answer).toMatchObject({ error: { code: ErrorCode.RequestTimeout } });
    expect((answer as { error: { message: string } }).error.message).toBe(
      "Request timed out: tools/call ran longer than the 30 ms its handler may take",
    );
    expect(session.gate.aborted).toHaveLength(1);
    session.gate.release();
    await session.settle();
    expect(session.answersTo(1)).toHaveLength(1);
  });

  it("counts a timed-out handler against the cap until it really returns", async () => {
    const session = await rawSession({ handlerTimeout: 20, maxInFlightRequests: 1 });
    await session.call(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(session.answersTo(1)).toMatchObject([{ error: { code: ErrorCode.RequestTimeout } }]);
    await session.call(2);
    await session.settle();
    expect(session.answersTo(2)).toMatchObject([{ error: { code: ErrorCode.TooManyRequests } }]);
    session.gate.release();
    await session.settle();
    // Now that it returned, its place is free: a request that finishes in time is served.
    session.reset();
    await session.call(3);
    session.gate.release();
    await session.settle();
    expect(session.answersTo(3)).toMatchObject([{ result: { content: [{ text: "released" }] } }]);
  });
});
