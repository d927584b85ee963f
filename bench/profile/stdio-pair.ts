/**
 * Both ends of the stdio round trip the round-trip benchmark measures (bench/round-trip.ts): a
 * ClientSession in this process over StdioClientTransport, the kernel (bench/stdio-servers.mjs) in a
 * child. Prints the CPU time per tools/call of each end: the client's from `process.cpuUsage()`,
 * the server's from /proc (all its threads). `--root DIR` loads the client from that checkout's src/
 * and runs its bench/stdio-servers.mjs, whose server is that checkout's build (run `npm run build`
 * there first): an A/B against main from the same script; `--official` runs the
 * official SDK's Client and Server instead, `--bare` the floor (the round-trip benchmark's bare
 * newline-delimited JSON echo: readline and stream writes at both ends, no SDK).
 *
 *   node --import tsx bench/profile/stdio-pair.ts [--root DIR] [--official|--bare] [--inflight K] [--calls N]
 *     [--repeat R] [--warmup W] [--each] [--prof DIR]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cpuNs } from "./cpu.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : (args[at + 1] as string);
};
const root = resolve(option("root", join(import.meta.dirname, "..", "..")));
const official = args.includes("--official");
const bare = args.includes("--bare");
const inFlight = Number(option("inflight", "1"));
const calls = Number(option("calls", inFlight === 1 ? "4000" : "20000"));
const repeat = Number(option("repeat", "3"));
const profDir = option("prof", "");
const warmup = Number(option("warmup", "2000"));
const each = args.includes("--each");
const ECHO = { name: "echo", arguments: { text: "hello" } };

const server = join(root, "bench", "stdio-servers.mjs");
const nodeArgs = [...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : []), server];
let call: () => Promise<unknown>;
let close: () => Promise<void>;
let pid: () => number;
if (bare) {
  const { spawn } = await import("node:child_process");
  const { createInterface } = await import("node:readline");
  const child = spawn(process.execPath, [...nodeArgs, "bare"], { stdio: ["pipe", "pipe", "inherit"] });
  const waiting = new Map<number, () => void>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    const message = JSON.parse(line) as { id: number };
    waiting.get(message.id)?.();
    waiting.delete(message.id);
  });
  let nextId = 0;
  call = () =>
    new Promise<void>((done) => {
      const id = nextId++;
      waiting.set(id, done);
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: ECHO })}\n`);
    });
  close = async () => {
    child.stdin.end();
    await new Promise((done) => child.once("close", done));
  };
  pid = () => child.pid as number;
} else if (official) {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  const client = new Client({ name: "bench", version: "1" });
  const transport = new StdioClientTransport({ command: process.execPath, args: [...nodeArgs, "official"] });
  await client.connect(transport);
  call = () => client.callTool(ECHO);
  close = () => client.close();
  pid = () => transport.pid as number;
} else {
  const { ClientSession } = await import(join(root, "src", "entry", "client.ts"));
  const { StdioClientTransport } = await import(join(root, "src", "entry", "node.ts"));
  const transport = new StdioClientTransport({ command: process.execPath, args: [...nodeArgs, "typed-mcp"] });
  const session = new ClientSession(transport, { clientInfo: { name: "bench", version: "1" } });
  await session.connect();
  call = () => session.callTool(ECHO);
  close = () => session.close();
  pid = () => (transport as unknown as { pid: number }).pid ?? findChild();
}

/** The child's pid from /proc when the transport does not expose it. */
function findChild(): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid) return Number(entry);
    } catch {}
  }
  throw new Error("no child");
}

/** A process's user and system CPU time from /proc/PID/stat, in µs (clock ticks of 10 ms: long runs only). */
function userSys(process: number): [number, number] {
  const stat = readFileSync(`/proc/${process}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return [Number(fields[11]) * 10_000, Number(fields[12]) * 10_000];
}

async function timed(total: number) {
  const child = pid();
  const splitBefore = userSys(child);
  const serverBefore = cpuNs(child);
  const clientBefore = process.cpuUsage();
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
  const clientCpu = process.cpuUsage(clientBefore);
  const splitAfter = userSys(child);
  return {
    perSecond: (total / elapsed) * 1000,
    serverUs: (cpuNs(child) - serverBefore) / 1000 / total,
    clientUs: (clientCpu.user + clientCpu.system) / total,
    clientUserUs: clientCpu.user / total,
    serverUserUs: (splitAfter[0] - splitBefore[0]) / total,
    serverSysUs: (splitAfter[1] - splitBefore[1]) / total,
  };
}

for (let i = 0; i < warmup; i++) await call();
const results = [];
for (let r = 0; r < repeat; r++) {
  results.push(await timed(calls));
  if (each) console.log(JSON.stringify(results.at(-1)));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (values: number[]) =>
  `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`;
console.log(
  `${bare ? "bare" : official ? "official" : root} inflight=${inFlight}: client ${fmt(results.map((r) => r.clientUs))} µs, server ${fmt(results.map((r) => r.serverUs))} µs, sum ${fmt(results.map((r) => r.clientUs + r.serverUs))}, calls/s ${Math.round(median(results.map((r) => r.perSecond)))}`,
);
await close();
process.exit(0);
