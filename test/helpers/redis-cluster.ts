/**
 * Three everything-server processes on one Redis (`--http --port N --redis URL`), and the
 * round-robin proxy in front of them, all on 127.0.0.1, started and stopped by the test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { freePort, type RedisInstance } from "./redis.js";
import { type RoundRobinProxy, startRoundRobinProxy } from "./round-robin-proxy.js";

const ROOT = new URL("../..", import.meta.url).pathname;

/** One server process of the cluster. */
export interface ClusterNode {
  url: URL;
  port: number;
  child: ChildProcess;
  /** SIGKILL: the process dies as in a crash, its streams cut. */
  kill(): Promise<void>;
  /** What it printed on stderr. */
  log(): string;
}

/** The three nodes and the proxy. */
export interface Cluster {
  nodes: ClusterNode[];
  proxy: RoundRobinProxy;
  close(): Promise<void>;
}

/** A 32-byte requestState secret every node shares (base64). */
export const SHARED_SECRET = Buffer.alloc(32, 7).toString("base64");

/** Starts one node on `redisUrl` (a spare, outside the proxy, when called on its own). */
export async function startNode(redisUrl: string, extra: readonly string[] = []): Promise<ClusterNode> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "examples/everything-server.ts",
      "--http",
      "--port",
      String(port),
      "--redis",
      redisUrl,
      "--request-state-secret",
      SHARED_SECRET,
      ...extra,
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("typed-mcp everything server:")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`node on port ${port} exited (${code}): ${output}`)));
    setTimeout(() => reject(new Error(`node on port ${port} did not start: ${output}`)), 60_000).unref();
  });
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    port,
    child,
    log: () => output,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Starts three nodes on `redis` and the proxy in front of them. */
export async function startCluster(redis: RedisInstance, extra: readonly string[] = []): Promise<Cluster> {
  const nodes: ClusterNode[] = [];
  try {
    for (let index = 0; index < 3; index++) nodes.push(await startNode(redis.url, extra));
  } catch (error) {
    for (const node of nodes) await node.kill();
    throw error;
  }
  const proxy = await startRoundRobinProxy(nodes.map((node) => new URL(`http://127.0.0.1:${node.port}`)));
  return {
    nodes,
    proxy,
    close: async () => {
      await proxy.close();
      for (const node of nodes) await node.kill();
    },
  };
}
