/**
 * The typed-mcp command over Streamable HTTP sends through the client's default fetch, node:http
 * on Node.js, with and without an Authorization header given (two different paths in
 * src/cli/connection.ts), and leaves no connection open: seen from a real server on 127.0.0.1 that
 * never times idle connections out (undici adds `sec-fetch-mode`; node:http does not).
 */
import { createServer } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "../../src/entry/node.js";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { listenOnLoopback, openConnections } from "../helpers/http.js";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function recordingServer() {
  const mcp = new McpServer({ name: "recorded", version: "1.0.0" });
  mcp.registerTool("hello", {}, () => ({ content: [{ type: "text", text: "hi" }] }));
  const http = new StreamableHttpServer(mcp);
  const listener = toNodeListener(http.handle);
  const seen: Array<{ method: string; undici: boolean; authorization: string | undefined }> = [];
  const server = createServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      undici: req.headers["sec-fetch-mode"] !== undefined,
      authorization: req.headers.authorization,
    });
    listener(req, res);
  });
  server.keepAliveTimeout = 0;
  const open = openConnections(server);
  const listening = await listenOnLoopback(server);
  stops.push(async () => {
    await http.close();
    await listening.close();
  });
  return { url: listening.url, seen, open };
}

describe("typed-mcp over Streamable HTTP on Node.js", () => {
  it.each([
    ["without an Authorization header (the OAuth provider's path)", []],
    ["with an Authorization header (the 401-answering fetch's path)", ["--header", "Authorization: Bearer t"]],
  ])("sends through node:http and closes its connections, %s", { timeout: 60_000 }, async (_name, extra) => {
    const { url, seen, open } = await recordingServer();
    const { code, stdout, stderr } = await runCli([
      "call",
      url.href,
      "hello",
      "--protocol-version",
      "2025-11-25",
      ...extra,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("hi");
    expect(seen.filter((request) => request.method === "POST").length).toBeGreaterThanOrEqual(3);
    expect(seen.filter((request) => request.undici)).toEqual([]);
    if (extra.length > 0) expect(seen.every((request) => request.authorization === "Bearer t")).toBe(true);
    const deadline = Date.now() + 5_000;
    while (open.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(open.size).toBe(0);
  });
});
