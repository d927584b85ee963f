/**
 * A reader that stops reading (an SSE client, the process on the other end of stdio) must not make
 * the writer's memory grow without bound: output is buffered up to a limit, then the stream is
 * closed with a clear reason.
 */
import { connect, type Socket } from "node:net";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { Dispatcher } from "../../src/entry/jsonrpc.js";
import { ServerRunner } from "../../src/entry/server.js";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { StalledReaderError } from "../../src/jsonrpc/transport.js";
import { StdioClientTransport, StdioServerTransport } from "../../src/transport/stdio.js";
import { DEFAULT_MAX_SSE_BUFFER_BYTES } from "../../src/transport/streamable-http/sse-stream.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";

const closers = closeAfterEach();

const BIG = "x".repeat(16 * 1024);
const LIMIT = 256 * 1024;
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A raw HTTP/1.1 request on its own socket that never reads its response. */
function stalledRequest(url: URL, method: string, headers: Record<string, string>, body = ""): Socket {
  const socket = connect(Number(url.port), url.hostname);
  socket.pause();
  const lines = [
    `${method} ${url.pathname} HTTP/1.1`,
    `host: ${url.host}`,
    `content-length: ${Buffer.byteLength(body)}`,
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`);
  closers.push(() => void socket.destroy());
  return socket;
}

/** Reads the rest of a socket; resolves with the byte count once the server has closed it. */
function drainToEnd(socket: Socket): Promise<number> {
  return new Promise((resolve) => {
    let bytes = 0;
    socket.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    });
    socket.on("close", () => resolve(bytes));
    socket.resume();
  });
}

async function floodingHttpServer() {
  const errors: Error[] = [];
  const state = { aborted: [] as unknown[], sent: 0 };
  const runner = new ServerRunner({
    serverInfo: { name: "flood", version: "1" },
    capabilities: { tools: {}, logging: {} },
    onError: (error) => errors.push(error),
  });
  runner.setRequestHandler("tools/call", async (params, context) => {
    const standalone = (params?.arguments as { standalone?: boolean } | undefined)?.standalone === true;
    const stalled = () => errors.some((error) => error instanceof StalledReaderError);
    // Floods its own stream, or the session's GET stream, until the stall is detected.
    while (!context.signal.aborted && !(standalone && stalled())) {
      const params = { level: "info", data: BIG };
      try {
        if (standalone) await context.connection.outbound.notify("notifications/message", params);
        else await context.dispatch.notify("notifications/message", params);
      } catch {
        break;
      }
      state.sent += BIG.length;
      await tick();
    }
    if (context.signal.aborted) state.aborted.push(context.signal.reason);
    return { content: [{ type: "text", text: `sent ${state.sent}` }] };
  });
  runner.setRequestHandler("tools/list", () => ({ tools: [] }));
  const http = new StreamableHttpServer(runner, { maxSseBufferBytes: LIMIT });
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  const post = async (body: unknown, sessionId?: string) => {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
    };
    if (sessionId) headers["mcp-session-id"] = sessionId;
    return fetch(listening.url, { method: "POST", headers, body: JSON.stringify(body) });
  };
  const init = await post({
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  const sessionId = init.headers.get("mcp-session-id") as string;
  await init.text();
  await (await post({ jsonrpc: "2.0", method: "notifications/initialized" }, sessionId)).text();
  return { errors, state, http, url: listening.url, sessionId, post };
}

const stalledErrors = (errors: Error[]) =>
  errors.filter((e): e is StalledReaderError => e instanceof StalledReaderError);

describe("slow consumer: Streamable HTTP", () => {
  it("defaults to a 4 MiB SSE buffer per stream", () => {
    expect(DEFAULT_MAX_SSE_BUFFER_BYTES).toBe(4 * 1024 * 1024);
  });

  it("a POST stream whose client stops reading is closed at the limit, and its request is cancelled with that reason", async () => {
    const { errors, state, url, sessionId } = await floodingHttpServer();
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "flood" } });
    const socket = stalledRequest(
      url,
      "POST",
      {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-11-25",
      },
      body,
    );
    await vi.waitFor(() => expect(state.aborted).toHaveLength(1), { timeout: 15_000 });
    const [stall, ...more] = stalledErrors(errors);
    expect(more).toEqual([]);
    expect(stall?.limit).toBe(LIMIT);
    // Never more waiting than the limit plus the one message that would have crossed it.
    expect(stall?.buffered).toBeLessThanOrEqual(LIMIT + BIG.length + 1024);
    expect(String(state.aborted[0])).toMatch(/stopped reading: \d+ bytes would be waiting, over the 262144-byte limit/);
    // The server let go of the connection: once the client reads again, it reaches the end.
    await drainToEnd(socket);
  });

  it("a GET stream whose client stops reading is closed at the limit; the session and its other streams go on", async () => {
    const { errors, state, url, sessionId, post } = await floodingHttpServer();
    const socket = stalledRequest(url, "GET", {
      accept: "text/event-stream",
      "mcp-session-id": sessionId,
      "mcp-protocol-version": "2025-11-25",
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // The GET stream is open.
    const call = await post(
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "flood", arguments: { standalone: true } } },
      sessionId,
    );
    expect(await call.text()).toMatch(/"result":\{"content":\[\{"text":"sent \d+","type":"text"\}\]/);
    const [stall] = stalledErrors(errors);
    expect(stall?.stream).toMatch(/SSE stream [0-9a-f]{32}\.standalone/);
    expect(stall?.buffered).toBeLessThanOrEqual(LIMIT + BIG.length + 1024);
    expect(state.aborted).toEqual([]);
    await drainToEnd(socket);
    const list = await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, sessionId);
    expect(await list.text()).toMatch(/"result":\{"tools":\[\]\}/);
  });
});

describe("slow consumer: stdio", () => {
  it("a server whose stdout reader stops closes at the limit with a clear error, and its handler is aborted", async () => {
    const stdin = new PassThrough();
    let accepted = 0;
    const stdout = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, _callback) {
        accepted += chunk.length; // Never calls back: the reader has stopped.
      },
    });
    const server = new McpServer({ name: "flood", version: "1" });
    const aborted: unknown[] = [];
    server.registerTool("flood", {}, async (_args, ctx) => {
      while (!ctx.signal.aborted) {
        await ctx.log("info", BIG).catch(() => {});
        await tick();
      }
      aborted.push(ctx.signal.reason);
      return { content: [] };
    });
    const errors: Error[] = [];
    const limit = 64 * 1024;
    const transport = new StdioServerTransport({ stdin, stdout, maxBufferedBytes: limit });
    const connected = await server.connect(transport, { onError: (error) => errors.push(error) });
    const send = (message: unknown) => stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "flood" } });
    await vi.waitFor(() => expect(aborted).toHaveLength(1), { timeout: 10_000 });
    await connected.closed;
    expect(errors.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/the peer stopped reading: \d+ bytes are waiting, over the 65536-byte limit; closing/),
    );
    expect(stdout.writableLength + accepted).toBeLessThanOrEqual(limit + BIG.length + 1024);
  });

  it("a client whose server process stops reading its stdin closes at the limit instead of buffering", async () => {
    const limit = 256 * 1024;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["-e", "setInterval(() => {}, 1000)"],
      maxBufferedBytes: limit,
      closeTimeoutMs: 100,
    });
    const dispatcher = new Dispatcher(transport);
    await dispatcher.start();
    closers.push(() => dispatcher.close());
    let failure: unknown;
    let sent = 0;
    while (failure === undefined && sent < 64 * 1024 * 1024) {
      await dispatcher.notify("notifications/message", { data: BIG }).catch((error: unknown) => {
        failure = error;
      });
      sent += BIG.length;
      await tick();
    }
    expect(String(failure)).toMatch(/stopped reading: \d+ bytes are waiting, over the 262144-byte limit/);
    expect(dispatcher.isClosed).toBe(true);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});
