/**
 * The node adapter's SSE answers, read as raw bytes off a real socket: an answer ready at once goes
 * out whole (headers, one event and the end, with its length); a slow one gets its headers at once,
 * keep-alive comments while it waits, then its event and the end; a client that hangs up cancels it.
 */
import { type IncomingMessage, request } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { McpServer, type StreamableHttpOptions, StreamableHttpServer } from "../../../../src/index.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

async function start(options: StreamableHttpOptions = {}) {
  const state = { aborted: false, started: false, slowAnswered: false };
  const server = new McpServer({ name: "node-sse", version: "1" });
  server.registerTool("hi", { description: "hi" }, () => ({ content: [{ type: "text", text: "hi" }] }));
  server.registerTool("slow", { description: "answers after 250 ms" }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    state.slowAnswered = true;
    return { content: [{ type: "text", text: "late" }] };
  });
  server.registerTool("hold", { description: "waits until cancelled" }, (_args, ctx) => {
    state.started = true;
    return new Promise((resolve) => {
      ctx.signal.addEventListener("abort", () => {
        state.aborted = true;
        resolve({ content: [] });
      });
    });
  });
  const http = new StreamableHttpServer(server, options);
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  return { url: listening.url, state };
}

const BASE = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** One raw POST; resolves with the response once its headers are in (the body still unread). */
function post(url: URL, headers: Record<string, string>, body: unknown): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { ...headers, "content-length": Buffer.byteLength(text) },
        agent: false,
      },
      resolve,
    );
    req.on("error", reject);
    req.end(text);
  });
}

/** Every chunk of the body as it arrived, once it has ended. */
function chunksOf(response: IncomingMessage): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => chunks.push(chunk));
    response.on("end", () => resolve(chunks));
    response.on("error", reject);
  });
}

async function openSession(url: URL): Promise<Record<string, string>> {
  const init = await post(url, BASE, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  await chunksOf(init);
  const headers = {
    ...BASE,
    "mcp-session-id": String(init.headers["mcp-session-id"]),
    "mcp-protocol-version": "2025-11-25",
  };
  const initialized = await post(url, headers, { jsonrpc: "2.0", method: "notifications/initialized" });
  expect(initialized.statusCode).toBe(202);
  await chunksOf(initialized);
  return headers;
}

const call = (id: number, name: string) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name } });

/** The `data:` lines of the events in `text`, parsed. */
function events(text: string): unknown[] {
  return text
    .split("\n\n")
    .filter((block) => block.split("\n").some((line) => line.startsWith("data: ")))
    .map((block) => {
      const lines = block.split("\n");
      expect(lines).toContain("event: message");
      return JSON.parse(
        lines
          .filter((line) => line.startsWith("data: "))
          .map((line) => line.slice(6))
          .join("\n"),
      );
    });
}

describe("SSE answers on the node adapter", () => {
  it("an answer ready at once goes out whole: SSE headers, a Content-Length, one event, the end", async () => {
    const { url } = await start();
    const headers = await openSession(url);
    for (let id = 1; id <= 3; id++) {
      const response = await post(url, headers, call(id, "hi"));
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("text/event-stream");
      expect(response.headers["cache-control"]).toBe("no-cache");
      expect(response.headers["transfer-encoding"]).toBeUndefined();
      const text = (await chunksOf(response)).join("");
      expect(Number(response.headers["content-length"])).toBe(Buffer.byteLength(text));
      expect(text.endsWith("\n\n")).toBe(true);
      expect(events(text)).toEqual([{ jsonrpc: "2.0", id, result: { content: [{ type: "text", text: "hi" }] } }]);
    }
  });

  it("a slow answer gets its headers at once, keep-alive comments while it waits, then its event and the end", async () => {
    const { url, state } = await start({ keepAliveMs: 40 });
    const headers = await openSession(url);
    const response = await post(url, headers, call(7, "slow"));
    // The headers came before the handler answered (it takes 250 ms).
    expect(state.slowAnswered).toBe(false);
    expect(response.headers["content-type"]).toBe("text/event-stream");
    expect(response.headers["content-length"]).toBeUndefined();
    const chunks = await chunksOf(response);
    const text = chunks.join("");
    const answerAt = text.indexOf("event: message");
    expect(answerAt).toBeGreaterThan(0);
    expect(text.slice(0, answerAt)).toContain(": keep-alive\n\n");
    expect(events(text)).toEqual([{ jsonrpc: "2.0", id: 7, result: { content: [{ type: "text", text: "late" }] } }]);
  });

  it("an answer ready at once arms no keep-alive: none follows it on the connection", async () => {
    const { url } = await start({ keepAliveMs: 20 });
    const headers = await openSession(url);
    const response = await post(url, headers, call(1, "hi"));
    const text = (await chunksOf(response)).join("");
    expect(text).not.toContain("keep-alive");
    expect(events(text)).toHaveLength(1);
  });

  it("a client that hangs up mid-stream cancels the request: the handler's signal aborts", async () => {
    const { url, state } = await start();
    const headers = await openSession(url);
    const response = await post(url, headers, call(9, "hold"));
    expect(response.headers["content-type"]).toBe("text/event-stream");
    await vi.waitFor(() => expect(state.started).toBe(true));
    expect(state.aborted).toBe(false);
    response.destroy();
    await vi.waitFor(() => expect(state.aborted).toBe(true), { timeout: 5_000 });
    // The session still serves the next request.
    const next = await post(url, headers, call(10, "hi"));
    expect(events((await chunksOf(next)).join(""))).toHaveLength(1);
  });

  it("streams of several requests in flight at once each get their own answer", async () => {
    const { url } = await start();
    const headers = await openSession(url);
    const answers = await Promise.all(
      Array.from({ length: 16 }, async (_, i) =>
        events((await chunksOf(await post(url, headers, call(100 + i, "hi")))).join("")),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer).toEqual([{ jsonrpc: "2.0", id: 100 + i, result: { content: [{ type: "text", text: "hi" }] } }]);
    });
  });
});
