import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { StdioServerTransport } from "../../../src/entry/node.js";
import { ServerRunner } from "../../../src/entry/server.js";
import { LATEST_PROTOCOL_VERSION } from "../../../src/entry/validation.js";
import { TransportClosedError } from "../../../src/transport/stdio.js";

/**
 * The kernel on a stdio server transport over in-process pipes: how lines that arrive together, split
 * or at the size limit are answered, and how many writes the answers take.
 */
async function kernelOnPipes(maxMessageBytes?: number) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const runner = new ServerRunner({ serverInfo: { name: "lines", version: "1" }, capabilities: { tools: {} } })
    .setRequestHandler("tools/list", async () => {
      await released;
      return { tools: [] };
    })
    .setRequestHandler("tools/call", (params) => {
      const text = (params?.arguments as { text?: string } | undefined)?.text;
      if (text === "throw") throw new Error("the handler failed");
      return { content: [{ type: "text", text: String(text) }] };
    });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Array<{ id?: unknown; result?: { content?: Array<{ text: string }> }; error?: { code: number } }> = [];
  let writes = 0;
  let buffered = "";
  stdout.on("data", (chunk: Buffer) => {
    writes++;
    buffered += chunk.toString("utf8");
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      lines.push(JSON.parse(buffered.slice(0, newline)));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  });
  const transport = new StdioServerTransport({ stdin, stdout, ...(maxMessageBytes ? { maxMessageBytes } : {}) });
  await runner.connect(transport);
  const waitFor = async (count: number) => {
    await expect.poll(() => lines.length, { timeout: 5000 }).toBeGreaterThanOrEqual(count);
  };
  stdin.write(
    `${JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "t", version: "1" } } })}\n`,
  );
  await waitFor(1);
  stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  lines.length = 0;
  writes = 0;
  return {
    stdin,
    lines,
    writes: () => writes,
    waitFor,
    release,
    transport,
    close: () => transport.close(),
  };
}

const call = (id: number, text: string) =>
  `${JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { text } } })}\n`;

/** Lets the pipes deliver what was written (a macrotask: every microtask and stream tick before it has run). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("StdioServerTransport with the kernel: lines as they arrive", () => {
  it("answers a batch of request lines that arrive in one chunk, each in order, all in one write", async () => {
    const pipes = await kernelOnPipes();
    close = pipes.close;
    pipes.stdin.write(Array.from({ length: 10 }, (_, n) => call(n + 1, `m${n + 1}`)).join(""));
    await pipes.waitFor(10);
    expect(pipes.lines.map((line) => line.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pipes.lines.map((line) => line.result?.content?.[0]?.text)).toEqual(
      Array.from({ length: 10 }, (_, n) => `m${n + 1}`),
    );
    expect(pipes.writes()).toBe(1);
  });

  it("answers handlers that return at once and one that awaits, from the same chunk", async () => {
    const pipes = await kernelOnPipes();
    close = pipes.close;
    pipes.stdin.write(
      `${call(1, "a")}${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" })}\n${call(3, "throw")}${call(4, "b")}`,
    );
    await pipes.waitFor(3);
    await settle();
    // The awaiting one is not answered yet; the others are, the failing one with an error of its own.
    const byId = new Map(pipes.lines.map((line) => [line.id, line]));
    expect([...byId.keys()].sort()).toEqual([1, 3, 4]);
    expect(byId.get(1)?.result?.content?.[0]?.text).toBe("a");
    expect(byId.get(3)?.error?.code).toBe(-32603);
    expect(byId.get(4)?.result?.content?.[0]?.text).toBe("b");
    pipes.release();
    await pipes.waitFor(4);
    expect(pipes.lines[3]).toMatchObject({ id: 2, result: { tools: [] } });
  });

  it("answers a request whose line, and a multi-byte character in it, is split across chunks", async () => {
    const pipes = await kernelOnPipes();
    close = pipes.close;
    const bytes = Buffer.from(call(7, "héllo ✓ 𝄞"));
    const inCheck = bytes.indexOf(Buffer.from("✓"));
    const inClef = bytes.indexOf(Buffer.from("𝄞"));
    // Cuts inside the 3-byte and the 4-byte character.
    for (const part of [
      bytes.subarray(0, 5),
      bytes.subarray(5, inCheck + 1),
      bytes.subarray(inCheck + 1, inClef + 2),
    ]) {
      pipes.stdin.write(part);
      await settle();
    }
    expect(pipes.lines).toEqual([]);
    pipes.stdin.write(bytes.subarray(inClef + 2));
    await pipes.waitFor(1);
    expect(pipes.lines[0]).toMatchObject({ id: 7, result: { content: [{ type: "text", text: "héllo ✓ 𝄞" }] } });
  });

  it("serves a line exactly at the size limit, whole or in pieces, and refuses one byte more with -32600", async () => {
    const atLimit = call(1, "x".repeat(400));
    const limit = Buffer.byteLength(atLimit) - 1; // Without its newline.
    const pipes = await kernelOnPipes(limit);
    close = pipes.close;
    pipes.stdin.write(atLimit);
    await pipes.waitFor(1);
    expect(pipes.lines[0]).toMatchObject({ id: 1, result: { content: [{ text: "x".repeat(400) }] } });

    const split = Buffer.from(call(2, "y".repeat(400)));
    pipes.stdin.write(split.subarray(0, 200));
    await settle();
    pipes.stdin.write(split.subarray(200));
    await pipes.waitFor(2);
    expect(pipes.lines[1]).toMatchObject({ id: 2, result: { content: [{ text: "y".repeat(400) }] } });

    // One byte over, whole and in pieces: each refused with a typed error, and the next line still served.
    pipes.stdin.write(call(3, "z".repeat(401)));
    const over = Buffer.from(call(4, "w".repeat(401)));
    pipes.stdin.write(over.subarray(0, 300));
    await settle();
    pipes.stdin.write(Buffer.concat([over.subarray(300), Buffer.from(call(5, "after"))]));
    await pipes.waitFor(5);
    expect(pipes.lines[2]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(pipes.lines[3]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(pipes.lines[4]).toMatchObject({ id: 5, result: { content: [{ text: "after" }] } });
  });

  it("a send after close rejects with TransportClosedError instead of throwing", async () => {
    const pipes = await kernelOnPipes();
    await pipes.close();
    const sent = pipes.transport.send({ jsonrpc: "2.0", method: "notifications/message" });
    await expect(sent).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("a message that cannot be encoded rejects its send and sends nothing", async () => {
    const pipes = await kernelOnPipes();
    close = pipes.close;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(
      pipes.transport.send({ jsonrpc: "2.0", method: "notifications/message", params: cyclic }),
    ).rejects.toBeInstanceOf(TypeError);
    await settle();
    expect(pipes.writes()).toBe(0);
  });
});
