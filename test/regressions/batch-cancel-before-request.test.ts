/**
 * Found by the HTTP fuzzer (1,000,000-case run of 2026-11-28, seeds 20261157 and 20261192): a
 * 2025-03-26 batch holding `notifications/cancelled` for id X followed by the request with id X lost
 * that request's answer. Every request of the batch was attached to the POST's stream before any was
 * delivered, so the cancellation, delivered first, settled the request that had not yet run: its
 * answer was then dropped and the stream ended without it. A cancellation only reaches requests
 * delivered before it, so the request is answered.
 */
import { describe, expect, it } from "vitest";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { SseParser } from "../../src/transport/sse.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";

const closers = closeAfterEach();

async function start(options: { jsonResponse?: boolean; sessionless?: boolean }) {
  const server = new McpServer({ name: "batch-cancel", version: "1" });
  const http = new StreamableHttpServer(server, options);
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  return listening.url;
}

function post(url: URL, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
}

async function messagesOf(response: Response): Promise<Array<{ id?: unknown; result?: unknown; error?: unknown }>> {
  const text = await response.text();
  if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    const messages: Array<{ id?: unknown }> = [];
    const parser = new SseParser((event) => {
      if (event.data !== "") messages.push(JSON.parse(event.data));
    });
    parser.push(text);
    return messages;
  }
  return JSON.parse(text);
}

async function session(url: URL): Promise<Record<string, string>> {
  const response = await post(url, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  await response.text();
  const headers = { "mcp-session-id": response.headers.get("mcp-session-id") as string };
  await (await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, headers)).text();
  return headers;
}

const batch = [
  { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 2 } },
  { jsonrpc: "2.0", id: 2, method: "ping" },
];

describe("a batch's cancellation of a request later in the same batch", () => {
  for (const jsonResponse of [false, true]) {
    it(`leaves that request answered (session, ${jsonResponse ? "JSON" : "SSE"})`, async () => {
      const url = await start({ jsonResponse });
      const headers = await session(url);
      const response = await post(url, batch, headers);
      expect(response.status).toBe(200);
      const messages = await messagesOf(response);
      expect(messages).toEqual([{ jsonrpc: "2.0", id: 2, result: {} }]);
    });
  }

  it("leaves that request answered (sessionless, no version header: 2025-03-26)", async () => {
    const url = await start({ sessionless: true });
    const response = await post(url, batch);
    expect(response.status).toBe(200);
    const messages = await messagesOf(response);
    expect(messages).toEqual([{ jsonrpc: "2.0", id: 2, result: {} }]);
  });
});
