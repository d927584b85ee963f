/**
 * A server scripted by the test, at the other end of an in-memory pair (the mirror of raw-peer.ts):
 * it records every message the client sends and answers each request with what `answer` returns
 * (or the McpError it throws), so a test can count exactly what went on the wire.
 */

import { ClientSession, type ClientSessionOptions } from "../../src/entry/client.js";
import type { JsonRpcNotification, JsonRpcRequest, Params } from "../../src/entry/jsonrpc.js";
import { InMemoryTransport, McpError } from "../../src/index.js";

export type Answer = (method: string, params: Params | undefined) => Params | Promise<Params>;

export const SERVER_INFO = { name: "scripted", version: "1" };

/** server/discover's answer: the stateless lifecycle at 2026-07-28. */
export const DISCOVERED: Params = {
  resultType: "complete",
  supportedVersions: ["2026-07-28"],
  capabilities: { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true } },
  _meta: { "io.modelcontextprotocol/serverInfo": SERVER_INFO },
};

export async function scriptedServer(answer: Answer) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const received: Array<JsonRpcRequest | JsonRpcNotification> = [];
  serverSide.onmessage = async (message) => {
    if (!("method" in message)) return;
    received.push(message);
    if (!("id" in message)) return;
    try {
      const result = await answer(message.method, message.params);
      await serverSide.send({ jsonrpc: "2.0", id: message.id, result });
    } catch (error) {
      const { code, message: text, data } = error as McpError;
      await serverSide.send({ jsonrpc: "2.0", id: message.id, error: { code, message: text, data } });
    }
  };
  await serverSide.start();
  return {
    clientSide,
    /** The requests (and notifications) of `method` the client sent, in order. */
    sent: (method: string) => received.filter((m) => m.method === method),
    notify: (method: string, params?: Params) => serverSide.send({ jsonrpc: "2.0", method, params }),
  };
}

/** A ClientSession connected in the stateless lifecycle to a scripted server (server/discover is answered for it). */
export async function statelessSession(answer: Answer, options: Partial<ClientSessionOptions> = {}) {
  const server = await scriptedServer((method, params) =>
    method === "server/discover" ? DISCOVERED : answer(method, params),
  );
  const session = new ClientSession(server.clientSide, {
    clientInfo: { name: "test-client", version: "1" },
    negotiation: "stateless",
    ...options,
  });
  await session.connect();
  return { session, server };
}

/** Lets delivered messages (one microtask hop each way) be handled. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export { McpError };
