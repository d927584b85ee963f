/**
 * The HTTP clients' default fetch on Node.js: with no `fetch` option their requests go through
 * node:http (seen from the server: undici adds `sec-fetch-mode` and `user-agent: node`, node:http
 * neither; and from diagnostics_channel, where each stack reports its requests), an explicit
 * `fetch` is used as given, a global fetch replaced after import is used instead, and the
 * transport's connections close with it. Real servers on 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toNodeListener } from "../../../../src/entry/node.js";
import {
  Client,
  LegacySseClientTransport,
  type McpServer,
  StreamableHttpClientTransport,
  StreamableHttpServer,
} from "../../../../src/index.js";
import { defaultFetch, isNodeJs } from "../../../../src/transport/streamable-http/default-fetch.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { echoToolServer, listenOnLoopback, openConnections } from "../../../helpers/http.js";

const closers = closeAfterEach();
afterEach(() => {
  vi.unstubAllGlobals();
});

function echoServer(): McpServer {
  const server = echoToolServer();
  server.registerResource("r", "file:///r", {}, (uri) => ({ contents: [{ uri: uri.href, text: "r" }] }));
  return server;
}

interface Seen {
  method: string;
  /** Whether undici sent it (its `sec-fetch-mode` header), rather than node:http. */
  undici: boolean;
  headers: IncomingMessage["headers"];
}

/**
 * A Streamable HTTP server behind a node:http server that records each request and counts open
 * connections; idle connections are never timed out by the server, so only the client can close them.
 */
async function recordingServer(
  options: { jsonResponse?: boolean; gate?: (req: IncomingMessage) => boolean } = {},
): Promise<{ url: URL; mcp: McpServer; http: StreamableHttpServer; seen: Seen[]; open: Set<Socket>; server: Server }> {
  const mcp = echoServer();
  const http = new StreamableHttpServer(mcp, { jsonResponse: options.jsonResponse ?? false });
  const listener = toNodeListener(http.handle);
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", undici: req.headers["sec-fetch-mode"] !== undefined, headers: req.headers });
    if (options.gate && !options.gate(req)) {
      req.resume();
      res.writeHead(401, { "www-authenticate": 'Bearer error="invalid_token"' }).end();
      return;
    }
    listener(req, res);
  });
  server.keepAliveTimeout = 0;
  const open = openConnections(server);
  const listening = await listenOnLoopback(server);
  closers.push(async () => {
    await http.close();
    await listening.close();
  });
  return { url: listening.url, mcp, http, seen, open, server };
}

/** Counts the requests each stack starts in this process while `body` runs. */
async function countingStacks<T>(body: () => Promise<T>): Promise<{ result: T; nodeHttp: number; undici: number }> {
  let nodeHttp = 0;
  let undici = 0;
  const onNode = () => nodeHttp++;
  const onUndici = () => undici++;
  subscribe("http.client.request.start", onNode);
  subscribe("undici:request:create", onUndici);
  try {
    const result = await body();
    return { result, nodeHttp, undici };
  } finally {
    unsubscribe("http.client.request.start", onNode);
    unsubscribe("undici:request:create", onUndici);
  }
}

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the HTTP clients' default fetch on Node.js", () => {
  it("is node:http here (real Node.js), and fetch in what only looks like Node", () => {
    expect(isNodeJs()).toBe(true);
    vi.stubGlobal("Deno", {});
    expect(isNodeJs()).toBe(false);
    vi.unstubAllGlobals();
    vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
    expect(isNodeJs()).toBe(false);
    vi.unstubAllGlobals();
    vi.stubGlobal("process", { ...process, versions: { ...process.versions, bun: "1.2.0" } });
    expect(isNodeJs()).toBe(false);
    vi.unstubAllGlobals();
    vi.stubGlobal("process", { versions: {}, env: {} });
    expect(isNodeJs()).toBe(false);
    vi.unstubAllGlobals();
    expect(isNodeJs()).toBe(true);
  });

  it.each([false, true])(
    "carries a session over node:http with no fetch option: answers, progress, the GET stream, DELETE on close, connections closed (JSON answers: %s)",
    { timeout: 30_000 },
    async (jsonResponse) => {
      const { url, mcp, http, seen, open } = await recordingServer({ jsonResponse });
      const client = new Client({ name: "c", version: "1" });
      const updated: unknown[] = [];
      client.onNotification("notifications/resources/updated", (params) => void updated.push(params?.uri));
      const { nodeHttp, undici } = await countingStacks(async () => {
        await client.connect(new StreamableHttpClientTransport(url));
        expect(http.sessionCount).toBe(1);
        const progress: unknown[] = [];
        const calls = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            client.callTool({ name: "echo", arguments: { text: `n${i}` } }, { onProgress: (p) => progress.push(p) }),
          ),
        );
        expect(calls.map((result) => result.content)).toEqual(
          Array.from({ length: 10 }, (_, i) => [{ type: "text", text: `n${i}` }]),
        );
        if (!jsonResponse) expect(progress).toHaveLength(10);
        // The standalone GET stream is open: a notification the server sends outside any request arrives.
        await client.subscribeResource({ uri: "file:///r" });
        await until(() => seen.some((request) => request.method === "GET"));
        await vi.waitFor(async () => {
          await mcp.sendResourceUpdated("file:///r");
          expect(updated.length).toBeGreaterThan(0);
        });
        await client.close();
      });
      expect(http.sessionCount).toBe(0);
      expect(seen.map((request) => request.method)).toContain("DELETE");
      expect(seen.filter((request) => request.undici)).toEqual([]);
      expect(
        seen.every((request) => request.headers["content-length"] !== undefined || request.method !== "POST"),
      ).toBe(true);
      expect(undici).toBe(0);
      expect(nodeHttp).toBe(seen.length);
      // The transport's agent is destroyed with it: no connection of it stays open.
      await until(() => open.size === 0);
    },
  );

  it("uses an explicit fetch as given (fetch: globalThis.fetch opts out of node:http)", {
    timeout: 30_000,
  }, async () => {
    const { url, seen } = await recordingServer();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return globalThis.fetch(input, init);
    };
    const { nodeHttp } = await countingStacks(async () => {
      const client = new Client({ name: "c", version: "1" });
      await client.connect(new StreamableHttpClientTransport(url, { fetch: counting, openStandaloneStream: false }));
      await client.callTool({ name: "echo", arguments: { text: "a" } });
      await client.close();
    });
    expect(calls).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((request) => request.undici)).toBe(true);
    expect(nodeHttp).toBe(0);
  });

  it("honours a global fetch replaced after typed-mcp was imported, before or after the transport was made", {
    timeout: 30_000,
  }, async () => {
    const { url, seen } = await recordingServer();
    const platform = globalThis.fetch;
    const stub = vi.fn((input: Parameters<typeof fetch>[0], init?: RequestInit) => platform(input, init));
    const client = new Client({ name: "c", version: "1" });
    const transport = new StreamableHttpClientTransport(url, { openStandaloneStream: false });
    await client.connect(transport);
    expect(seen.every((request) => !request.undici)).toBe(true);
    const before = seen.length;
    // Replaced after the transport was made: its next request goes to the replacement.
    vi.stubGlobal("fetch", stub);
    await client.callTool({ name: "echo", arguments: { text: "a" } });
    expect(stub).toHaveBeenCalledTimes(seen.length - before);
    expect(seen.slice(before).every((request) => request.undici)).toBe(true);
    // Restored: back to node:http.
    vi.unstubAllGlobals();
    const restored = seen.length;
    await client.callTool({ name: "echo", arguments: { text: "b" } });
    expect(seen.slice(restored).every((request) => !request.undici)).toBe(true);
    await client.close();
    // Replaced before a transport is made: that one uses the replacement from its first request.
    vi.stubGlobal("fetch", stub);
    stub.mockClear();
    const second = new Client({ name: "c", version: "1" });
    await second.connect(new StreamableHttpClientTransport(url, { openStandaloneStream: false }));
    await second.close();
    expect(stub.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("sends the auth provider's headers and answers a 401 through it, on node:http", { timeout: 30_000 }, async () => {
    const { url, seen } = await recordingServer({ gate: (req) => req.headers.authorization === "Bearer good" });
    let token = "stale";
    const refusals: number[] = [];
    const client = new Client({ name: "c", version: "1" });
    await client.connect(
      new StreamableHttpClientTransport(url, {
        openStandaloneStream: false,
        authProvider: {
          headers: () => ({ authorization: `Bearer ${token}` }),
          refused: async (response) => {
            refusals.push(response.status);
            token = "good";
            return true;
          },
        },
      }),
    );
    const result = await client.callTool({ name: "echo", arguments: { text: "ok" } });
    expect(result.content).toEqual([{ type: "text", text: "ok" }]);
    await client.close();
    expect(refusals).toEqual([401]);
    expect(seen[0]?.headers.authorization).toBe("Bearer stale");
    expect(seen.slice(1).every((request) => request.headers.authorization === "Bearer good")).toBe(true);
    expect(seen.every((request) => !request.undici)).toBe(true);
  });

  it("reads http.request at each request, so a patch of node:http made later (as HTTP mocking libraries make) applies", {
    timeout: 30_000,
  }, async () => {
    const { url } = await recordingServer();
    const http = process.getBuiltinModule("node:http");
    const original = http.request;
    let patched = 0;
    const client = new Client({ name: "c", version: "1" });
    await client.connect(new StreamableHttpClientTransport(url, { openStandaloneStream: false }));
    try {
      http.request = ((...args: Parameters<typeof original>) => {
        patched++;
        return original(...args);
      }) as typeof original;
      await client.callTool({ name: "echo", arguments: { text: "a" } });
    } finally {
      http.request = original;
    }
    expect(patched).toBe(1);
    await client.close();
  });

  it("keeps the message size limit", { timeout: 30_000 }, async () => {
    const { url, seen } = await recordingServer({ jsonResponse: true });
    const client = new Client({ name: "c", version: "1" });
    await client.connect(new StreamableHttpClientTransport(url, { maxMessageBytes: 100_000 }));
    await expect(client.callTool({ name: "big" })).rejects.toMatchObject({ code: -32000 });
    await client.close();
    expect(seen.every((request) => !request.undici)).toBe(true);
  });

  it("is the legacy HTTP+SSE client's default too, and closes its connections with it", {
    timeout: 30_000,
  }, async () => {
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
      seen.push({
        method: req.method ?? "",
        undici: req.headers["sec-fetch-mode"] !== undefined,
        headers: req.headers,
      });
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("event: endpoint\ndata: /messages\n\n");
        return;
      }
      req.resume();
      req.on("end", () => res.writeHead(202).end());
    });
    server.keepAliveTimeout = 0;
    const open = openConnections(server);
    const listening = await listenOnLoopback(server);
    closers.push(listening.close);
    const transport = new LegacySseClientTransport(new URL("/sse", listening.url));
    await transport.start();
    await transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    expect(seen.map((request) => request.method)).toEqual(["GET", "POST"]);
    expect(seen.every((request) => !request.undici)).toBe(true);
    await transport.close();
    await until(() => open.size === 0);
  });

  it("lets a process that connected, called and closed exit by itself", { timeout: 60_000 }, async () => {
    const { url, seen } = await recordingServer();
    const script = join(import.meta.dirname, "..", "..", "..", "fixtures", "http-client-exits.ts");
    const child = spawn(process.execPath, ["--import", "tsx", script, url.href], {
      cwd: join(import.meta.dirname, "..", "..", "..", ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let closedAt = 0;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await until(() => stdout.includes("closed"), 45_000).catch(() => {
      child.kill();
      throw new Error(`the child did not get to close: ${stdout} ${stderr}`);
    });
    closedAt = Date.now();
    const timer = setTimeout(() => child.kill(), 5_000);
    const code = await exited;
    clearTimeout(timer);
    // The server never times idle connections out: only the client's own closing let the child go.
    expect(Date.now() - closedAt).toBeLessThan(5_000);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("echo:hi");
    expect(seen.some((request) => request.method === "POST")).toBe(true);
    expect(seen.every((request) => !request.undici)).toBe(true);
  });

  it("closes the connections of a first request still loading node:http when the transport closes", {
    timeout: 30_000,
  }, async () => {
    const { url, open } = await recordingServer();
    const own = defaultFetch();
    // Destroyed in the same turn as the first request, before node-fetch.ts has loaded.
    const answered = own.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    own.destroy();
    await answered.then(
      (response) => response.text(),
      () => undefined,
    );
    // The server never times out idle connections: only the client's destroy closes this one.
    await until(() => open.size === 0);
  });
});
