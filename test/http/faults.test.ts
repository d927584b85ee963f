/** Streamable HTTP under faults: dropped connections, failing requests, servers that go away. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Client,
  ErrorCode,
  listen,
  McpError,
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

const CHILD = fileURLToPath(new URL("../fixtures/http-server-child.ts", import.meta.url));

/** Starts the child server; resolves with its URL once it listens. */
async function startChild(): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], { stdio: ["ignore", "pipe", "inherit"] });
  closers.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve) => lines.once("line", resolve));
  return { child, url: new URL(first) };
}

describe("Streamable HTTP faults", () => {
  it("a server process that dies while a request waits: the request rejects at once with ConnectionClosed, and so do later ones", async () => {
    const { child, url } = await startChild();
    const client = new Client({ name: "c", version: "1" });
    await client.connect(new StreamableHttpClientTransport(url, { openStandaloneStream: false }));
    await expect(client.callTool({ name: "hi" })).resolves.toMatchObject({ content: [{ text: "hi" }] });
    // A long timeout: only the connection's end may settle this call.
    const waiting = client.callTool({ name: "hold" }, { timeout: 600_000 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100)); // The request is in the server's hands.
    child.kill("SIGKILL");
    const error = await waiting;
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.ConnectionClosed);
    expect((error as McpError).message).toMatch(/^Connection closed: the stream failed/);
    const later = await client.callTool({ name: "hi" }, { timeout: 600_000 }).catch((e: unknown) => e);
    expect((later as McpError).code).toBe(ErrorCode.ConnectionClosed);
    expect((later as McpError).message).toMatch(/^the server could not be reached: \S+/);
    await client.close();
  });

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
