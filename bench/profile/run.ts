/**
 * A fixed workload against one typed-mcp server in a child process, for profiling: the server's CPU
 * time per call (all its threads, from /proc, so other load on the machine moves it far less than
 * it moves calls/s), calls/s, and optionally a CPU profile of the server (`--prof DIR`).
 * The client side is raw NDJSON lines (stdio) or node:http requests (HTTP), so nearly all the
 * server's work is the SDK's.
 *
 *   node --import tsx bench/profile/run.ts stdio|http-sse|http-json|stateless [--calls N] [--inflight K] [--prof DIR] [--repeat R] [--root DIR]
 *
 * `--root DIR` serves the SDK from another checkout's `src/` (e.g. /work/main), to A/B two trees.
 * `--ab DIR` runs both at once: a server of this checkout (or `--root`'s) and one of DIR's, driven in
 * alternating blocks of `--calls` calls (`--repeat` blocks each), so the machine's load drifts over
 * both alike; it prints each side's median CPU per call over the blocks and the median of the
 * pairwise ratios.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { cpuNs } from "./cpu.js";

type ChildProcess = ChildProcessByStdio<Writable, Readable, null>;

const args = process.argv.slice(2);
const kind = args[0] ?? "stdio";
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : (args[at + 1] as string);
};
const calls = Number(option("calls", "20000"));
const inFlight = Number(option("inflight", "32"));
const repeat = Number(option("repeat", "3"));
const profDir = option("prof", "");
const root = option("root", "");
const abRoot = option("ab", "");
const SERVERS = process.env.SERVERS_FILE ?? join(import.meta.dirname, "servers.ts");

function spawnServer(from = root): ChildProcess {
  const nodeArgs = ["--import", "tsx"];
  if (profDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${profDir}`);
  // E.g. SERVER_NODE_ARGS=--trace-gc, to count what the server allocates per call (gc-bytes.py).
  if (process.env.SERVER_NODE_ARGS) nodeArgs.push(...process.env.SERVER_NODE_ARGS.split(" "));
  return spawn(process.execPath, [...nodeArgs, SERVERS, kind, ...(from ? [from] : [])], {
    stdio: ["pipe", "pipe", "inherit"],
  });
}

type Call = () => Promise<void>;

async function stdioDriver(child: ChildProcess): Promise<Call> {
  const waiting = new Map<number, () => void>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    const message = JSON.parse(line) as { id: number; error?: unknown };
    if (message.error) throw new Error(line);
    waiting.get(message.id)?.();
    waiting.delete(message.id);
  });
  let nextId = 0;
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const callOf = (method: string, params: object) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      send({ jsonrpc: "2.0", id, method, params });
    });
  await callOf("initialize", {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "profile", version: "1" },
  });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return () => callOf("tools/call", { name: "echo", arguments: { text: "hello" } });
}

function post(
  url: URL,
  agent: Agent,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function httpDriver(child: ChildProcess): Promise<Call> {
  // The URL is the server's first line starting with http; anything else it prints (--trace-gc) goes to stderr.
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).on("line", (text) => {
      if (text.startsWith("http")) resolve(text);
      else process.stderr.write(`${text}\n`);
    }),
  );
  const url = new URL(line);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const base: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  };
  let id = 0;
  if (kind === "stateless") {
    const envelope = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1" },
      "io.modelcontextprotocol/clientCapabilities": {},
    };
    const headers = { ...base, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo" };
    return async () => {
      const answer = await post(
        url,
        agent,
        headers,
        JSON.stringify({
          jsonrpc: "2.0",
          id: ++id,
          method: "tools/call",
          params: { name: "echo", arguments: { text: "hello" }, _meta: envelope },
        }),
      );
      if (answer.status !== 200 || !answer.text.includes("hello")) throw new Error(answer.text);
    };
  }
  // One session per in-flight slot would match the 32-client bench; one session is enough for the server's per-call cost.
  const init = await post(
    url,
    agent,
    base,
    JSON.stringify({
      jsonrpc: "2.0",
      id: ++id,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "profile", version: "1" } },
    }),
  );
  const session = String(init.headers["mcp-session-id"]);
  const headers = { ...base, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" };
  await post(url, agent, headers, JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  return async () => {
    const answer = await post(
      url,
      agent,
      headers,
      JSON.stringify({
        jsonrpc: "2.0",
        id: ++id,
        method: "tools/call",
        params: { name: "echo", arguments: { text: "hello" } },
      }),
    );
    if (answer.status !== 200 || !answer.text.includes("hello")) throw new Error(answer.text);
  };
}

/** User-mode CPU of `pid` (all threads) in ms, from /proc/PID/stat: the process's own code, without the kernel's network stack. */
function userMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) * 1000) / 100; // utime, in clock ticks of 10 ms
}

async function timed(
  call: Call,
  pid: number,
  total: number,
): Promise<{ perSecond: number; serverUs: number; userUs: number }> {
  const userBefore = userMs(pid);
  const cpuBefore = cpuNs(pid);
  const started = performance.now();
  let left = total;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (left > 0) {
        left--;
        await call();
      }
    }),
  );
  const elapsed = performance.now() - started;
  return {
    perSecond: (total / elapsed) * 1000,
    serverUs: (cpuNs(pid) - cpuBefore) / 1000 / total,
    userUs: ((userMs(pid) - userBefore) * 1000) / total,
  };
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const mid = (values: number[]) => sorted(values)[Math.floor(values.length / 2)] as number;
const driverOf = (child: ChildProcess) => (kind.startsWith("stdio") ? stdioDriver(child) : httpDriver(child));
const stop = async (child: ChildProcess) => {
  child.stdin.end();
  if (kind.startsWith("stdio")) child.stdin.destroy();
  await new Promise((resolve) => child.once("exit", resolve));
};

if (abRoot) {
  const children = [spawnServer(), spawnServer(abRoot)];
  const drivers = [await driverOf(children[0] as ChildProcess), await driverOf(children[1] as ChildProcess)];
  for (const call of drivers) for (let i = 0; i < 2000; i++) await call();
  const sides = [
    { name: root || "this checkout", cpu: [] as number[], user: 0 },
    { name: abRoot, cpu: [] as number[], user: 0 },
  ];
  console.log(`pids: ${sides[0]?.name} ${children[0]?.pid}, ${sides[1]?.name} ${children[1]?.pid}`);
  for (let block = 0; block < repeat; block++) {
    for (const j of block % 2 === 0 ? [0, 1] : [1, 0]) {
      const result = await timed(drivers[j] as Call, (children[j] as ChildProcess).pid as number, calls);
      const side = sides[j] as (typeof sides)[number];
      side.cpu.push(result.serverUs);
      side.user += result.userUs / repeat;
    }
  }
  const [a, b] = sides as [(typeof sides)[number], (typeof sides)[number]];
  const ratios = a.cpu.map((value, i) => value / (b.cpu[i] as number));
  for (const side of sides) {
    console.log(
      `${kind} inflight=${inFlight} ${side.name}: server CPU/call median ${mid(side.cpu).toFixed(1)} µs (${Math.min(...side.cpu).toFixed(1)}-${Math.max(...side.cpu).toFixed(1)}), user-mode mean ${side.user.toFixed(1)} µs, ${repeat} blocks of ${calls}`,
    );
  }
  console.log(
    `ratio ${a.name} / ${b.name}: median ${mid(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`,
  );
  for (const child of children) await stop(child);
  process.exit(0);
}

const child = spawnServer();
const call = await driverOf(child);
for (let i = 0; i < 2000; i++) await call();
const results: Array<{ perSecond: number; serverUs: number; userUs: number }> = [];
for (let r = 0; r < repeat; r++) results.push(await timed(call, child.pid as number, calls));
const us = sorted(results.map((r) => r.serverUs));
const rates = sorted(results.map((r) => r.perSecond));
const user = sorted(results.map((r) => r.userUs));
console.log(
  `${kind} inflight=${inFlight} calls=${calls}x${repeat}: server CPU/call ${us.map((v) => v.toFixed(1)).join(" ")} µs (median ${us[Math.floor(us.length / 2)]?.toFixed(1)}); user-mode ${user.map((v) => v.toFixed(1)).join(" ")} µs (median ${user[Math.floor(user.length / 2)]?.toFixed(1)}); calls/s ${rates.map((v) => Math.round(v)).join(" ")}`,
);
await stop(child);
process.exit(0);
