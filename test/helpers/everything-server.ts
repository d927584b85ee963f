/**
 * examples/everything-server.ts over Streamable HTTP as a child process on 127.0.0.1, for the tests
 * that drive it from outside (the conformance suite, the OAuth end-to-end tests): a free port, the
 * process started with the flags a test gives, and a wait until it accepts connections.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

/** The repository's root. */
export const ROOT = join(import.meta.dirname, "..", "..");

/** A port nobody listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A running everything-server. */
export interface EverythingServer {
  /** Its MCP endpoint, `http://127.0.0.1:<port>/mcp` (also the resource URL with `--auth-issuer`). */
  url: string;
  process: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  stop(): void;
}

/**
 * Starts `examples/everything-server.ts --http --port <free port> ...flags` on this machine's Node;
 * resolves once the endpoint answers (any HTTP status), rejects with its output if it never does
 * within `startupMs` (generous: tsx compiles the sources on a loaded machine).
 */
export async function startEverythingServer(
  flags: readonly string[] = [],
  startupMs = 60_000,
): Promise<EverythingServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  let output = "";
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "examples/everything-server.ts", "--http", "--port", String(port), ...flags],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + startupMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const up = await fetch(url, { method: "DELETE" }).then(
      () => true,
      () => false,
    );
    if (up) return { url, process: child, output: () => output, stop: () => child.kill() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`examples/everything-server.ts --http ${flags.join(" ")} did not start:\n${output}`);
}
