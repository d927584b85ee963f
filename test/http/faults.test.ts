/** Streamable HTTP under faults: dropped connections, failing requests, servers that go away. */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Client,
  listen,
  McpServer,
  StreamableHttpClientTransport,
  type StreamableHttpOptions,
  StreamableHttpServer,
} from "../../src/index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function start(options: StreamableHttpOptions = {}) {
  const server = new McpServer({ name: "faults", version: "1" });
  server.registerTool("hi", { description: "hi" }, () => ({ content: [{ type: "text", text: "hi" }] }));
  const http = new StreamableHttpServer(server, options);
  const listening = await listen(http.handle);
  closers.push(async () => {
    await http.close();
    await listening.close();
  });
  return { server, http, url: listening.url };
}

describe("Streamable HTTP faults", () => {
  it("close() sends the DELETE again when a dropped keep-alive connection fails it, so the session does not outlive the client", async () => {
    // Caught by the load test: under load, a pooled connection the server had just closed failed
    // the DELETE (ECONNRESET), the failure was swallowed, and the session lived on on the server.
    const { http, url } = await start();
    let failDeletes = 1;
    const flaky: typeof fetch = (input, init) => {
      if (init?.method === "DELETE" && failDeletes-- > 0) return Promise.reject(new TypeError("fetch failed"));
      return fetch(input, init);
    };
    const client = new Client({ name: "c", version: "1" });
    await client.connect(new StreamableHttpClientTransport(url, { fetch: flaky, openStandaloneStream: false }));
    expect(http.sessionCount).toBe(1);
    await client.close();
    expect(failDeletes).toBe(-1);
    await vi.waitFor(() => expect(http.sessionCount).toBe(0));
  });
});
