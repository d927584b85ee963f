/**
 * tools/call echo round trips, typed-mcp against the official SDK in the same run: in memory and
 * over stdio, one call at a time and 32 in flight. Over stdio, a bare newline-delimited JSON echo
 * loop between the same two kinds of process is the floor no SDK can beat. Medians of interleaved rounds.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as OfficialStdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport as OfficialInMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { ClientSession } from "../src/entry/client.js";
import { StdioClientTransport } from "../src/entry/node.js";
import { ServerRunner } from "../src/entry/server.js";
import { InMemoryTransport } from "../src/index.js";
import { median } from "./median.js";

const ROOT = join(import.meta.dirname, "..");
const ECHO_ARGS = { name: "echo", arguments: { text: "hello" } };

type Call = () => Promise<unknown>;

export interface RoundTripRow {
  scenario: string;
  typedMcp: number;
  officialSdk: number;
  floor?: number;
}

/** Calls per second: `total` calls with at most `inFlight` outstanding, after `warmup` calls made one at a time. */
async function measure(call: Call, inFlight: number, total: number, warmup = 200): Promise<number> {
  for (let i = 0; i < warmup; i++) await call();
  const started = performance.now();
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      issued++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (total / (performance.now() - started)) * 1000;
}

function echoRunner(): ServerRunner {
  return new ServerRunner({ serverInfo: { name: "bench", version: "1.0.0" }, capabilities: { tools: {} } })
    .setRequestHandler("tools/list", () => ({ tools: [{ name: "echo", inputSchema: { type: "object" } }] }))
    .setRequestHandler("tools/call", (params) => ({
      content: [{ type: "text", text: String((params?.arguments as { text?: string } | undefined)?.text) }],
    }));
}

function officialEchoServer(): Server {
  const server = new Server({ name: "bench", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: "echo", inputSchema: { type: "object" as const } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => ({
    content: [{ type: "text", text: String(request.params.arguments?.text) }],
  }));
  return server;
}

async function typedInMemory(): Promise<{ call: Call; close: () => Promise<void> }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await echoRunner().connect(serverSide);
  const session = new ClientSession(clientSide, { clientInfo: { name: "bench", version: "1" } });
  await session.connect();
  return { call: () => session.callTool(ECHO_ARGS), close: () => session.close() };
}

async function officialInMemory(): Promise<{ call: Call; close: () => Promise<void> }> {
  const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
  await officialEchoServer().connect(serverSide);
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(clientSide);
  return { call: () => client.callTool(ECHO_ARGS), close: () => client.close() };
}

const STDIO_SERVER = join(ROOT, "bench", "stdio-servers.mjs");

/** The stdio children import typed-mcp by its package name: the build, which must exist. */
function requireBuild(): void {
  if (!existsSync(join(ROOT, "dist", "src", "entry", "server.js"))) {
    throw new Error("the stdio benchmarks run the built package: run `npm run build` first (`npm run bench` does)");
  }
}

export async function typedStdio(): Promise<{ call: Call; close: () => Promise<void> }> {
  requireBuild();
  const session = new ClientSession(
    new StdioClientTransport({ command: process.execPath, args: [STDIO_SERVER, "typed-mcp"] }),
    { clientInfo: { name: "bench", version: "1" } },
  );
  await session.connect();
  return { call: () => session.callTool(ECHO_ARGS), close: () => session.close() };
}

export async function officialStdio(): Promise<{ call: Call; close: () => Promise<void> }> {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(
    new OfficialStdioClientTransport({
      command: process.execPath,
      args: [STDIO_SERVER, "official"],
    }),
  );
  return { call: () => client.callTool(ECHO_ARGS), close: () => client.close() };
}

/** The floor: a child that answers each line with a canned JSON-RPC result, driven by raw line I/O. */
async function bareStdio(): Promise<{ call: Call; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [STDIO_SERVER, "bare"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map<number, () => void>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    const message = JSON.parse(line) as { id: number };
    waiting.get(message.id)?.();
    waiting.delete(message.id);
  });
  let nextId = 0;
  const call = () =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: ECHO_ARGS })}\n`);
    });
  return {
    call,
    close: async () => {
      child.stdin.end();
      await new Promise((resolve) => child.once("close", resolve));
    },
  };
}

async function run(
  factory: () => Promise<{ call: Call; close: () => Promise<void> }>,
  inFlight: number,
  total: number,
  warmup?: number,
) {
  const { call, close } = await factory();
  try {
    return await measure(call, inFlight, total, warmup);
  } finally {
    await close();
  }
}

/** The warm-up of the steady-state stdio rows: past the point where each child's per-call cost settles. */
const WARM_CALLS = 10_000;

type Factory = () => Promise<{ call: Call; close: () => Promise<void> }>;

/**
 * Rounds per run. Five until session 11: the cold stdio rows (a fresh child each) move by a quarter from
 * round to round on this machine, and the median of five moved the 1-in-flight ratio between 1.9x and
 * 2.3x from run to run; nine make each run's median steadier.
 */
const ROUNDS = 9;

/**
 * Every row: `rounds` interleaved rounds (each round measures typed-mcp, the official SDK and the floor of
 * every row, in an order that rotates from round to round), reported as medians.
 */
export async function runRoundTripBench(
  rounds = Number(process.env.ROUND_TRIP_ROUNDS ?? ROUNDS),
): Promise<RoundTripRow[]> {
  const setups: Array<{
    scenario: string;
    inFlight: number;
    /** Calls made before measuring: 200 by default; the warm rows let each fresh child's V8 optimize first. */
    warmup?: number;
    factories: Array<[keyof RoundTripRow, Factory]>;
  }> = [];
  for (const inFlight of [1, 32]) {
    setups.push({
      scenario: `in-memory, ${inFlight} in flight`,
      inFlight,
      factories: [
        ["typedMcp", typedInMemory],
        ["officialSdk", officialInMemory],
      ],
    });
  }
  for (const inFlight of [1, 32]) {
    setups.push({
      scenario: `stdio, ${inFlight} in flight`,
      inFlight,
      factories: [
        ["typedMcp", typedStdio],
        ["officialSdk", officialStdio],
        ["floor", bareStdio],
      ],
    });
  }
  // The rows above measure each fresh child's first 5,200 or 20,200 calls, most of which run before V8
  // has optimized the child's code (bench/README.md, session 7). These measure the same children after
  // WARM_CALLS calls, the same number for all three: the steady state of a long-lived server.
  for (const inFlight of [1, 32]) {
    setups.push({
      scenario: `stdio, ${inFlight} in flight, after ${WARM_CALLS.toLocaleString("en-US")} calls of warm-up`,
      inFlight,
      warmup: WARM_CALLS,
      factories: [
        ["typedMcp", typedStdio],
        ["officialSdk", officialStdio],
        ["floor", bareStdio],
      ],
    });
  }
  const samples = setups.map(() => new Map<keyof RoundTripRow, number[]>());
  for (let round = 0; round < rounds; round++) {
    for (const [index, setup] of setups.entries()) {
      const total = setup.inFlight === 1 ? 5_000 : 20_000;
      const sample = samples[index] as Map<keyof RoundTripRow, number[]>;
      for (let turn = 0; turn < setup.factories.length; turn++) {
        const [key, factory] = setup.factories[(turn + round) % setup.factories.length] as [
          keyof RoundTripRow,
          Factory,
        ];
        const value = await run(factory, setup.inFlight, total, setup.warmup);
        sample.set(key, [...(sample.get(key) ?? []), value]);
      }
      // Each round's own ratios, to standard error: the table shows medians, these show the spread.
      const last = (key: keyof RoundTripRow) => sample.get(key)?.[round];
      const ours = last("typedMcp") as number;
      const floor = last("floor");
      console.error(
        `round-trip bench: ${setup.scenario}, round ${round + 1} of ${rounds}: ours / official ` +
          `${(ours / (last("officialSdk") as number)).toFixed(2)}x` +
          (floor === undefined ? "" : `, ours / floor ${Math.round((ours / floor) * 100)}%`),
      );
    }
    console.error(`round-trip bench: round ${round + 1} of ${rounds} done`);
  }
  return setups.map((setup, index) => {
    const sample = samples[index] as Map<keyof RoundTripRow, number[]>;
    const floor = sample.get("floor");
    return {
      scenario: setup.scenario,
      typedMcp: median(sample.get("typedMcp") ?? []),
      officialSdk: median(sample.get("officialSdk") ?? []),
      ...(floor ? { floor: median(floor) } : {}),
    };
  });
}
