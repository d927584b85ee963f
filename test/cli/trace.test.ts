/**
 * TYPED_MCP_TRACE=1 traces every program's messages on stderr: here the typed-mcp command and the
 * typed-mcp stdio server it starts (which inherits the variable); stdout stays the result alone,
 * and the server's stdout the protocol alone.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const run = promisify(execFile);
const CLI = ["--import", "tsx", join(ROOT, "src", "cli", "bin.ts")];
const ECHO_SERVER = [process.execPath, "--import", "tsx", join(ROOT, "examples", "echo-server.ts")];

async function traced(env: Record<string, string>) {
  return run(
    process.execPath,
    [...CLI, "call", "echo", '{"text":"hi"}', "--json", "--protocol-version", "2025-11-25", "--", ...ECHO_SERVER],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
    },
  );
}

describe("TYPED_MCP_TRACE", () => {
  it("=1 prints every message of client and server on stderr, with timings", { timeout: 60_000 }, async () => {
    const { stdout, stderr } = await traced({ TYPED_MCP_TRACE: "1" });
    expect(JSON.parse(stdout).content[0].text).toContain("hi");
    const lines = stderr.split("\n").filter((line) => line.startsWith("[typed-mcp "));
    const client = lines.filter((line) => line.includes("StdioClientTransport#"));
    const server = lines.filter((line) => line.includes("StdioServerTransport#"));
    expect(client.find((line) => / -> \{"jsonrpc":"2\.0","id":\d+,"method":"initialize"/.test(line))).toBeDefined();
    expect(
      client.some((line) => / <- \{"jsonrpc":"2\.0","id":\d+,"result":.*\(\d+\.\d ms after the request\)$/.test(line)),
    ).toBe(true);
    expect(client.some((line) => line.includes('"method":"tools/call"'))).toBe(true);
    expect(server.some((line) => / <- \{"jsonrpc":"2\.0","id":\d+,"method":"initialize"/.test(line))).toBe(true);
    expect(server.some((line) => / -> .*"result":.*\(\d+\.\d ms after the request\)$/.test(line))).toBe(true);
    // Every message the client sent, the server received, and the other way round.
    expect(client.filter((line) => line.includes(" -> ")).length).toBe(
      server.filter((line) => line.includes(" <- ")).length,
    );
  });

  it("unset or 0 prints nothing", { timeout: 60_000 }, async () => {
    for (const value of ["", "0"]) {
      const { stdout, stderr } = await traced({ TYPED_MCP_TRACE: value });
      expect(JSON.parse(stdout).content[0].text).toContain("hi");
      expect(stderr).not.toContain("[typed-mcp ");
    }
  });
});
