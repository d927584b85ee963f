import { describe, expect, it, vi } from "vitest";
import {
  Client,
  McpServer,
  StreamableHttpClientTransport,
  type StreamableHttpOptions,
  StreamableHttpServer,
} from "../../../../src/index.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

async function start(options: StreamableHttpOptions = {}) {
  const state = { aborted: false };
  const server = new McpServer({ name: "sessions", version: "1" });
  server.registerTool("hold", { description: "waits until cancelled" }, (_args, ctx) => {
    return new Promise((resolve) => {
      ctx.signal.addEventListener("abort", () => {
        state.aborted = true;
        resolve({ content: [] });
      });
    });
  });
  server.registerTool("hi", { description: "hi" }, () => ({ content: [{ type: "text", text: "hi" }] }));
  const http = new StreamableHttpServer(server, options);
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  return { http, url: listening.url, state };
}

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});
const postInit = (url: URL) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: initialize,
  });

describe("Streamable HTTP sessions", () => {
  it("session ids are 128-bit random, visible ASCII, and different each time", async () => {
    const { url } = await start();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await postInit(url);
      await response.body?.cancel();
      ids.add(response.headers.get("mcp-session-id") as string);
    }
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[\x21-\x7e]{32}$/);
  });

  it("caps live sessions (503) and expires idle ones", async () => {
    const { url, http } = await start({ maxSessions: 2, sessionIdleMs: 100 });
    for (let i = 0; i < 2; i++) await (await postInit(url)).body?.cancel();
    const refused = await postInit(url);
    expect(refused.status).toBe(503);
    expect(http.sessionCount).toBe(2);
    await vi.waitFor(() => expect(http.sessionCount).toBe(0), { timeout: 2_000 });
    const again = await postInit(url);
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });

  it("ending a session aborts its in-flight handlers and leaves nothing behind", async () => {
    const { url, http, state } = await start();
    const transport = new StreamableHttpClientTransport(url, { openStandaloneStream: false });
    const client = new Client({ name: "c", version: "1" });
    await client.connect(transport);
    const held = client.callTool({ name: "hold" }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close(); // DELETE
    await vi.waitFor(() => expect(state.aborted).toBe(true));
    expect(http.sessionCount).toBe(0);
    expect(await held).toBeInstanceOf(Error);
  });

  it("keeps idle streams alive with comments", async () => {
    const { url } = await start({ keepAliveMs: 30 });
    const init = await postInit(url);
    const session = init.headers.get("mcp-session-id") as string;
    await init.body?.cancel();
    const get = await fetch(url, { headers: { accept: "text/event-stream", "mcp-session-id": session } });
    const reader = (get.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain(": keep-alive");
    await reader.cancel();
  });

  it("our client works against JSON-response mode, with custom headers and a fetch override", async () => {
    const { url } = await start({ jsonResponse: true });
    const seen: string[] = [];
    const fetchOverride: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get("authorization") ?? "none");
      return fetch(input, init);
    };
    const client = new Client({ name: "c", version: "1" });
    await client.connect(
      new StreamableHttpClientTransport(url, { fetch: fetchOverride, headers: { authorization: "Bearer xyz" } }),
    );
    expect((await client.callTool({ name: "hi" })).content).toEqual([{ type: "text", text: "hi" }]);
    await client.close();
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen)).toEqual(new Set(["Bearer xyz"]));
  });
});
