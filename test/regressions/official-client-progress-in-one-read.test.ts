/**
 * The official-SDK stdio interop test lost progress under load: the official Client handles a
 * notification a microtask after reading it but a response at once, so progress that arrives in the
 * same read as its response is dropped. The fixture's tool paused 30 ms between progress reports,
 * which only made that rarer. Here a starved reader is modelled exactly: the server's messages are
 * held back and handed over in one synchronous burst each time a request or response joins them (as
 * one stdio read of everything the pipe holds). The fixture's echo tool now waits for the client's
 * answer to a ping after its progress, so every progress notification is handled before the result
 * arrives, however the reads fall.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport as OfficialInMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { STATEFUL_PROTOCOL_VERSIONS } from "../../src/index.js";
import { kernelServer } from "../fixtures/kernel-server.js";

/** Holds what the server sends until a message with an id (a request or a response), then delivers it all at once. */
function burstsOnly(serverSide: OfficialInMemoryTransport): { bursts: number[] } {
  const send = serverSide.send.bind(serverSide);
  const held: Array<Parameters<typeof send>> = [];
  const stats = { bursts: [] as number[] };
  serverSide.send = async (message: JSONRPCMessage, options) => {
    held.push([message, options]);
    if (!("id" in message)) return;
    const burst = held.splice(0);
    stats.bursts.push(burst.length);
    // One synchronous loop: the client reads them all before any of its microtasks run.
    const sent = burst.map((args) => send(...args));
    await Promise.all(sent);
  };
  return stats;
}

describe.each(STATEFUL_PROTOCOL_VERSIONS)("protocol %s", (version) => {
  it("the official Client gets every progress notification even when they arrive in one read with other messages", async () => {
    const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
    const stats = burstsOnly(serverSide);
    await kernelServer([version]).connect(serverSide);
    const client = new Client({ name: "official-client", version: "1.0.0" }, { capabilities: {} });
    await client.connect(clientSide);
    for (let round = 0; round < 5; round++) {
      const progress: unknown[] = [];
      const echoed = await client.callTool({ name: "echo", arguments: { text: `r${round}` } }, undefined, {
        onprogress: (p) => progress.push(p),
      });
      expect(echoed.content).toEqual([{ type: "text", text: `r${round}` }]);
      expect(progress).toEqual([
        { progress: 1, total: 3 },
        { progress: 2, total: 3 },
        { progress: 3, total: 3 },
      ]);
    }
    // The reads really did bundle messages: the three progress notifications came in one burst.
    expect(stats.bursts.some((size) => size >= 4)).toBe(true);
    await client.close();
  });
});
