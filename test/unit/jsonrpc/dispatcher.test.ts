import { afterEach, describe, expect, it, vi } from "vitest";
import { Dispatcher } from "../../../src/jsonrpc/dispatcher.js";
import type { JsonRpcMessage } from "../../../src/jsonrpc/messages.js";
import type { InboundHandler } from "../../../src/jsonrpc/outbound.js";
import { MalformedMessageError } from "../../../src/jsonrpc/transport.js";
import {
  ConnectionClosedError,
  McpError,
  NoBackChannelError,
  RequestCancelledError,
  RequestTimeoutError,
} from "../../../src/protocol/errors.js";
import { InMemoryTransport } from "../../../src/transport/in-memory.js";

/** A dispatcher on one end, a raw transport (we write the JSON-RPC by hand) on the other. */
async function rawPeer(handler?: Partial<InboundHandler>, options = {}) {
  const [left, right] = InMemoryTransport.createLinkedPair();
  const dispatcher = new Dispatcher(left, options);
  dispatcher.setHandler({
    onRequest: handler?.onRequest ?? (async () => ({})),
    onNotification: handler?.onNotification ?? (() => {}),
  });
  const received: JsonRpcMessage[] = [];
  right.onmessage = (message) => received.push(message);
  await dispatcher.start();
  await right.start();
  const next = async (count = 1) => {
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(count), { interval: 2 });
    return received;
  };
  return { dispatcher, raw: right, received, next };
}

async function pair(handler: InboundHandler, options = {}) {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Dispatcher(a, options);
  const server = new Dispatcher(b, options);
  server.setHandler(handler);
  client.setHandler({ onRequest: async () => ({}), onNotification: () => {} });
  await server.start();
  await client.start();
  return { client, server };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("outbound requests", () => {
  it("resolves with the peer's result and rejects with its error, code kept", async () => {
    const { client } = await pair({
      onRequest: async ({ request }) => {
        if (request.method === "fail") throw new McpError(-32042, "custom", { why: 1 });
        return { echoed: request.params };
      },
      onNotification: () => {},
    });
    await expect(client.sendRawRequest("echo", { a: 1 })).resolves.toEqual({ echoed: { a: 1 } });
    await expect(client.sendRawRequest("fail")).rejects.toMatchObject({
      code: -32042,
      message: "custom",
      data: { why: 1 },
    });
  });

  it("a handler exception becomes -32603, never code 0", async () => {
    const { client } = await pair({
      onRequest: async () => {
        throw new Error("boom");
      },
      onNotification: () => {},
    });
    const error = await client.sendRawRequest("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32603);
    expect((error as McpError).message).toContain("boom");
  });

  it("a timeout rejects with a typed error and sends notifications/cancelled", async () => {
    const { dispatcher, next } = await rawPeer();
    const error = await dispatcher.sendRawRequest("slow", {}, { timeout: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    const messages = await next(2);
    expect(messages[1]).toEqual({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: 0, reason: "timeout" },
    });
    expect(dispatcher.load.pending).toBe(0);
  });

  it("an abort rejects at once and sends notifications/cancelled", async () => {
    const { dispatcher, next } = await rawPeer();
    const controller = new AbortController();
    const call = dispatcher.sendRawRequest("slow", {}, { signal: controller.signal });
    controller.abort("changed my mind");
    await expect(call).rejects.toBeInstanceOf(RequestCancelledError);
    const messages = await next(2);
    expect(messages[1]).toMatchObject({ method: "notifications/cancelled", params: { requestId: 0 } });
  });

  it("an already-aborted signal sends nothing", async () => {
    const { dispatcher, received } = await rawPeer();
    await expect(dispatcher.sendRawRequest("x", {}, { signal: AbortSignal.abort("no") })).rejects.toBeInstanceOf(
      RequestCancelledError,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received).toEqual([]);
  });

  it("onProgress sets the progress token, routes progress, and can reset the timeout", async () => {
    const { dispatcher, raw, next } = await rawPeer();
    const seen: unknown[] = [];
    const call = dispatcher.sendRawRequest(
      "long",
      { x: 1, _meta: { keep: true } },
      { onProgress: (p) => seen.push(p), timeout: 150, resetTimeoutOnProgress: true },
    );
    const outcome = call.catch((e: unknown) => e);
    const [request] = await next(1);
    expect(request).toMatchObject({ params: { x: 1, _meta: { keep: true, progressToken: 0 } } });
    for (let i = 1; i <= 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 80));
      await raw.send({
        jsonrpc: "2.0",
        method: "notifications/progress",
        params: { progressToken: 0, progress: i, total: 3 },
      });
    }
    await raw.send({ jsonrpc: "2.0", id: 0, result: { done: true } });
    // 240 ms in all against a 150 ms timeout: only the resets kept it alive.
    await expect(outcome).resolves.toEqual({ done: true });
    expect(seen).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
  });

  it("maxTotalTimeout bounds a request even while progress keeps coming", async () => {
    const { dispatcher, raw, next } = await rawPeer();
    const call = dispatcher.sendRawRequest(
      "long",
      {},
      { onProgress: () => {}, timeout: 50, resetTimeoutOnProgress: true, maxTotalTimeout: 80 },
    );
    const outcome = call.catch((e: unknown) => e);
    await next(1);
    const ticker = setInterval(() => {
      raw
        .send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 0, progress: 1 } })
        .catch(() => {});
    }, 10);
    const error = await outcome;
    clearInterval(ticker);
    expect(error).toBeInstanceOf(RequestTimeoutError);
  });

  it("a closed transport rejects every pending request at once", async () => {
    const { dispatcher, raw, next } = await rawPeer();
    const calls = [dispatcher.sendRawRequest("a"), dispatcher.sendRawRequest("b"), dispatcher.sendRawRequest("c")];
    await next(3);
    const started = Date.now();
    await raw.close();
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(dispatcher.load).toEqual({ pending: 0, inFlight: 0 });
    await expect(dispatcher.sendRawRequest("late")).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it("without a back-channel, unrelated messages fail at once with NoBackChannelError", async () => {
    const { dispatcher } = await rawPeer(undefined, { hasBackChannel: false });
    await expect(dispatcher.sendRawRequest("sampling/createMessage")).rejects.toBeInstanceOf(NoBackChannelError);
    await expect(dispatcher.notify("notifications/message")).rejects.toBeInstanceOf(NoBackChannelError);
  });
});

describe("inbound handling", () => {
  it("answers not-JSON with -32700 and keeps working", async () => {
    const { dispatcher, raw, next } = await rawPeer({ onRequest: async () => ({ ok: 1 }) });
    // A framing transport (stdio) reports undecodable input through onerror.
    dispatcher.transport.onerror?.(new MalformedMessageError("{not json"));
    const [parseError] = await next(1);
    expect(parseError).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.any(String) } });
    await raw.send({ jsonrpc: "2.0", id: 7, method: "x" });
    const messages = await next(2);
    expect(messages[1]).toEqual({ jsonrpc: "2.0", id: 7, result: { ok: 1 } });
  });

  it.each([
    [{ jsonrpc: "1.0", id: 1, method: "x" }, 1],
    [{ id: 2, method: "x" }, 2],
    [{ jsonrpc: "2.0", id: 3, method: 42 }, 3],
    [{ jsonrpc: "2.0", id: 4, method: "x", params: [1, 2] }, 4],
    [{ jsonrpc: "2.0", id: { nested: true }, method: "x" }, null],
    [[{ jsonrpc: "2.0", id: 5, method: "x" }], null],
    ["just a string", null],
  ])("answers invalid JSON-RPC %j with -32600", async (message, id) => {
    const { raw, next } = await rawPeer();
    await raw.send(message as unknown as JsonRpcMessage);
    const [answer] = await next(1);
    expect(answer).toMatchObject({ jsonrpc: "2.0", id, error: { code: -32600 } });
  });

  it("rejects a duplicate in-flight request id", async () => {
    let release: (() => void) | undefined;
    const { raw, next } = await rawPeer({
      onRequest: () =>
        new Promise((resolve) => {
          release = () => resolve({ first: true });
        }),
    });
    await raw.send({ jsonrpc: "2.0", id: "same", method: "x" });
    await raw.send({ jsonrpc: "2.0", id: "same", method: "x" });
    const [duplicate] = await next(1);
    expect(duplicate).toMatchObject({ id: "same", error: { code: -32600 } });
    release?.();
    const messages = await next(2);
    expect(messages[1]).toEqual({ jsonrpc: "2.0", id: "same", result: { first: true } });
  });

  it("notifications/cancelled aborts the handler's signal and no response is sent", async () => {
    let aborted: unknown;
    const { raw, received } = await rawPeer({
      onRequest: ({ signal }) =>
        new Promise((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = signal.reason;
            resolve({ late: true });
          });
        }),
    });
    await raw.send({ jsonrpc: "2.0", id: 9, method: "slow" });
    await raw.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 9, reason: "user" } });
    await vi.waitFor(() => expect(aborted).toBe("user"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual([]);
  });

  it("notifications never get responses, even when the handler throws", async () => {
    const errors: Error[] = [];
    const { raw, received } = await rawPeer(
      {
        onNotification: () => {
          throw new Error("bad notification handler");
        },
      },
      { onError: (error: Error) => errors.push(error) },
    );
    await raw.send({ jsonrpc: "2.0", method: "notifications/whatever" });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(received).toEqual([]);
  });
});
