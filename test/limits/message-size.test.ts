/** The HTTP client's bound on what the server sends (stdio's and the HTTP server's bounds are tested with their transports). */
import { describe, expect, it } from "vitest";
import {
  Client,
  ErrorCode,
  McpError,
  McpServer,
  StreamableHttpClientTransport,
  StreamableHttpServer,
} from "../../src/index.js";
import { MessageTooLargeError } from "../../src/jsonrpc/transport.js";
import { SseParser } from "../../src/transport/sse.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";

const closers = closeAfterEach();

describe("HTTP client message size", () => {
  it.each([false, true])(
    "a server message over maxMessageBytes fails its request with -32000 and the session goes on (JSON answers: %s)",
    async (jsonResponse) => {
      const server = new McpServer({ name: "big", version: "1" });
      server.registerTool("big", {}, () => ({ content: [{ type: "text", text: "x".repeat(100_000) }] }));
      server.registerTool("small", {}, () => ({ content: [{ type: "text", text: "ok" }] }));
      const http = new StreamableHttpServer(server, { jsonResponse });
      const listening = await serveOnLoopback(http);
      closers.push(listening.close);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(
        new StreamableHttpClientTransport(listening.url, { maxMessageBytes: 10_000, openStandaloneStream: false }),
      );
      closers.push(() => client.close());
      const error = await client.callTool({ name: "big" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(ErrorCode.ConnectionClosed);
      expect((error as McpError).message).toMatch(/10000-byte limit/);
      await expect(client.callTool({ name: "small" })).resolves.toMatchObject({ content: [{ text: "ok" }] });
    },
  );

  it("the SSE parser refuses to hold an event past its limit, across chunks", () => {
    const events: unknown[] = [];
    const parser = new SseParser((event) => events.push(event), 100);
    parser.push("data: small\n\n");
    expect(events).toHaveLength(1);
    parser.push(`data: ${"y".repeat(60)}\n`);
    expect(() => parser.push(`data: ${"y".repeat(60)}`)).toThrow(MessageTooLargeError);
  });
});
