/**
 * The official SDK's Client drives examples/everything-server.ts over stdio through every tool,
 * resource, template, prompt, completion and subscription it offers, for each handshake version.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it, vi } from "vitest";
import { STATEFUL_PROTOCOL_VERSIONS } from "../../src/index.js";

const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * The first version each eliciting tool's request is valid in: elicitation came in 2025-06-18, and
 * titled enums (oneOf/anyOf of consts) in 2025-11-25. Defaults pass in 2025-06-18 as extra fields.
 */
const ELICITING: Record<string, string> = {
  test_elicitation: "2025-06-18",
  test_elicitation_sep1034_defaults: "2025-06-18",
  test_elicitation_sep1330_enums: "2025-11-25",
  // Written once for both eras: these ask by real requests here (an InputRequiredResult in 2026-07-28).
  test_input_required_result_elicitation: "2025-06-18",
  test_input_required_result_request_state: "2025-06-18",
  test_input_required_result_tampered_state: "2025-06-18",
  test_input_required_result_multiple_inputs: "2025-06-18",
  test_input_required_result_multi_round: "2025-06-18",
  test_streaming_elicitation: "2025-06-18",
  test_input_required_result_prompt: "2025-06-18",
  confirm_delete: "2025-06-18",
  multi_input: "2025-06-18",
};
/**
 * Tools a plain call cannot run to success: those that must run as tasks (refused by the official
 * client where the listing shows it, else by the server) and one that fails by design.
 */
const REFUSED_PLAIN = new Set(["failing_job", "protocol_error_job"]);
/** Asks over multi round-trip requests before it becomes a task: driven by the tasks scenarios (test/conformance). */
const NOT_CALLED_PLAIN = new Set(["test_tool_with_task"]);
const ARGUMENTS: Record<string, Record<string, unknown>> = {
  test_sampling: { prompt: "Say hi" },
  test_elicitation: { message: "Who are you?" },
  json_schema_2020_12_tool: { contactMethod: "email", email: "ada@example.com" },
  test_custom_headers: { region: "eu-west", priority: 2 },
  test_standalone_notifications: { count: 0 },
  greet: { name: "Ada" },
  slow_compute: { seconds: 0 },
  confirm_delete: { filename: "notes.txt" },
};

describe.each(STATEFUL_PROTOCOL_VERSIONS)("everything-server over stdio, %s", (version) => {
  it("answers every tool, resource, template, prompt, completion and subscription", { timeout: 60_000 }, async () => {
    const hasElicitation = version >= "2025-06-18";
    const client = new Client(
      { name: "official", version: "1" },
      { capabilities: hasElicitation ? { sampling: {}, elicitation: {}, roots: {} } : { sampling: {}, roots: {} } },
    );
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///work", name: "work" }] }));
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      content: { type: "text", text: "hello from the client" },
      model: "test",
    }));
    if (hasElicitation) {
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { username: "ada" } }));
    }
    const logs: unknown[] = [];
    const updates: unknown[] = [];
    client.fallbackNotificationHandler = async (notification) => {
      if (notification.method === "notifications/message") logs.push(notification.params?.data);
      if (notification.method === "notifications/resources/updated") updates.push(notification.params?.uri);
    };
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ["--import", "tsx", "examples/everything-server.ts", "--stdio", "--protocol-version", version],
        cwd: ROOT,
      }),
    );
    expect(client.getServerVersion()?.name).toBe("typed-mcp-everything-server");

    const { tools } = await client.listTools();
    for (const tool of tools) {
      if (NOT_CALLED_PLAIN.has(tool.name)) continue;
      const call = client.callTool({ name: tool.name, arguments: ARGUMENTS[tool.name] ?? {} });
      if (REFUSED_PLAIN.has(tool.name)) {
        // Refused as a request, or answered as a failed call: never a success.
        const failed = await call.then(
          (result) => result.isError === true,
          () => true,
        );
        expect(failed, tool.name).toBe(true);
        continue;
      }
      const since = ELICITING[tool.name];
      if (since !== undefined && version < since) {
        // The version cannot express this elicitation: the server refuses before sending anything.
        await expect(call, tool.name).rejects.toThrow();
        continue;
      }
      const result = await call;
      expect(result.content, tool.name).toBeInstanceOf(Array);
      // 2024-11-05 has no audio content: the block is left out, not sent as invalid data.
      const empty = tool.name === "test_audio_content" && version === "2024-11-05";
      expect((result.content as unknown[]).length > 0, tool.name).toBe(!empty);
      if (tool.name === "test_error_handling") expect(result.isError).toBe(true);
      if (tool.name === "test_sampling") expect(JSON.stringify(result.content)).toContain("hello from the client");
      if (tool.name === "test_input_required_result_multi_round") {
        // Both asks answered by real requests in one run of the handler.
        expect(JSON.stringify(result.content)).toContain(" likes ");
      }
      if (tool.name === "test_input_required_result_list_roots") {
        expect(JSON.stringify(result.content)).toContain("file:///work");
      }
    }
    await client.setLoggingLevel("debug");
    await client.callTool({ name: "test_tool_with_logging", arguments: {} });
    await vi.waitFor(() => expect(logs.length).toBeGreaterThanOrEqual(3));

    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(["test://static-text", "test://static-binary", "test://watched-resource"]),
    );
    for (const resource of resources) {
      expect((await client.readResource({ uri: resource.uri })).contents[0]?.uri).toBe(resource.uri);
    }
    const templated = await client.readResource({ uri: "test://template/123/data" });
    expect(JSON.stringify(templated.contents)).toContain("123");
    expect((await client.listResourceTemplates()).resourceTemplates[0]?.uriTemplate).toBe("test://template/{id}/data");

    const { prompts } = await client.listPrompts();
    const promptArgs: Record<string, Record<string, string>> = {
      test_prompt_with_arguments: { arg1: "a", arg2: "b" },
      test_prompt_with_embedded_resource: { resourceUri: "test://x" },
    };
    for (const prompt of prompts) {
      const get = client.getPrompt({ name: prompt.name, arguments: promptArgs[prompt.name] ?? {} });
      const since = ELICITING[prompt.name];
      if (since !== undefined && version < since) {
        await expect(get, prompt.name).rejects.toThrow();
        continue;
      }
      const got = await get;
      expect(got.messages.length, prompt.name).toBeGreaterThan(0);
    }
    if (version !== "2024-11-05") {
      const completion = await client.complete({
        ref: { type: "ref/prompt", name: "test_prompt_with_arguments" },
        argument: { name: "arg1", value: "test" },
      });
      expect(completion.completion.values).toEqual(["test1", "test2", "testing"]);
    }
    await client.subscribeResource({ uri: "test://watched-resource" });
    await vi.waitFor(() => expect(updates).toContain("test://watched-resource"), { timeout: 5_000 });
    await client.unsubscribeResource({ uri: "test://watched-resource" });
    await client.close();
  });
});
