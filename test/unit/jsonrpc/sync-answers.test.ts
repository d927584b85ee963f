import { describe, expect, it, vi } from "vitest";
import { Dispatcher } from "../../../src/jsonrpc/dispatcher.js";
import type { JsonRpcMessage } from "../../../src/jsonrpc/messages.js";
import type { MessageExtraInfo, Transport } from "../../../src/jsonrpc/transport.js";

/** A transport driven by the test: `deliver` hands the dispatcher a message, `sent` holds what it sent. */
class DrivenTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtraInfo) => void;
  readonly sent: JsonRpcMessage[] = [];
  /** When set, `send` throws it synchronously instead of returning a promise. */
  throwOnSend: Error | undefined;

  async start(): Promise<void> {}
  async close(): Promise<void> {
    this.onclose?.();
  }
  send(message: JsonRpcMessage): Promise<void> {
    if (this.throwOnSend) throw this.throwOnSend;
    this.sent.push(message);
    return Promise.resolve();
  }
  deliver(message: JsonRpcMessage): void {
    this.onmessage?.(message);
  }
}

const request = (id: number, method = "echo") => ({ jsonrpc: "2.0" as const, id, method, params: { id } });

describe("Dispatcher: answers given synchronously", () => {
  it("sends a synchronous result before the delivering call returns, and keeps the in-flight table empty", async () => {
    const transport = new DrivenTransport();
    const dispatcher = new Dispatcher(transport, { handlerTimeout: 60_000 });
    dispatcher.setHandler({ onRequest: (inbound) => ({ echoed: inbound.request.params }), onNotification: () => {} });
    await dispatcher.start();
    transport.deliver(request(1));
    expect(transport.sent).toEqual([{ jsonrpc: "2.0", id: 1, result: { echoed: { id: 1 } } }]);
    expect(dispatcher.load).toEqual({ pending: 0, inFlight: 0 });
    await dispatcher.close();
  });

  it("still answers an awaiting handler later, and times it out from when it was called", async () => {
    const transport = new DrivenTransport();
    const dispatcher = new Dispatcher(transport, { handlerTimeout: 50 });
    dispatcher.setHandler({
      onRequest: (inbound) => (inbound.request.method === "never" ? new Promise(() => {}) : Promise.resolve({ ok: 1 })),
      onNotification: () => {},
    });
    await dispatcher.start();
    const started = performance.now();
    transport.deliver(request(1, "never"));
    transport.deliver(request(2, "later"));
    expect(transport.sent).toEqual([]);
    expect(dispatcher.load.inFlight).toBe(2);
    await vi.waitFor(() => expect(transport.sent).toHaveLength(2), { timeout: 5000, interval: 5 });
    expect(transport.sent[0]).toEqual({ jsonrpc: "2.0", id: 2, result: { ok: 1 } });
    expect(transport.sent[1]).toMatchObject({ id: 1, error: { code: -32001 } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    await dispatcher.close();
  });

  it("a handler that throws synchronously is answered with an error, and the next request is served", async () => {
    const transport = new DrivenTransport();
    const dispatcher = new Dispatcher(transport);
    dispatcher.setHandler({
      onRequest: (inbound) => {
        if (inbound.request.id === 1) throw new Error("boom");
        return { ok: inbound.request.id };
      },
      onNotification: () => {},
    });
    await dispatcher.start();
    transport.deliver(request(1));
    transport.deliver(request(2));
    await vi.waitFor(() => expect(transport.sent).toHaveLength(2), { timeout: 5000, interval: 5 });
    const byId = new Map(transport.sent.map((message) => [(message as { id: number }).id, message]));
    expect(byId.get(1)).toMatchObject({ error: { code: -32603 } });
    expect(byId.get(2)).toEqual({ jsonrpc: "2.0", id: 2, result: { ok: 2 } });
    await dispatcher.close();
  });

  it("a transport whose send throws is reported to onError without breaking the delivery", async () => {
    const transport = new DrivenTransport();
    const errors: Error[] = [];
    const dispatcher = new Dispatcher(transport, { onError: (error) => errors.push(error) });
    dispatcher.setHandler({ onRequest: () => ({ ok: true }), onNotification: () => {} });
    await dispatcher.start();
    transport.throwOnSend = new Error("the pipe is gone");
    expect(() => transport.deliver(request(1))).not.toThrow();
    expect(errors.map((error) => error.message)).toEqual(["the pipe is gone"]);
    transport.throwOnSend = undefined;
    transport.deliver(request(2));
    expect(transport.sent).toEqual([{ jsonrpc: "2.0", id: 2, result: { ok: true } }]);
    await dispatcher.close();
  });
});
