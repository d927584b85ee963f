/**
 * Servers the profiling harness (bench/profile/run.ts) spawns, one per process so that its CPU time
 * is the server's alone: `stdio` (the kernel over stdio, as in bench/stdio-servers.mjs, but from src/) and `http-sse`,
 * `http-json`, `stateless` (McpServer behind StreamableHttpServer on node:http, printing its URL).
 *
 * Also the floors: `stdio-bare` (an NDJSON echo) and `http-bare` (a node:http JSON echo).
 *
 *   node --import tsx bench/profile/servers.ts stdio|http-sse|http-json|stateless|stdio-bare|http-bare [ROOT]
 *
 * ROOT (default: this checkout) is the checkout whose `src/` the SDK servers load, so one harness
 * can A/B two trees.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import type * as NodeEntry from "../../src/entry/node.js";
import type * as ServerEntry from "../../src/entry/server.js";
import type * as RootEntry from "../../src/index.js";

const kind = process.argv[2];

// HEAP_SAMPLE=FILE: a sampling heap profile of everything allocated (garbage included), written to
// FILE when the server stops: where the allocations per call come from.
const heapSample = process.env.HEAP_SAMPLE;
let stopHeapSample: (() => Promise<void>) | undefined;
if (heapSample) {
  const { Session } = await import("node:inspector/promises");
  const { writeFileSync } = await import("node:fs");
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  stopHeapSample = async () => {
    const { profile } = await session.post("HeapProfiler.stopSampling");
    writeFileSync(heapSample, JSON.stringify(profile));
  };
}
const root = process.argv[3] ?? join(import.meta.dirname, "../..");
const load = (path: string) => import(pathToFileURL(join(root, "src", path)).href);
const { listen, StdioServerTransport } = (await load("entry/node.ts")) as typeof NodeEntry;
const { ServerRunner } = (await load("entry/server.ts")) as typeof ServerEntry;
const { McpServer, StreamableHttpServer } = (await load("index.ts")) as typeof RootEntry;
const echoSchema = { type: "object", properties: { text: { type: "string" } }, required: ["text"] } as const;

if (kind === "stdio") {
  const runner = new ServerRunner({ serverInfo: { name: "bench", version: "1.0.0" }, capabilities: { tools: {} } })
    .setRequestHandler("tools/list", () => ({ tools: [{ name: "echo", inputSchema: { type: "object" } }] }))
    .setRequestHandler("tools/call", (params) => ({
      content: [{ type: "text", text: String((params?.arguments as { text?: string } | undefined)?.text) }],
    }));
  await runner.connect(new StdioServerTransport());
} else if (kind === "http-sse" || kind === "http-json" || kind === "stateless") {
  const server = new McpServer({ name: "bench", version: "1" });
  server.registerTool("echo", { description: "echo", inputSchema: echoSchema }, ({ text }) => ({
    content: [{ type: "text", text }],
  }));
  const http = new StreamableHttpServer(server, {
    jsonResponse: kind === "http-json",
    sessionless: kind === "stateless",
    maxSessions: 100_000,
  });
  const listening = await listen(http.handle);
  process.stdout.write(`${listening.url.href}\n`);
  process.stdin.on("end", async () => {
    await stopHeapSample?.();
    await http.close();
    await listening.close();
    process.exit(0);
  });
  process.stdin.resume();
} else if (kind === "stdio-bare") {
  // The floor over stdio: an NDJSON echo with no SDK.
  createInterface({ input: process.stdin }).on("line", (line) => {
    const request = JSON.parse(line) as { id: number; params?: { arguments?: { text?: string } } };
    process.stdout.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: request.id, result: { content: [{ type: "text", text: request.params?.arguments?.text }] } })}\n`,
    );
  });
} else if (kind === "http-bare") {
  // The floor over HTTP: node:http answering each POSTed JSON-RPC message with one JSON body.
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const message = JSON.parse(Buffer.concat(chunks).toString()) as { id?: number };
      if (message.id === undefined) {
        res.writeHead(202).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "mcp-session-id": "bare" });
      res.end(
        JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { content: [{ type: "text", text: "hello" }] } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp\n`);
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
} else {
  console.error("usage: servers.ts stdio|http-sse|http-json|stateless|stdio-bare|http-bare");
  process.exit(2);
}
