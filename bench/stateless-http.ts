/**
 * Stateless `tools/call` over Streamable HTTP at protocol 2026-07-28, on 127.0.0.1: no initialize,
 * no session; every POST carries the `_meta` envelope and the MCP-Protocol-Version / Mcp-Method /
 * Mcp-Name headers, and is answered with one JSON body. Servers:
 *
 * - typed-mcp: one McpServer behind StreamableHttpServer, in stateless mode and in the default
 *   (sessionful) mode, which serves 2026-07-28 requests without a session too;
 * - the official SDK v2 (`@modelcontextprotocol/server` 2.4.0): `createMcpHandler`, its 2026-07-28
 *   serving entry, which builds a fresh McpServer per request from a factory (the tool's zod input
 *   schema is built once, outside the factory), served on node:http by its own adapter
 *   (`toNodeHandler` from `@modelcontextprotocol/node` 2.1.2);
 * - the floors: a bare node:http endpoint parsing the POSTed JSON and answering with the echo; and
 *   the same as a web-standard `(Request) => Response` handler behind our node adapter's general
 *   path (a web Request and Response per call; our own server takes the adapter's fast path).
 *
 * One load generator drives all of them: node:http requests over a keep-alive Agent (one socket
 * per request in flight), 1 and 32 requests in flight. Each answer is checked before timing, and
 * every timed answer must be a 200. An untimed round warms every server first; then rounds are
 * interleaved (every server once per round, in an order that rotates) and the median round is
 * reported, so load from other processes on the machine hits all servers alike.
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, McpServer as V2McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { listen } from "../src/entry/node.js";
import { McpServer, StreamableHttpServer } from "../src/index.js";
import { median } from "./median.js";

const VERSION = "2026-07-28";
const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": VERSION,
  "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": {},
};
const HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": VERSION,
  "mcp-method": "tools/call",
  "mcp-name": "echo",
};

interface Target {
  name: string;
  url: URL;
  close(): Promise<void>;
}

export interface StatelessHttpRow {
  inFlight: number;
  /** calls/s, median of the rounds, per server. */
  oursStateless: number;
  oursDefault: number;
  officialV2: number;
  bare: number;
  bareWeb: number;
}

const echoSchema = {
  type: "object",
  properties: { text: { type: "string" } },
  required: ["text"],
} as const;

async function oursTarget(stateless: boolean): Promise<Target> {
  const server = new McpServer({ name: "bench", version: "1" });
  server.registerTool("echo", { description: "echo", inputSchema: echoSchema }, ({ text }) => ({
    content: [{ type: "text", text }],
  }));
  const http = new StreamableHttpServer(server, { sessionless: stateless });
  const listening = await listen(http.handle);
  return {
    name: `typed-mcp (${stateless ? "stateless" : "default"})`,
    url: listening.url,
    close: async () => {
      await http.close();
      await listening.close();
    },
  };
}

async function officialV2Target(): Promise<Target> {
  const inputSchema = z.object({ text: z.string() });
  const handler = createMcpHandler(() => {
    const server = new V2McpServer({ name: "bench", version: "1" });
    server.registerTool("echo", { description: "echo", inputSchema }, ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    return server;
  });
  // Served the official way on Node: its own adapter (@modelcontextprotocol/node's toNodeHandler).
  const node = toNodeHandler(handler);
  const server = createServer((req, res) => {
    node(req, res).catch(() => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const listening = {
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return {
    name: "official SDK v2",
    url: listening.url,
    close: async () => {
      await handler.close();
      await listening.close();
    },
  };
}

/** The floor: parse the POSTed JSON-RPC request, answer with a canned tools/call result. */
async function bareTarget(): Promise<Target> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const message = JSON.parse(Buffer.concat(chunks).toString()) as {
        id: number;
        params: { arguments: { text: string } };
      };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: message.id,
          result: { content: [{ type: "text", text: message.params.arguments.text }], resultType: "complete" },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: "bare node:http",
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The adapter floor: the same echo as a web-standard handler behind `listen`. */
async function bareWebTarget(): Promise<Target> {
  const listening = await listen(async (request) => {
    const message = (await request.json()) as { id: number; params: { arguments: { text: string } } };
    return Response.json({
      jsonrpc: "2.0",
      id: message.id,
      result: { content: [{ type: "text", text: message.params.arguments.text }], resultType: "complete" },
    });
  });
  return { name: "bare web handler", url: listening.url, close: () => listening.close() };
}

/** One tools/call POST over `agent`; resolves with the body text, rejects on a non-200 answer. */
function caller(target: Target, agent: Agent): () => Promise<string> {
  let id = 0;
  return () =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({
        jsonrpc: "2.0",
        id: ++id,
        method: "tools/call",
        params: { name: "echo", arguments: { text: "hello" }, _meta: ENVELOPE },
      });
      const req = request(
        {
          host: target.url.hostname,
          port: target.url.port,
          path: target.url.pathname,
          method: "POST",
          agent,
          headers: { ...HEADERS, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            if (res.statusCode === 200) resolve(text);
            else reject(new Error(`${target.name}: HTTP ${res.statusCode}: ${text}`));
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

/** calls/s with `inFlight` requests kept in flight for `calls` calls in all. */
async function rate(target: Target, inFlight: number, calls: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const call = caller(target, agent);
  try {
    // Warm up (JIT, sockets), and check the answer is the echo, not an error.
    for (let i = 0; i < 50; i++) await call();
    const answer = JSON.parse(await call()) as { result?: { content?: Array<{ text?: string }> } };
    if (answer.result?.content?.[0]?.text !== "hello") {
      throw new Error(`${target.name} did not echo: ${JSON.stringify(answer)}`);
    }
    let left = calls;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (left > 0) {
          left--;
          await call();
        }
      }),
    );
    return (calls / (performance.now() - started)) * 1000;
  } finally {
    agent.destroy();
  }
}

export async function runStatelessHttpBench(rounds = 5, calls = 2000): Promise<StatelessHttpRow[]> {
  const targets = {
    oursStateless: await oursTarget(true),
    oursDefault: await oursTarget(false),
    officialV2: await officialV2Target(),
    bare: await bareTarget(),
    bareWeb: await bareWebTarget(),
  };
  const keys = Object.keys(targets) as Array<keyof typeof targets>;
  const rows: StatelessHttpRow[] = [];
  try {
    for (const inFlight of [1, 32]) {
      const samples = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<
        keyof typeof targets,
        number[]
      >;
      // One untimed round first: the servers live in this process, and the first calls of each run its
      // code before V8 has optimized it; every timed round then measures the same warm servers.
      for (const key of keys) await rate(targets[key], inFlight, calls);
      for (let round = 0; round < rounds; round++) {
        // The order rotates from round to round, as in the other benchmarks.
        for (let turn = 0; turn < keys.length; turn++) {
          const key = keys[(turn + round) % keys.length] as keyof typeof targets;
          samples[key].push(await rate(targets[key], inFlight, calls));
        }
        // Each round's own ratios, to standard error: the targets are per round, the table shows medians.
        const at = (key: keyof typeof targets) => samples[key][round] as number;
        const times = (key: keyof typeof targets) => `${(at(key) / at("officialV2")).toFixed(1)}x`;
        const share = (key: keyof typeof targets) => `${Math.round((at(key) / at("bare")) * 100)}%`;
        console.error(
          `stateless-http bench: ${inFlight} in flight, round ${round + 1} of ${rounds}: ours / v2 ` +
            `${times("oursStateless")} (stateless), ${times("oursDefault")} (default); ours / bare ` +
            `${share("oursStateless")}, ${share("oursDefault")}`,
        );
      }
      rows.push({
        inFlight,
        oursStateless: median(samples.oursStateless),
        oursDefault: median(samples.oursDefault),
        officialV2: median(samples.officialV2),
        bare: median(samples.bare),
        bareWeb: median(samples.bareWeb),
      });
    }
  } finally {
    for (const target of Object.values(targets)) await target.close();
  }
  return rows;
}
