/**
 * The typed-mcp command against examples/everything-server.ts --http, with pages of two so that
 * every list takes several pages, in both lifecycles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startExampleHttpServer } from "../helpers/cli.js";

const PAGE_SIZE = 2;
let server: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  server = await startExampleHttpServer(["--page-size", String(PAGE_SIZE)]);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("typed-mcp against the everything server over Streamable HTTP", () => {
  it.each([
    ["stateless", "2026-07-28"],
    ["stateful", "2025-11-25"],
  ])("inspect --json follows every page (%s lifecycle)", { timeout: 60_000 }, async (lifecycle, version) => {
    const { code, stdout, stderr } = await runCli(["inspect", server.url, "--json", "--protocol-version", version]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.lifecycle).toBe(lifecycle);
    expect(report.protocolVersion).toBe(version);
    const tools: string[] = report.tools.map((tool: { name: string }) => tool.name);
    // Well past one page, each name once, the first and the last registered among them.
    expect(tools.length).toBeGreaterThan(PAGE_SIZE * 5);
    expect(new Set(tools).size).toBe(tools.length);
    // The first registered: the task tools come before the conformance fixture's.
    expect(tools[0]).toBe("greet");
    expect(tools).toContain("test_simple_text");
    expect(tools).toContain("test_tool_with_progress");
    expect(report.resources.length).toBeGreaterThan(PAGE_SIZE);
    expect(report.prompts.length).toBeGreaterThan(PAGE_SIZE);
    expect(report.resourceTemplates.length).toBeGreaterThan(0);
  });

  it("without --protocol-version it asks the server and speaks the newest version", { timeout: 60_000 }, async () => {
    const { code, stdout } = await runCli(["inspect", server.url]);
    expect(code).toBe(0);
    expect(stdout).toContain("protocol      2026-07-28, stateless lifecycle");
    expect(stdout).toMatch(/tools \(\d+\)/);
    expect(stdout).toMatch(/^ {2}test_tool_with_progress +- +Reports progress while it runs$/m);
  });

  it.each(["2026-07-28", "2025-06-18"])(
    "call shows a tool's progress and log messages (%s)",
    { timeout: 60_000 },
    async (version) => {
      const progress = await runCli(["call", server.url, "test_tool_with_progress", "--protocol-version", version]);
      expect(progress.code, progress.stderr).toBe(0);
      expect(progress.stdout).toBe("Tool with progress executed successfully\n");
      expect(progress.stderr).toContain("progress 0/100 Completed step 1 of 3");
      expect(progress.stderr).toContain("progress 100/100 Completed step 3 of 3");
      const logging = await runCli(["call", server.url, "test_tool_with_logging", "--protocol-version", version]);
      expect(logging.code).toBe(0);
      expect(logging.stderr).toContain("[info] Tool execution started");
      expect(logging.stderr).toContain("[info] Tool execution completed");
      expect(logging.stdout).toBe("Tool with logging executed successfully\n");
    },
  );

  it("exit codes: 0, 1 for a tool error, 2 for a protocol error", { timeout: 60_000 }, async () => {
    expect((await runCli(["call", server.url, "test_simple_text"])).code).toBe(0);
    const toolError = await runCli(["call", server.url, "test_error_handling"]);
    expect(toolError.code).toBe(1);
    expect(toolError.stdout).toContain("This tool intentionally returns an error");
    const unknown = await runCli(["read", server.url, "test://no-such-resource"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error -32002");
    // Arguments the tool's inputSchema refuses: up to 2025-06-18 the server answers -32602 before the
    // tool runs; from 2025-11-25 on (SEP-1303) a tool error the model can read, naming the argument.
    const args = ["call", server.url, "test_sampling", '{"prompt": 7}', "--protocol-version"];
    const badArguments = await runCli([...args, "2025-06-18"]);
    expect(badArguments.code).toBe(2);
    expect(badArguments.stderr).toContain("error -32602");
    const badArgumentsAsResult = await runCli([...args, "2025-11-25"]);
    expect(badArgumentsAsResult.code).toBe(1);
    expect(badArgumentsAsResult.stdout).toContain(`Argument "prompt"`);
  });

  it("--json of call, read and prompt parses", { timeout: 60_000 }, async () => {
    const call = await runCli(["call", server.url, "test_multiple_content_types", "--json"]);
    expect(JSON.parse(call.stdout).content.map((block: { type: string }) => block.type)).toEqual([
      "text",
      "image",
      "resource",
    ]);
    const read = await runCli(["read", server.url, "test://static-text", "--json"]);
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).contents[0].uri).toBe("test://static-text");
    const prompt = await runCli(["prompt", server.url, "test_simple_prompt", "--json"]);
    expect(prompt.code, prompt.stderr).toBe(0);
    expect(JSON.parse(prompt.stdout).messages.length).toBeGreaterThan(0);
  });
});
