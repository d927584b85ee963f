/** Running the typed-mcp command in-process with captured streams, and the servers its tests talk to. */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { AuthorizationFlow } from "../../src/cli/authorization.js";
import { run } from "../../src/cli/main.js";

export const ROOT = join(import.meta.dirname, "..", "..");

/** The official everything server, started over stdio: what goes after `--`. */
export const SERVER_EVERYTHING = [
  process.execPath,
  createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/dist/index.js"),
  "stdio",
];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line with stdout and stderr captured; `tty` makes both streams claim a terminal. */
export async function runCli(
  argv: readonly string[],
  options: {
    env?: Record<string, string>;
    tty?: boolean;
    authorization?: AuthorizationFlow;
    openBrowser?: (url: URL) => void;
  } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const tty = options.tty === true;
  const code = await run(
    argv,
    {
      stdout: { write: (text: string) => (stdout += text), isTTY: tty },
      stderr: { write: (text: string) => (stderr += text), isTTY: tty },
      env: options.env ?? {},
      cwd: ROOT,
    },
    {
      ...(options.authorization ? { authorization: options.authorization } : {}),
      ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}),
    },
  );
  return { code, stdout, stderr };
}

/** `examples/everything-server.ts --http` on 127.0.0.1 at a port the system picks. */
export async function startExampleHttpServer(
  extraArgs: string[] = [],
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "examples", "everything-server.ts"), "--http", "--port", "0", ...extraArgs],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(seen);
      if (match) resolve(match[0]);
    });
    child.once("exit", (code) => reject(new Error(`the example server exited (${code}): ${seen}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
