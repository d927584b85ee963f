/**
 * A real redis-server for tests: started on a free port of 127.0.0.1 with no persistence, in a
 * temporary directory of its own, and stopped by the test. When the binary is missing it is
 * installed from Debian's packages if the test runs as root; otherwise `startRedis` answers with
 * the reason to skip (see REDIS_MISSING).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What a test that cannot get a redis-server prints when it skips. */
export const REDIS_MISSING =
  "redis-server is not installed: install it with `apt-get install -y redis-server` (Debian, Redis 7), or run the tests as root so they install it";

/** A running redis-server. */
export interface RedisInstance {
  url: string;
  port: number;
  /** Stops it (SIGTERM, then SIGKILL), keeping the port for `restart`. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was persisted). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

function which(binary: string): string | undefined {
  try {
    return execFileSync("sh", ["-c", `command -v ${binary}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The path of redis-server, installing it when missing and allowed; undefined when it cannot be had. */
export function redisServerBinary(): string | undefined {
  const found = which("redis-server");
  if (found) return found;
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync(
      "sh",
      ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server"],
      {
        stdio: "ignore",
        timeout: 300_000,
      },
    );
  } catch {
    return undefined;
  }
  return which("redis-server");
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function spawnRedis(
  binary: string,
  port: number,
  dir: string,
  extra: readonly string[] = [],
): Promise<ChildProcess> {
  const child = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--daemonize",
      "no",
      "--protected-mode",
      "yes",
      ...extra,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
    setTimeout(() => reject(new Error(`redis-server did not start: ${output.slice(-500)}`)), 10_000).unref();
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a redis-server, or answers REDIS_MISSING when there is none to be had. `extra` are more
 * command-line settings (for example `--rename-command CONFIG ""`, as managed services refuse CONFIG).
 */
export async function startRedis(extra: readonly string[] = []): Promise<RedisInstance | typeof REDIS_MISSING> {
  const binary = redisServerBinary();
  if (!binary) return REDIS_MISSING;
  const dir = mkdtempSync(join(tmpdir(), "typed-mcp-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnRedis(binary, port, dir, extra);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopChild(child);
      child = undefined;
    },
    restart: async () => {
      await stopChild(child);
      child = await spawnRedis(binary, port, dir, extra);
    },
    close: async () => {
      await stopChild(child);
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
