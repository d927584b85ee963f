/**
 * Stateless `tools/call` over Streamable HTTP at protocol 2026-07-28, on 127.0.0.1: no initialize,
 * no session; every POST carries the `_meta` envelope and the MCP-Protocol-Version / Mcp-Method /
 * Mcp-Name headers, and is answered with one JSON body. The servers (stateless-servers.mjs), each in
 * a process of its own, run by plain node:
 *
 * - typed-mcp, the built package: one McpServer behind StreamableHttpServer, in stateless mode and
 *   in the default (sessionful) mode, which serves 2026-07-28 requests without a session too;
 * - the official SDK v2 (`@modelcontextprotocol/server` 2.4.0): `createMcpHandler`, its 2026-07-28
 *   serving entry, which builds a fresh McpServer per request from a factory (the tool's zod input
 *   schema is built once, outside the factory), served on node:http by its own adapter
 *   (`toNodeHandler` from `@modelcontextprotocol/node` 2.1.2);
 * - the floors: a bare node:http endpoint parsing the POSTed JSON and answering with the echo; and
 *   the same as a web-standard `(Request) => Response` handler behind our node adapter's general
 *   path (a web Request and Response per call; our own server takes the adapter's fast path).
 *
 * The load generator is this process: keep-alive HTTP/1.1 connections, one request at a time on
 * each (1 and 32 in flight), each request written as one string and each answer read with no more
 * parsing than its framing needs, as wrk or autocannon do. It costs far less per call than any of
 * the servers, so the rates compare the servers: ours / bare is our server's cost against
 * node:http's own. (Through node:http's client in the servers' process, as this benchmark first
 * ran, the client's cost was part of every rate and hid half of the difference.) Where `taskset`
 * is at hand the load generator runs on CPU 0 and every server on CPU 1.
 *
 * Each server's answer is checked before timing, and every timed answer must be a 200. An untimed
 * round warms every server first. A round gives every server the same number of calls (12,000), in
 * twenty turns each, the servers' order rotating from turn to turn, so that a stall on the machine falls
 * on all servers alike; the table shows the median round, and each round's own ratios go to
 * standard error.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { median } from "./median.js";
import { cpuNs } from "./profile/cpu.js";

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
  /** The server's process. */
  pid: number;
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

const SERVERS = join(import.meta.dirname, "stateless-servers.mjs");

/** One server of stateless-servers.mjs in its own process, by plain node; resolves once it listens. */
/**
 * Where the processes run: with two CPUs or more and `taskset` at hand, the load generator (this
 * process) on CPU 0 and every server on CPU 1, so that each server meets the same placement; left to
 * the scheduler, one server may share the client's CPU while another has its own, which moves a
 * round's ratios by a third at 1 in flight.
 */
const PINNED = (() => {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export async function spawnTarget(name: string, kind: string, nodeArgs: string[] = []): Promise<Target> {
  const command = [process.execPath, ...nodeArgs, SERVERS, kind];
  if (PINNED) command.unshift("taskset", "-c", "1");
  const child = spawn(command[0] as string, command.slice(1), { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = await new Promise<string>((resolve, reject) => {
    // The URL is its first line starting with http; anything else it prints (--trace-gc) goes to stderr.
    createInterface({ input: child.stdout }).on("line", (text) => {
      if (text.startsWith("http")) resolve(text);
      else process.stderr.write(`${text}\n`);
    });
    exited.then((code) => reject(new Error(`${name}: server exited with ${code} before listening`)));
  });
  return {
    name,
    url: new URL(line),
    pid: child.pid as number,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * One keep-alive HTTP/1.1 connection that sends one request at a time: the load generator's client.
 * It writes each request as one string and reads the answer with no more parsing than framing needs
 * (status line, Content-Length or chunked), so nearly all the time it measures is the server's.
 */
export class Connection {
  private socket: Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (body: string) => void; reject: (error: Error) => void } | undefined;
  private closed = false;
  private readonly head: string;

  constructor(private readonly target: Target) {
    this.head =
      `POST ${target.url.pathname} HTTP/1.1\r\nhost: ${target.url.host}\r\n` +
      Object.entries(HEADERS)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("");
  }

  /** POSTs `body`; resolves with the answer's body, rejects on anything but a 200. */
  post(body: string): Promise<string> {
    if (this.closed) return Promise.reject(new Error(`${this.target.name}: the connection is closed`));
    const socket = this.socket ?? this.open();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(`${this.head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
  }

  /** A new socket; an idle one the server closed (its keep-alive timeout) is replaced on the next call, as an Agent does. */
  private open(): Socket {
    const socket = connect(Number(this.target.url.port), this.target.url.hostname);
    this.socket = socket;
    this.buffered = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.parse();
    });
    const fail = (error: Error) => {
      if (this.socket === socket) this.socket = undefined;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(error);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error(`${this.target.name}: the connection closed before the answer`)));
    return socket;
  }

  private parse(): void {
    const buffered = this.buffered;
    const headEnd = buffered.indexOf("\r\n\r\n");
    if (headEnd === -1) return;
    const head = buffered.toString("latin1", 0, headEnd);
    let body: Buffer;
    let used: number;
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length) {
      used = headEnd + 4 + Number(length[1]);
      if (buffered.length < used) return;
      body = buffered.subarray(headEnd + 4, used);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = headEnd + 4;
      for (;;) {
        const lineEnd = buffered.indexOf("\r\n", at);
        if (lineEnd === -1) return;
        const size = Number.parseInt(buffered.toString("latin1", at, lineEnd), 16);
        if (buffered.length < lineEnd + 2 + size + 2) return;
        parts.push(buffered.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      used = at;
      body = Buffer.concat(parts);
    } else {
      this.socket?.destroy(new Error(`${this.target.name}: an answer with no length: ${head}`));
      return;
    }
    this.buffered = buffered.subarray(used);
    const waiting = this.waiting;
    this.waiting = undefined;
    const text = body.toString();
    if (head.startsWith("HTTP/1.1 200 ")) waiting?.resolve(text);
    else waiting?.reject(new Error(`${this.target.name}: ${head.split("\r\n")[0]}: ${text}`));
  }
}

let nextId = 0;
/** The tools/call POST body, a new id each time. */
export const callBody = () =>
  JSON.stringify({
    jsonrpc: "2.0",
    id: ++nextId,
    method: "tools/call",
    params: { name: "echo", arguments: { text: "hello" }, _meta: ENVELOPE },
  });

/** Drives one target with `inFlight` requests in flight, one per connection (as wrk and autocannon do). */
class Driver {
  private connections: Connection[] = [];

  constructor(
    readonly target: Target,
    private readonly inFlight: number,
  ) {}

  /** Opens the connections and checks the answer is the echo, not an error. */
  async start(): Promise<void> {
    this.connections = Array.from({ length: this.inFlight }, () => new Connection(this.target));
    for (const connection of this.connections) {
      const answer = JSON.parse(await connection.post(callBody())) as {
        result?: { content?: Array<{ text?: string }> };
      };
      if (answer.result?.content?.[0]?.text !== "hello") {
        throw new Error(`${this.target.name} did not echo: ${JSON.stringify(answer)}`);
      }
    }
  }

  /** Milliseconds for `calls` calls, `inFlight` of them in flight at a time. */
  async time(calls: number): Promise<number> {
    let left = calls;
    const started = performance.now();
    await Promise.all(
      this.connections.map(async (connection) => {
        while (left > 0) {
          left--;
          await connection.post(callBody());
        }
      }),
    );
    return performance.now() - started;
  }

  stop(): void {
    for (const connection of this.connections) connection.close();
  }
}

/**
 * `rounds` timed rounds after an untimed one, every target `calls` calls per round. A round is
 * `slices` turns of every target, `calls / slices` calls each, in an order that rotates from turn to
 * turn: a stall on the machine (another process, a noisy neighbour on the host) lasting a fraction
 * of a round then falls on all targets alike, instead of on whichever one it met. Each round's rate
 * per target is its calls over the time its turns took (the pauses between turns left out).
 */
/** The pause after each turn (see runStatelessHttpBench). */
const TURN_PAUSE_MS = 25;

/**
 * After a turn, the servers settle before the next one starts: until all of them together use under 1 ms
 * of CPU in 10 ms (at most 2 s). What the server whose turn it was does meanwhile (its collector finishing
 * a full collection, mostly) is its own work and counts in its turn, as CPU time: every server runs on the
 * one CPU, so that is the time it would have taken. Without this the official SDK v2's full collections
 * (heaps of ~105 MB, marking for 64-75 ms) ran on past its turn and the 25 ms pause into the next server's
 * turn, which lost up to half its rate (session 11's `--trace-gc` of every server). Only with the servers
 * pinned and /proc at hand; elsewhere the pause alone.
 */
async function settle(pids: number[], server: number): Promise<number> {
  const own = cpuNs(server);
  const total = () => pids.reduce((sum, pid) => sum + cpuNs(pid), 0);
  const deadline = performance.now() + 2000;
  let last = total();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = total();
    if (now - last < 1e6) break;
    last = now;
  }
  return (cpuNs(server) - own) / 1e6;
}

const SETTLES = PINNED && existsSync("/proc/self/task");

/**
 * Calls per server per round, and turns per round. At 4,000 calls in ten turns (until session 11) a round
 * gave each of our servers about 0.2 s of work at 32 in flight: one stall of the host's of 50-100 ms took a
 * quarter to a half off one server's round (2 of 30 rounds fell under 60% of the floor that way, with the
 * floor's own turns in the same round untouched). 12,000 calls in 20 turns make a stall a third as large
 * within a round and spread it over twice as many turns.
 */
const ROUND_CALLS = 12_000;
const ROUND_TURNS = 20;

/**
 * Every server runs with V8's memory reducer off. It is V8's heuristic for a process that looks idle
 * (a low allocation rate for some seconds after a full collection): a full collection that shrinks the
 * heap to its minimum. Interleaved turns leave each server idle four fifths of the time, so the reducer
 * fired in the middle of timed rounds: in session 12's `--trace-gc` runs, a `Mark-Compact (reduce)` in one
 * of our servers came the turn before each late dip at 32 in flight, after which that server spent 3-5x
 * its CPU per call for ~6,000 calls, while the bare echo's turns in the same rounds stayed at ~50 µs. A
 * server under steady load does not look idle, so this measures every server in the state it serves
 * traffic in. The same flag for all five, floors included; `STATELESS_MEMORY_REDUCER=1` leaves V8's
 * default on (to compare).
 */
const SERVER_FLAGS = process.env.STATELESS_MEMORY_REDUCER === "1" ? [] : ["--no-memory-reducer"];

export async function runStatelessHttpBench(
  rounds = 5,
  calls = ROUND_CALLS,
  slices = ROUND_TURNS,
): Promise<StatelessHttpRow[]> {
  const targets = {
    oursStateless: await spawnTarget("typed-mcp (stateless)", "typed-mcp-stateless", SERVER_FLAGS),
    oursDefault: await spawnTarget("typed-mcp (default)", "typed-mcp-default", SERVER_FLAGS),
    officialV2: await spawnTarget("official SDK v2", "official-v2", SERVER_FLAGS),
    bare: await spawnTarget("bare node:http", "bare", SERVER_FLAGS),
    bareWeb: await spawnTarget("bare web handler", "bare-web", SERVER_FLAGS),
  };
  type Key = keyof typeof targets;
  const keys = Object.keys(targets) as Key[];
  const pids = keys.map((key) => targets[key].pid);
  const rows: StatelessHttpRow[] = [];
  try {
    for (const inFlight of [1, 32]) {
      const drivers = Object.fromEntries(keys.map((key) => [key, new Driver(targets[key], inFlight)])) as Record<
        Key,
        Driver
      >;
      const samples = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<Key, number[]>;
      try {
        for (const key of keys) await drivers[key].start();
        const perSlice = Math.ceil(calls / slices);
        // Round 0 is untimed: it warms every server (V8 optimizes each one's code over its first calls).
        for (let round = 0; round <= rounds; round++) {
          const spent = Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
          for (let slice = 0; slice < slices; slice++) {
            // Every target follows every other one in some turns: with a fixed cyclic order one target always
            // came right after the official SDK, and another after the web handler, and paid for their
            // collectors' background threads on the shared CPU. The step varies (5 targets: any step 1-4 is
            // an order of all of them), and a short pause after each turn lets that work end first.
            const step = 1 + ((slice + round) % (keys.length - 1));
            let order = keys.map((_, turn) => keys[(turn * step + slice + round) % keys.length] as Key);
            // (A step that shares a factor with the number of targets would repeat some: plain rotation then.)
            if (new Set(order).size !== keys.length)
              order = keys.map((_, turn) => keys[(turn + slice + round) % keys.length] as Key);
            for (const key of order) {
              spent[key] += await drivers[key].time(perSlice);
              if (SETTLES) spent[key] += await settle(pids, targets[key].pid);
              await new Promise((resolve) => setTimeout(resolve, TURN_PAUSE_MS));
            }
          }
          if (round === 0) continue;
          for (const key of keys) samples[key].push(((perSlice * slices) / spent[key]) * 1000);
          // Each round's own ratios, to standard error: the targets are per round, the table shows medians.
          const at = (key: Key) => samples[key][round - 1] as number;
          const times = (key: Key) => `${(at(key) / at("officialV2")).toFixed(1)}x`;
          const share = (key: Key) => `${Math.round((at(key) / at("bare")) * 100)}%`;
          console.error(
            `stateless-http bench: ${inFlight} in flight, round ${round} of ${rounds}: ours / v2 ` +
              `${times("oursStateless")} (stateless), ${times("oursDefault")} (default); ours / bare ` +
              `${share("oursStateless")}, ${share("oursDefault")}; calls/s ` +
              keys.map((key) => `${key} ${Math.round(at(key))}`).join(", "),
          );
        }
      } finally {
        for (const key of keys) drivers[key].stop();
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
