/**
 * The scaling curve: tools/call echo throughput and latency (p50, p99) with 1, 8, 32, 128 and 512
 * concurrent clients, typed-mcp against the official SDK in the same run, over stdio and over
 * stateful Streamable HTTP (SSE answers). Over stdio the clients share the one connection a stdio
 * server has (so many calls in flight on it; both servers allow that many: ours is given a cap of
 * 1,024 in flight per connection, its default being 100); over HTTP each client is its own session
 * with its own SDK client, each on its default: ours on node:http (what our client uses on Node.js
 * when given no `fetch`), the official SDK's on the platform's `fetch` (undici); a second HTTP
 * curve has our client on `fetch: globalThis.fetch` too, for the comparison on the same stack. Each
 * client calls in a loop; rounds are interleaved (ours, then the official SDK's, at each level) and
 * the median round is reported.
 */
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { listen } from "../src/entry/node.js";
import { Client, McpServer, StreamableHttpClientTransport, StreamableHttpServer } from "../src/index.js";
import { officialHttp } from "./http.js";
import { officialStdio, typedStdio } from "./round-trip.js";

const ECHO = { name: "echo", arguments: { text: "hello" } };
export const SCALING_CLIENTS = [1, 8, 32, 128, 512] as const;

type Call = () => Promise<unknown>;

/** Each SDK's client on its default: ours node:http (on Node.js), the official SDK's fetch. */
const HTTP_DEFAULTS = "Streamable HTTP (defaults: our client on node:http, the official on fetch)";
/** Both clients on the platform's fetch (ours given `fetch: globalThis.fetch`). */
const HTTP_BOTH_ON_FETCH = "Streamable HTTP (both clients on fetch)";

export interface Stats {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ScalingRow {
  /** The path, and for HTTP what each client sends with. */
  transport: string;
  clients: number;
  typedMcp: Stats;
  officialSdk: Stats;
}

/** Every client calls in a loop until `total` calls have been made; after a warm-up of a few calls each. */
async function load(calls: Call[], total: number): Promise<Stats> {
  await Promise.all(
    calls.map(async (call) => {
      for (let i = 0; i < 3; i++) await call();
    }),
  );
  const latencies: number[] = [];
  let left = total;
  const started = performance.now();
  await Promise.all(
    calls.map(async (call) => {
      while (left > 0) {
        left--;
        const at = performance.now();
        await call();
        latencies.push(performance.now() - at);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  return { perSecond: (latencies.length / elapsed) * 1000, p50Ms: at(0.5), p99Ms: at(0.99) };
}

interface Setup {
  calls: Call[];
  close(): Promise<void>;
}

async function oursStdio(clients: number): Promise<Setup> {
  const { call, close } = await typedStdio();
  return { calls: Array.from({ length: clients }, () => call), close };
}

async function theirsStdio(clients: number): Promise<Setup> {
  const { call, close } = await officialStdio();
  return { calls: Array.from({ length: clients }, () => call), close };
}

/** `fetch`: what our clients send with; none for the client's default (node:http on Node.js). */
async function oursHttp(clients: number, fetch?: typeof globalThis.fetch): Promise<Setup> {
  const server = new McpServer({ name: "bench", version: "1" });
  server.registerTool("echo", { description: "echo" }, (args) => ({
    content: [{ type: "text", text: String((args as { text?: string }).text) }],
  }));
  const http = new StreamableHttpServer(server, { maxSessions: 100_000 });
  const listening = await listen(http.handle);
  const sessions: Client[] = [];
  // Connected a few at a time: 512 handshakes at once would measure the accept queue, not the server.
  for (let i = 0; i < clients; i += 32) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(32, clients - i) }, async () => {
        const client = new Client({ name: "bench", version: "1" });
        await client.connect(
          new StreamableHttpClientTransport(listening.url, {
            openStandaloneStream: false,
            ...(fetch ? { fetch } : {}),
          }),
        );
        return client;
      }),
    );
    sessions.push(...batch);
  }
  return {
    calls: sessions.map((client) => () => client.callTool(ECHO)),
    close: async () => {
      await Promise.all(sessions.map((client) => client.close()));
      await http.close();
      await listening.close();
    },
  };
}

async function theirsHttp(clients: number): Promise<Setup> {
  const { url, server, sessions } = await officialHttp(false);
  const connected: OfficialClient[] = [];
  for (let i = 0; i < clients; i += 32) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(32, clients - i) }, async () => {
        const client = new OfficialClient({ name: "bench", version: "1" });
        await client.connect(new StreamableHTTPClientTransport(url));
        return client;
      }),
    );
    connected.push(...batch);
  }
  return {
    calls: connected.map((client) => () => client.callTool(ECHO)),
    close: async () => {
      await Promise.all(connected.map((client) => client.close()));
      for (const transport of sessions.values()) await transport.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function measure(setup: (clients: number) => Promise<Setup>, clients: number, total: number): Promise<Stats> {
  const { calls, close } = await setup(clients);
  try {
    return await load(calls, total);
  } finally {
    await close();
  }
}

const median = (values: Stats[]): Stats => {
  const sorted = [...values].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)] as Stats;
};

export async function runScalingBench(rounds = 3, levels: readonly number[] = SCALING_CLIENTS): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  const paths = [
    { transport: "stdio" as const, ours: oursStdio, theirs: theirsStdio, total: (n: number) => Math.max(3000, n * 20) },
    {
      transport: HTTP_DEFAULTS,
      ours: (n: number) => oursHttp(n),
      theirs: theirsHttp,
      total: (n: number) => Math.max(600, n * 4),
    },
    {
      transport: HTTP_BOTH_ON_FETCH,
      ours: (n: number) => oursHttp(n, globalThis.fetch),
      theirs: theirsHttp,
      total: (n: number) => Math.max(600, n * 4),
    },
  ];
  for (const path of paths) {
    for (const clients of levels) {
      const ours: Stats[] = [];
      const theirs: Stats[] = [];
      for (let round = 0; round < rounds; round++) {
        ours.push(await measure(path.ours, clients, path.total(clients)));
        theirs.push(await measure(path.theirs, clients, path.total(clients)));
      }
      rows.push({ transport: path.transport, clients, typedMcp: median(ours), officialSdk: median(theirs) });
    }
  }
  return rows;
}
