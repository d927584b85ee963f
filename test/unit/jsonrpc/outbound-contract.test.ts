/**
 * The Outbound contract, run against both dispatchers: the JSON-RPC Dispatcher over an in-memory
 * transport, and the DirectDispatcher that calls the peer's handler with no transport at all.
 */
import { describe, expect, it, vi } from "vitest";
import { Dispatcher, type InboundHandler, type Outbound } from "../../../src/entry/jsonrpc.js";
import {
  ConnectionClosedError,
  InMemoryTransport,
  McpError,
  RequestCancelledError,
  RequestTimeoutError,
} from "../../../src/index.js";
import { DirectDispatcher } from "../../../src/jsonrpc/direct-dispatcher.js";

interface Peer extends Outbound {
  setHandler(handler: InboundHandler): void;
  close(): Promise<void>;
  readonly load: { pending: number; inFlight: number };
}

type PairFactory = () => Promise<[Peer, Peer]>;

const factories: Record<string, PairFactory> = {
  "Dispatcher over InMemoryTransport": async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const left = new Dispatcher(a);
    const right = new Dispatcher(b);
    await left.start();
    await right.start();
    return [left, right];
  },
  DirectDispatcher: async () => DirectDispatcher.createPair(),
};

const idle: InboundHandler = { onRequest: async () => ({}), onNotification: () => {} };

describe.each(Object.entries(factories))("%s", (_name, createPair) => {
  async function setup(handler: Partial<InboundHandler>) {
    const [client, server] = await createPair();
    client.setHandler(idle);
    server.setHandler({ ...idle, ...handler });
    return { client, server };
  }

  it("delivers params and returns the result", async () => {
    const { client } = await setup({
      onRequest: async ({ request }) => ({ got: request.params, method: request.method }),
    });
    await expect(client.sendRawRequest("m", { a: 1 })).resolves.toEqual({ got: { a: 1 }, method: "m" });
  });

  it("keeps an McpError's code and turns other failures into -32603", async () => {
    const { client } = await setup({
      onRequest: async ({ request }) => {
        if (request.method === "typed") throw new McpError(-32602, "bad", { path: "/x" });
        throw new TypeError("oops");
      },
    });
    await expect(client.sendRawRequest("typed")).rejects.toMatchObject({ code: -32602, data: { path: "/x" } });
    await expect(client.sendRawRequest("other")).rejects.toMatchObject({ code: -32603 });
  });

  it("a timeout rejects with RequestTimeoutError and aborts the peer's handler", async () => {
    let aborted = false;
    const { client } = await setup({
      onRequest: ({ signal }) =>
        new Promise(() => {
          signal.addEventListener("abort", () => {
            aborted = true;
          });
        }),
    });
    await expect(client.sendRawRequest("slow", {}, { timeout: 20 })).rejects.toBeInstanceOf(RequestTimeoutError);
    await vi.waitFor(() => expect(aborted).toBe(true), { interval: 2 });
  });

  it("an abort rejects with RequestCancelledError and aborts the peer's handler", async () => {
    let reason: unknown;
    const { client } = await setup({
      onRequest: ({ signal }) =>
        new Promise(() => {
          signal.addEventListener("abort", () => {
            reason = signal.reason;
          });
        }),
    });
    const controller = new AbortController();
    const call = client.sendRawRequest("slow", {}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort("enough");
    await expect(call).rejects.toBeInstanceOf(RequestCancelledError);
    await vi.waitFor(() => expect(reason).toBeDefined(), { interval: 2 });
  });

  it("routes progress sent against the request's token", async () => {
    let serverPeer: Peer | undefined;
    const { client, server } = await setup({
      onRequest: async ({ request }) => {
        const token = (request.params?._meta as { progressToken?: number } | undefined)?.progressToken;
        await serverPeer?.notify("notifications/progress", { progressToken: token, progress: 1, total: 2 });
        await serverPeer?.notify("notifications/progress", { progressToken: token, progress: 2, total: 2 });
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { done: true };
      },
    });
    serverPeer = server;
    const seen: unknown[] = [];
    await expect(client.sendRawRequest("p", {}, { onProgress: (p) => seen.push(p) })).resolves.toEqual({ done: true });
    expect(seen).toEqual([
      { progress: 1, total: 2 },
      { progress: 2, total: 2 },
    ]);
  });

  it("closing rejects every pending request with ConnectionClosedError and leaves nothing behind", async () => {
    const { client, server } = await setup({ onRequest: () => new Promise(() => {}) });
    const calls = [client.sendRawRequest("a"), client.sendRawRequest("b")];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await client.close();
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(client.load).toEqual({ pending: 0, inFlight: 0 });
    expect(server.load).toEqual({ pending: 0, inFlight: 0 });
    await expect(client.sendRawRequest("late")).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it("delivers notifications to the peer's handler", async () => {
    const got: unknown[] = [];
    const { client } = await setup({ onNotification: (n) => void got.push([n.method, n.params]) });
    await client.notify("notifications/custom", { x: 1 });
    await vi.waitFor(() => expect(got).toEqual([["notifications/custom", { x: 1 }]]), { interval: 2 });
  });
});
