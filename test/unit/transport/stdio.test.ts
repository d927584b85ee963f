import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { Dispatcher } from "../../../src/jsonrpc/dispatcher.js";
import { ConnectionClosedError } from "../../../src/protocol/errors.js";
import { StdioClientTransport, StdioServerTransport } from "../../../src/transport/stdio.js";

/** A child process that answers every request line with {id, result: {echo: params}}, via plain newline JSON. */
const ECHO_CHILD = `
const rl = require("node:readline").createInterface({ input: process.stdin });
rl.on("line", (line) => {
  let m; try { m = JSON.parse(line); } catch { process.stdout.write(JSON.stringify({jsonrpc:"2.0",id:null,error:{code:-32700,message:"parse"}})+"\\n"); return; }
  if (m.method === "die") process.exit(3);
  if (m.method === "hang") return;
  if (m.id !== undefined && m.method) process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result: { echo: m.params ?? null } }) + "\\n");
});
`;

describe("StdioClientTransport", () => {
  it("talks to a spawned process and closes it cleanly", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: ["-e", ECHO_CHILD], stderr: "pipe" });
    const dispatcher = new Dispatcher(transport);
    await dispatcher.start();
    await expect(dispatcher.sendRawRequest("hello", { n: 1 })).resolves.toEqual({ echo: { n: 1 } });
    const many = await Promise.all(Array.from({ length: 50 }, (_, n) => dispatcher.sendRawRequest("x", { n })));
    expect(many.map((r) => (r.echo as { n: number }).n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    await dispatcher.close();
    expect(transport.exitStatus?.code).toBe(0);
  });

  it("rejects pending requests at once when the server process dies", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: ["-e", ECHO_CHILD] });
    const dispatcher = new Dispatcher(transport);
    await dispatcher.start();
    const waiting = dispatcher.sendRawRequest("hang", {}, { timeout: 30_000 });
    const outcome = waiting.catch((error: unknown) => error);
    await dispatcher.notify("die");
    const started = Date.now();
    expect(await outcome).toBeInstanceOf(ConnectionClosedError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(transport.exitStatus?.code).toBe(3);
  });

  it("a command that cannot start is an error, not a hang", async () => {
    const transport = new StdioClientTransport({ command: "/nonexistent/typed-mcp-server" });
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    await expect(transport.start()).rejects.toThrow(/ENOENT/);
  });
});

describe("StdioServerTransport", () => {
  it("answers a broken line with -32700 and keeps serving", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const transport = new StdioServerTransport({ stdin, stdout });
    const dispatcher = new Dispatcher(transport);
    dispatcher.setHandler({ onRequest: async ({ request }) => ({ method: request.method }), onNotification: () => {} });
    await dispatcher.start();
    const lines: unknown[] = [];
    stdout.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    });
    stdin.write('{"jsonrpc":"2.0","id":1,"method":"tools/li\n');
    stdin.write('{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    await vi.waitFor(() => expect(lines).toHaveLength(2), { interval: 2 });
    expect(lines[0]).toMatchObject({ id: null, error: { code: -32700 } });
    expect(lines[1]).toEqual({ jsonrpc: "2.0", id: 2, result: { method: "ping" } });
    const closed = new Promise<void>((resolve) => {
      dispatcher.onclose = resolve;
    });
    stdin.end();
    await closed;
  });

  it("answers an oversized line with an error and keeps serving", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const dispatcher = new Dispatcher(new StdioServerTransport({ stdin, stdout, maxMessageBytes: 64 }));
    dispatcher.setHandler({ onRequest: async () => ({ ok: true }), onNotification: () => {} });
    await dispatcher.start();
    const lines: Array<Record<string, unknown>> = [];
    stdout.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    });
    stdin.write(`{"jsonrpc":"2.0","id":1,"method":"x","params":{"pad":"${"z".repeat(500)}"}}\n`);
    stdin.write('{"jsonrpc":"2.0","id":2,"method":"x"}\n');
    await vi.waitFor(() => expect(lines).toHaveLength(2), { interval: 2 });
    expect(lines[0]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(lines[1]).toEqual({ jsonrpc: "2.0", id: 2, result: { ok: true } });
    await dispatcher.close();
  });
});
