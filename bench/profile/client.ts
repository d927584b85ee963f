/**
 * The client side of stateful Streamable HTTP, for profiling: the CPU time per tools/call of one
 * client process (all its threads, `process.cpuUsage()`), against one typed-mcp server in another
 * process (bench/profile/servers.ts), so that the server's work is not counted. Clients:
 *   ours      typed-mcp's Client + StreamableHttpClientTransport, no `fetch` option (its default: node:http on Node.js)
 *   ours-fetch the same with `fetch: globalThis.fetch` (the platform's fetch, undici)
 *   ours-node the same with `fetch: nodeHttpFetch()` from typed-mcp/node (node:http, given explicitly)
 *   official  the official SDK v1's Client + StreamableHTTPClientTransport (web fetch)
 *   fetch     a bare fetch() POST per call (no SDK): the floor of a fetch-based client
 *   node-http a bare node:http request per call (no SDK, keep-alive agent): the floor of the bench's load generator
 *
 *   node --import tsx bench/profile/client.ts ours|ours-fetch|ours-node|official|fetch|node-http [--server http-sse|http-json]
 *     [--calls N] [--inflight K] [--repeat R] [--prof DIR]
 */
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";

const args = process.argv.slice(2);
const kind = args[0] ?? "ours";
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : (args[at + 1] as string);
};
const serverKind = option("server", "http-sse");
const calls = Number(option("calls", "4000"));
const inFlight = Number(option("inflight", "1"));
const repeat = Number(option("repeat", "3"));
const profDir = option("prof", "");
const ECHO = { name: "echo", arguments: { text: "hello" } };

type Call = () => Promise<unknown>;

async function clientOf(url: URL): Promise<Call[]> {
  if (kind === "ours" || kind === "ours-fetch" || kind === "ours-node") {
    const { Client, StreamableHttpClientTransport } = await import("../../src/index.js");
    const { nodeHttpFetch } = await import("../../src/entry/node.js");
    const fetch = kind === "ours-node" ? nodeHttpFetch() : kind === "ours-fetch" ? globalThis.fetch : undefined;
    return Promise.all(
      Array.from({ length: inFlight }, async () => {
        const client = new Client({ name: "profile", version: "1" });
        await client.connect(
          new StreamableHttpClientTransport(url, { openStandaloneStream: false, ...(fetch ? { fetch } : {}) }),
        );
        return () => client.callTool(ECHO);
      }),
    );
  }
  if (kind === "official") {
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    return Promise.all(
      Array.from({ length: inFlight }, async () => {
        const client = new Client({ name: "profile", version: "1" });
        await client.connect(new StreamableHTTPClientTransport(url));
        return () => client.callTool(ECHO);
      }),
    );
  }
  // The bare clients speak to the server's session as the SDK clients do: initialize, then POSTs.
  const post = kind === "fetch" ? fetchPost(url) : nodePost(url);
  const init = await post(
    { accept: "application/json, text/event-stream", "content-type": "application/json" },
    JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "profile", version: "1" } },
    }),
  );
  const headers = {
    accept: "application/json, text/event-stream",
    "content-type": "application/json",
    "mcp-session-id": init.session,
    "mcp-protocol-version": "2025-11-25",
  };
  await post(headers, JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  let id = 1;
  const call = async () => {
    const answer = await post(
      headers,
      JSON.stringify({ jsonrpc: "2.0", id: id++, method: "tools/call", params: ECHO }),
    );
    if (!answer.text.includes("hello")) throw new Error(answer.text);
  };
  return Array.from({ length: inFlight }, () => call);
}

type Post = (headers: Record<string, string>, body: string) => Promise<{ session: string; text: string }>;

function fetchPost(url: URL): Post {
  return async (headers, body) => {
    const response = await fetch(url, { method: "POST", headers, body });
    return { session: response.headers.get("mcp-session-id") ?? "", text: await response.text() };
  };
}

function nodePost(url: URL): Post {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  return (headers, body) =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            text += chunk;
          });
          res.on("end", () => resolve({ session: String(res.headers["mcp-session-id"] ?? ""), text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

if (process.env.PROFILE_CLIENT_URL) {
  // The client process.
  const clients = await clientOf(new URL(process.env.PROFILE_CLIENT_URL));
  for (const call of clients) for (let i = 0; i < 200; i++) await call();
  const results: number[] = [];
  const rates: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const before = process.cpuUsage();
    const started = performance.now();
    const perClient = Math.ceil(calls / clients.length);
    await Promise.all(
      clients.map(async (call) => {
        for (let i = 0; i < perClient; i++) await call();
      }),
    );
    const used = process.cpuUsage(before);
    results.push((used.user + used.system) / (perClient * clients.length));
    rates.push(((perClient * clients.length) / (performance.now() - started)) * 1000);
  }
  process.stdout.write(`${JSON.stringify({ results, rates })}\n`);
  process.exit(0);
} else {
  const server = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "servers.ts"), serverKind], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: server.stdout }).once("line", resolve));
  const nodeArgs = ["--import", "tsx"];
  if (profDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${profDir}`);
  const client = spawn(process.execPath, [...nodeArgs, import.meta.filename, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, PROFILE_CLIENT_URL: url },
  });
  let out = "";
  client.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => client.once("exit", resolve));
  const { results, rates } = JSON.parse(out) as { results: number[]; rates: number[] };
  const sorted = [...results].sort((a, b) => a - b);
  console.log(
    `client ${kind} vs ${serverKind}, inflight=${inFlight} calls=${calls}x${repeat}: client CPU/call ${sorted.map((v) => v.toFixed(0)).join(" ")} µs (median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)}); calls/s ${rates.map((v) => Math.round(v)).join(" ")}`,
  );
  server.stdin.end();
  await new Promise((resolve) => server.once("exit", resolve));
}
