import { describe, expect, it, vi } from "vitest";
import {
  Client,
  McpServer,
  STATEFUL_PROTOCOL_VERSIONS,
  StreamableHttpClientTransport,
  StreamableHttpServer,
} from "../../../../src/index.js";
import { officialAddServerOverHttp } from "../../../fixtures/official-http.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

describe("Streamable HTTP client transport", () => {
  it("our Client over our server: calls, progress, logs, GET-stream notifications, DELETE on close", async () => {
    const server = new McpServer({ name: "ours", version: "1" });
    server.registerTool("work", {}, async (_args, ctx) => {
      await ctx.reportProgress(1, 1);
      await ctx.log("notice", "hello");
      return { content: [{ type: "text", text: "ok" }] };
    });
    server.registerResource("r", "file:///r", {}, (uri) => ({ contents: [{ uri: uri.href, text: "r" }] }));
    const http = new StreamableHttpServer(server);
    const listening = await serveOnLoopback(http);
    closers.push(listening.close);
    const client = new Client({ name: "c", version: "1" });
    const logs: unknown[] = [];
    const transport = new StreamableHttpClientTransport(listening.url, { headers: { authorization: "Bearer t" } });
    await client.connect(transport);
    client.onNotification("notifications/message", (params) => void logs.push(params?.data));
    const updated: unknown[] = [];
    client.onNotification("notifications/resources/updated", (params) => void updated.push(params?.uri));
    expect(http.sessionCount).toBe(1);
    const progress: unknown[] = [];
    const result = await client.callTool({ name: "work" }, { onProgress: (p) => progress.push(p) });
    expect(result.content).toEqual([{ type: "text", text: "ok" }]);
    expect(progress).toEqual([{ progress: 1, total: 1 }]);
    await vi.waitFor(() => expect(logs).toEqual(["hello"]));
    await client.subscribeResource({ uri: "file:///r" });
    // Give the GET stream a moment to be open before a standalone notification.
    await vi.waitFor(async () => {
      await server.sendResourceUpdated("file:///r");
      expect(updated.length).toBeGreaterThan(0);
    });
    await client.close();
    await vi.waitFor(() => expect(http.sessionCount).toBe(0));
  });

  it.each(STATEFUL_PROTOCOL_VERSIONS.filter((v) => v >= "2025-03-26"))(
    "our Client over the official SDK's Streamable HTTP server, %s",
    async (version) => {
      const official = await officialAddServerOverHttp();
      closers.push(official.close);
      const client = new Client({ name: "c", version: "1" }, { protocolVersions: [version] });
      await client.connect(new StreamableHttpClientTransport(official.url));
      expect(client.protocolVersion).toBe(version);
      expect((await client.listToolsAll()).map((t) => t.name)).toEqual(["add"]);
      expect((await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).content).toEqual([
        { type: "text", text: "5" },
      ]);
      await client.close();
    },
  );
});

describe("an expired session", () => {
  it("is re-initialized transparently when the server answers 404", async () => {
    const server = new McpServer({ name: "forgetful", version: "1" });
    server.registerTool("hello", {}, () => ({ content: [{ type: "text", text: "hi" }] }));
    const http = new StreamableHttpServer(server, { sessionIdleMs: 50 });
    const listening = await serveOnLoopback(http);
    closers.push(listening.close);
    const transport = new StreamableHttpClientTransport(listening.url, { openStandaloneStream: false });
    const client = new Client({ name: "c", version: "1" });
    await client.connect(transport);
    const firstSession = transport.sessionId;
    await client.callTool({ name: "hello" });
    // The server ends every session it has (as after idle expiry or a restart).
    await http.close();
    expect(http.sessionCount).toBe(0);
    const result = await client.callTool({ name: "hello" });
    expect(result.content).toEqual([{ type: "text", text: "hi" }]);
    expect(transport.reinitializations).toBe(1);
    expect(transport.sessionId).not.toBe(firstSession);
    await client.close();
  });
});
