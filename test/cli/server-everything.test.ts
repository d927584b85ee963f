/** The typed-mcp command against @modelcontextprotocol/server-everything, started over stdio. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StdioClientTransport } from "../../src/entry/node.js";
import { Client } from "../../src/index.js";
import { runCli, SERVER_EVERYTHING } from "../helpers/cli.js";

/** What the server lists, asked directly: the CLI must show all of it. */
async function listedDirectly() {
  const [command, ...args] = SERVER_EVERYTHING as [string, ...string[]];
  const client = new Client({ name: "direct", version: "1" });
  await client.connect(new StdioClientTransport({ command, args, stderr: "ignore" }));
  try {
    return {
      tools: (await client.listToolsAll()).map((tool) => tool.name),
      resources: (await client.listResourcesAll()).map((resource) => resource.uri),
      prompts: (await client.listPromptsAll()).map((prompt) => prompt.name),
    };
  } finally {
    await client.close();
  }
}

describe("typed-mcp against server-everything (stdio)", () => {
  it("inspect --json lists every tool, resource and prompt, with nothing but JSON on stdout", {
    timeout: 60_000,
  }, async () => {
    const [{ code, stdout, stderr }, direct] = await Promise.all([
      runCli(["inspect", "--json", "--", ...SERVER_EVERYTHING]),
      listedDirectly(),
    ]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.serverInfo.name).toBe("mcp-servers/everything");
    expect(report.lifecycle).toBe("stateful");
    expect(report.protocolVersion).toBe("2025-11-25");
    expect(report.tools.map((tool: { name: string }) => tool.name)).toEqual(direct.tools);
    expect(report.resources.map((resource: { uri: string }) => resource.uri)).toEqual(direct.resources);
    expect(report.prompts.map((prompt: { name: string }) => prompt.name)).toEqual(direct.prompts);
    expect(report.tools.length).toBeGreaterThanOrEqual(10);
    expect(report.resourceTemplates.length).toBeGreaterThan(0);
    // The server's own stderr chatter reaches our stderr, never stdout.
    expect(stderr).toContain("Starting default (STDIO) server");
  });

  it("inspect prints tables with every tool and its arguments summarised", { timeout: 60_000 }, async () => {
    const { code, stdout } = await runCli(["inspect", "--", ...SERVER_EVERYTHING]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^server {8}mcp-servers\/everything /);
    expect(stdout).toContain("protocol      2025-11-25, stateful lifecycle");
    expect(stdout).toContain("tools (");
    expect(stdout).toMatch(/get-sum +a\*: number, b\*: number/);
    expect(stdout).toMatch(/args-prompt +city\*, state/);
    expect(stdout).not.toContain("\u001b[");
  });

  it("call shows progress on stderr as lines (no terminal) and the result alone on stdout", {
    timeout: 60_000,
  }, async () => {
    const { code, stdout, stderr } = await runCli([
      "call",
      "trigger-long-running-operation",
      '{"duration":0.3,"steps":3}',
      "--",
      ...SERVER_EVERYTHING,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe("Long running operation completed. Duration: 0.3 seconds, Steps: 3.\n");
    expect(stderr.match(/^progress \d\/3/gm)).toEqual(["progress 1/3", "progress 2/3", "progress 3/3"]);
  });

  it("call on a terminal draws a progress bar on stderr, in colour unless NO_COLOR", { timeout: 60_000 }, async () => {
    const argv = ["call", "trigger-long-running-operation", '{"duration":0.2,"steps":2}', "--", ...SERVER_EVERYTHING];
    const coloured = await runCli(argv, { tty: true });
    expect(coloured.code).toBe(0);
    expect(coloured.stderr).toContain("\r\u001b[2K");
    expect(coloured.stderr).toContain("#".repeat(30));
    expect(coloured.stderr).toContain("100%");
    expect(coloured.stderr).toContain("\u001b[36m");
    const plain = await runCli(argv, { tty: true, env: { NO_COLOR: "1" } });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain("100%");
    expect(plain.stderr).not.toContain("\u001b[36m");
  });

  it("call prints text and structured content, and --json the whole result", { timeout: 60_000 }, async () => {
    const text = await runCli(["call", "get-structured-content", '{"location":"Chicago"}', "--", ...SERVER_EVERYTHING]);
    expect(text.code).toBe(0);
    const structured = JSON.parse(text.stdout.slice(text.stdout.indexOf("\n{") + 1));
    expect(typeof structured.temperature).toBe("number");
    const json = await runCli(["call", "get-sum", '{"a":2,"b":3}', "--json", "--", ...SERVER_EVERYTHING]);
    expect(json.code).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout).content)).toContain("5");
  });

  it("images are summarised on one line, or saved with --out", { timeout: 60_000 }, async () => {
    const summary = await runCli(["call", "get-tiny-image", "--", ...SERVER_EVERYTHING]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^\[image image\/png, [\d.]+ KiB; --out <dir> saves it\]$/m);
    const out = mkdtempSync(join(tmpdir(), "typed-mcp-cli-out-"));
    try {
      const saved = await runCli(["call", "get-tiny-image", "--out", out, "--", ...SERVER_EVERYTHING]);
      expect(saved.code).toBe(0);
      const file = join(out, "image-1.png");
      expect(saved.stdout).toContain(`saved to ${file}`);
      expect(existsSync(file)).toBe(true);
      expect([...readFileSync(file).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("read and prompt print their results", { timeout: 60_000 }, async () => {
    const read = await runCli(["read", "demo://resource/dynamic/text/7", "--", ...SERVER_EVERYTHING]);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/^\[resource demo:\/\/resource\/dynamic\/text\/7/);
    const prompt = await runCli(["prompt", "args-prompt", '{"city":"Paris"}', "--", ...SERVER_EVERYTHING]);
    expect(prompt.code).toBe(0);
    expect(prompt.stdout).toMatch(/^user: .*Paris/m);
  });

  it("exit codes: 1 for a tool error, 2 for a protocol error, 64 for bad arguments", { timeout: 60_000 }, async () => {
    const toolError = await runCli(["call", "no-such-tool", "--", ...SERVER_EVERYTHING]);
    expect(toolError.code).toBe(1);
    expect(toolError.stderr).toContain("the tool no-such-tool reported an error");
    const protocolError = await runCli(["read", "demo://no/such/resource", "--", ...SERVER_EVERYTHING]);
    expect(protocolError.code).toBe(2);
    expect(protocolError.stderr).toMatch(/the server answered with error -?\d+/);
    expect(protocolError.stdout).toBe("");
    const badJson = await runCli(["call", "get-sum", "{a:2}", "--", ...SERVER_EVERYTHING]);
    expect(badJson.code).toBe(64);
    expect(badJson.stderr).toContain("the tool's arguments must be a JSON object");
  });

  it("exit code 3 when the server cannot be started", { timeout: 30_000 }, async () => {
    const { code, stderr, stdout } = await runCli(["inspect", "--", join(tmpdir(), "no-such-server-command")]);
    expect(code).toBe(3);
    expect(stderr).toContain("could not connect to");
    expect(stdout).toBe("");
  });
});
