/**
 * Streamable HTTP on 127.0.0.1, side by side: tools/call echo through typed-mcp's server and the
 * official SDK's (each driven by its own client), stateful with SSE answers and in JSON-response
 * mode, with 1 and 32 concurrent clients; a bare node:http JSON echo endpoint driven the same way
 * as our client is the floor (medians of interleaved rounds). The first rows have each client on
 * its default: ours on node:http (what it uses on Node.js when given no `fetch`), the official
 * SDK's on the platform's fetch (undici). The rows "both clients on fetch" give our client
 * `fetch: globalThis.fetch`, for the comparison on the same HTTP stack. Also the heap held by 1,000
 * idle sessions on each server (both clients on fetch, as before the default changed).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer as OfficialMcpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import { listen, nodeHttpFetch } from "../src/entry/node.js";
import { Client, McpServer, StreamableHttpClientTransport, StreamableHttpServer } from "../src/index.js";
import { median } from "./median.js";

const ECHO = { name: "echo", arguments: { text: "hello" } };

export interface HttpRow {
  scenario: string;
  typedMcp: number;
  officialSdk: number;
  floor?: number;
}

type Call = () => Promise<unknown>;

async function rate(clients: Call[], perClient: number): Promise<number> {
  for (const call of clients) for (let i = 0; i < 20; i++) await call();
  const started = performance.now();
  await Promise.all(
    clients.map(async (call) => {
      for (let i = 0; i < perClient; i++) await call();
    }),
  );
  return ((clients.length * perClient) / (performance.now() - started)) * 1000;
}

/** `fetch`: what our clients send with; none for the client's default (node:http on Node.js). */
async function ours(
  jsonResponse: boolean,
  clients: number,
  perClient: number,
  fetch?: typeof globalThis.fetch,
): Promise<number> {
  const server = new McpServer({ name: "bench", version: "1" });
  server.registerTool("echo", { description: "echo" }, (args) => ({
    content: [{ type: "text", text: String((args as { text?: string }).text) }],
  }));
  const http = new StreamableHttpServer(server, { jsonResponse, maxSessions: 100_000 });
  const listening = await listen(http.handle);
  const sessions = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ name: "bench", version: "1" });
      await client.connect(
        new StreamableHttpClientTransport(listening.url, { openStandaloneStream: false, ...(fetch ? { fetch } : {}) }),
      );
      return client;
    }),
  );
  try {
    return await rate(
      sessions.map((client) => () => client.callTool(ECHO)),
      perClient,
    );
  } finally {
    await Promise.all(sessions.map((client) => client.close()));
    await http.close();
    await listening.close();
  }
}

function officialEcho(): OfficialMcpServer {
  const server = new OfficialMcpServer({ name: "bench", version: "1" });
  server.registerTool("echo", { description: "echo", inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: "text", text }],
  }));
  return server;
}

/** The official stateful setup: one transport (and server) per session, routed by session id. */
export async function officialHttp(
  jsonResponse: boolean,
): Promise<{ url: URL; server: Server; sessions: Map<string, StreamableHTTPServerTransport> }> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server = createServer(async (req, res) => {
    const id = req.headers["mcp-session-id"];
    let transport = typeof id === "string" ? sessions.get(id) : undefined;
    if (!transport) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        enableJsonResponse: jsonResponse,
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, transport as StreamableHTTPServerTransport);
        },
      });
      await officialEcho().connect(transport);
    }
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/mcp`), server, sessions };
}

async function official(jsonResponse: boolean, clients: number, perClient: number): Promise<number> {
  const { url, server, sessions } = await officialHttp(jsonResponse);
  const connected = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new OfficialClient({ name: "bench", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(url));
      return client;
    }),
  );
  try {
    return await rate(
      connected.map((client) => () => client.callTool(ECHO)),
      perClient,
    );
  } finally {
    await Promise.all(connected.map((client) => client.close()));
    for (const transport of sessions.values()) await transport.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * The floor: a node:http endpoint that answers each POSTed JSON-RPC request with a canned result,
 * driven by the same `fetch` as the typed-mcp row it is the floor of.
 */
async function bare(clients: number, perClient: number, fetch = globalThis.fetch): Promise<number> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = JSON.parse(Buffer.concat(chunks).toString()) as { id: number };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ jsonrpc: "2.0", id: request.id, result: { content: [{ type: "text", text: "hello" }] } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let id = 0;
  const call = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: id++, method: "tools/call", params: ECHO }),
    });
    await response.json();
  };
  try {
    return await rate(
      Array.from({ length: clients }, () => call),
      perClient,
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Heap growth (MB) while `count` sessions are open and idle, measured after garbage collection. */
async function idleSessionsMb(open: () => Promise<() => Promise<void>>, count: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const closers: Array<() => Promise<void>> = [];
  for (let i = 0; i < count; i++) closers.push(await open());
  gc?.();
  const after = process.memoryUsage().heapUsed;
  for (const close of closers) await close();
  return (after - before) / 1024 / 1024;
}

/**
 * One row's setup: the response mode, the clients, the fetch our client sends with (none: its
 * default) and the one the floor is driven by (the same stack as our client's).
 */
interface HttpSetup {
  scenario: string;
  jsonResponse: boolean;
  clients: number;
  fetch?: typeof globalThis.fetch;
  floorFetch: typeof globalThis.fetch;
}

/**
 * Every row: `rounds` interleaved rounds (each round measures typed-mcp, the official SDK and the floor
 * of every row, in an order that rotates from round to round), reported as medians.
 */
export async function runHttpBench(
  rounds = Number(process.env.HTTP_BENCH_ROUNDS ?? 5),
): Promise<{ rows: HttpRow[]; idle: { typedMcp: number; officialSdk: number } }> {
  const setups: HttpSetup[] = [];
  // Each client on its default: ours on node:http, the official SDK's on fetch; the floor driven
  // through node:http as our client is (nodeHttpFetch is the same code as the client's default).
  for (const [jsonResponse, mode] of [
    [false, "SSE answers"],
    [true, "JSON answers"],
  ] as const) {
    for (const clients of [1, 32]) {
      setups.push({
        scenario: `stateful, ${mode}, ${clients} client${clients === 1 ? "" : "s"}; default clients (ours: node:http on Node.js; the official: fetch)`,
        jsonResponse,
        clients,
        floorFetch: nodeHttpFetch(),
      });
    }
  }
  // Both clients, and the floor, on the platform's fetch (undici): ours given `fetch: globalThis.fetch`.
  for (const [jsonResponse, mode] of [
    [false, "SSE answers"],
    [true, "JSON answers"],
  ] as const) {
    for (const clients of [1, 32]) {
      setups.push({
        scenario: `stateful, ${mode}, ${clients} client${clients === 1 ? "" : "s"}; both clients on fetch`,
        jsonResponse,
        clients,
        fetch: globalThis.fetch,
        floorFetch: globalThis.fetch,
      });
    }
  }
  const samples = setups.map(() => ({ typedMcp: [] as number[], officialSdk: [] as number[], floor: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [index, setup] of setups.entries()) {
      const perClient = setup.clients === 1 ? 1000 : 100;
      const measures: Array<[keyof (typeof samples)[number], () => Promise<number>]> = [
        ["typedMcp", () => ours(setup.jsonResponse, setup.clients, perClient, setup.fetch)],
        ["officialSdk", () => official(setup.jsonResponse, setup.clients, perClient)],
        ["floor", () => bare(setup.clients, perClient, setup.floorFetch)],
      ];
      const sample = samples[index] as (typeof samples)[number];
      for (let turn = 0; turn < measures.length; turn++) {
        const [key, measure] = measures[(turn + round) % measures.length] as (typeof measures)[number];
        sample[key].push(await measure());
      }
    }
    console.error(`http bench: round ${round + 1} of ${rounds} done`);
  }
  const rows: HttpRow[] = setups.map((setup, index) => {
    const sample = samples[index] as (typeof samples)[number];
    return {
      scenario: setup.scenario,
      typedMcp: median(sample.typedMcp),
      officialSdk: median(sample.officialSdk),
      floor: median(sample.floor),
    };
  });

  // Idle sessions: initialize over HTTP, then hold the session open (no GET stream) and measure the
  // heap (servers and clients are in this process: both clients on fetch, whose connections undici pools).
  const server = new McpServer({ name: "idle", version: "1" });
  server.registerTool("echo", { description: "echo" }, () => ({ content: [] }));
  const http = new StreamableHttpServer(server, { maxSessions: 100_000 });
  const listening = await listen(http.handle);
  const oursMb = await idleSessionsMb(async () => {
    const client = new Client({ name: "idle", version: "1" });
    await client.connect(
      new StreamableHttpClientTransport(listening.url, { openStandaloneStream: false, fetch: globalThis.fetch }),
    );
    return () => client.close();
  }, 1000);
  await http.close();
  await listening.close();
  const officialServer = await officialHttp(false);
  const officialMb = await idleSessionsMb(async () => {
    const client = new OfficialClient({ name: "idle", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(officialServer.url));
    return () => client.close();
  }, 1000);
  for (const transport of officialServer.sessions.values()) await transport.close();
  officialServer.server.closeAllConnections();
  await new Promise((resolve) => officialServer.server.close(resolve));
  return { rows, idle: { typedMcp: oursMb, officialSdk: officialMb } };
}
