/** Streamable HTTP under faults: dropped connections, failing requests, servers that go away. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import {
  Client,
  ErrorCode,
  McpError,
  McpServer,
  StreamableHttpClientTransport,
  type StreamableHttpOptions,
  StreamableHttpServer,
} from "../../src/index.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";

const closers = closeAfterEach();

async function start(options: StreamableHttpOptions = {}) {
  const server = new McpServer({ name: "faults", version: "1" });
  server.registerTool("hi", { description: "hi" }, () => ({ content: [{ type: "text", text: "hi" }] }));
  const http = new StreamableHttpServer(server, options);
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  return { server, http, url: listening.url };
}

const CHILD = fileURLToPath(new URL("../fixtures/http-server-child.ts", import.meta.url));

/** Starts the child server; resolves with its URL once it listens, and a way to wait for a line it prints. */
async function startChild(
  ...args: string[]
): Promise<{ child: ChildProcess; url: URL; line(text: string): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  closers.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const seen: string[] = [];
  lines.on("line", (text) => seen.push(text));
  const line = (text: string) =>
    vi.waitFor(() => expect(seen).toContain(text), { timeout: 15_000, interval: 20 }).then(() => {});
  await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0), { timeout: 15_000, interval: 20 });
  return { child, url: new URL(seen[0] as string), line };
}

describe("Streamable HTTP faults", () => {
  it("a server restarted with its event and session stores: the client reconnects with backoff and resumes, nothing lost or repeated", async () => {
    const directory = mkdtempSync(join(tmpdir(), "typed-mcp-restart-"));
    closers.push(async () => rmSync(directory, { recursive: true, force: true }));
    const first = await startChild("0", directory);
    const client = new Client({ name: "c", version: "1" });
    await client.connect(
      new StreamableHttpClientTransport(first.url, { openStandaloneStream: false, reconnect: { initialDelayMs: 500 } }),
    );
    const progress: number[] = [];
    const answer = client.callTool(
      { name: "ticks" },
      { onProgress: (p) => progress.push(p.progress), timeout: 60_000 },
    );
    // The tool ends its stream after tick 3 (the client comes back after `retry`), then stores
    // ticks 4-6 and its answer: the server dies before the client has them.
    await first.line("stored 1"); // The answer to request 1 (0 was initialize) is stored.
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(progress).toEqual([1, 2, 3]);
    await startChild(first.url.port, directory);
    await expect(answer).resolves.toMatchObject({ content: [{ type: "text", text: "six ticks" }] });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    // The restored session goes on serving.
    await expect(client.callTool({ name: "hi" })).resolves.toMatchObject({ content: [{ text: "hi" }] });
    await client.close();
  }, 60_000);

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
