/**
 * The official SDK v2 Client (`@modelcontextprotocol/client`), pinned to protocol 2026-07-28, drives
 * examples/everything-server.ts: over Streamable HTTP in process (default and stateless
 * StreamableHttpServer) and over stdio as a child process. It connects with `server/discover`
 * (no initialize), sends the per-request `_meta` envelope and the Mcp-* headers, and fulfils the
 * server's InputRequiredResults through its own elicitation/sampling/roots handlers.
 */
import { Client, LOG_LEVEL_META_KEY, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { describe, expect, it, vi } from "vitest";
import { everythingServer } from "../../examples/everything-server.js";
import { StreamableHttpServer } from "../../src/index.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

/** A v2 Client pinned to 2026-07-28 whose handlers answer the everything-server's questions. */
function v2Client(capabilities: Record<string, object> = { sampling: {}, elicitation: {}, roots: {} }) {
  const client = new Client(
    { name: "official-v2", version: "2.4.0" },
    { capabilities, versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  const asked: string[] = [];
  if ("elicitation" in capabilities) {
    client.setRequestHandler("elicitation/create", async (request) => {
      const message = request.params.message;
      asked.push(message);
      let content: Record<string, string> = { name: "Ada" };
      if (message.includes("favorite color")) content = { color: "blue" };
      if (message.includes("context")) content = { context: "the v2 client" };
      return { action: "accept", content };
    });
  }
  if ("sampling" in capabilities) {
    client.setRequestHandler("sampling/createMessage", async (request) => {
      const first = request.params.messages[0]?.content;
      asked.push(`sampling: ${first && "type" in first && first.type === "text" ? first.text : "?"}`);
      return { role: "assistant", model: "test-model", content: { type: "text", text: "Paris" } };
    });
  }
  if ("roots" in capabilities) {
    client.setRequestHandler("roots/list", async () => {
      asked.push("roots");
      return { roots: [{ uri: "file:///work", name: "work" }] };
    });
  }
  const notifications: Array<{ method: string; params?: Record<string, unknown> }> = [];
  client.fallbackNotificationHandler = async (notification) => {
    notifications.push(notification as (typeof notifications)[number]);
  };
  return { client, asked, notifications };
}

interface Sent {
  headers: Headers;
  body: { method?: string; params?: { _meta?: Record<string, unknown> } };
}
/** Connects a client; `sent` records each HTTP POST (empty over stdio). */
type Connect = { connect: (client: Client) => Promise<void>; sent: Sent[] };
const cleanups = closeAfterEach();

async function httpConnect(stateless: boolean): Promise<Connect> {
  const { server, stop } = everythingServer();
  const http = new StreamableHttpServer(server, { sessionless: stateless });
  const listening = await serveOnLoopback(http);
  cleanups.push(listening.close);
  cleanups.push(async () => stop());
  const sent: Sent[] = [];
  const recording = async (url: string | URL, init?: RequestInit) => {
    if (init?.method === "POST") sent.push({ headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
    return fetch(url, init);
  };
  return {
    connect: (client) => client.connect(new StreamableHTTPClientTransport(listening.url, { fetch: recording })),
    sent,
  };
}

async function stdioConnect(): Promise<Connect> {
  return {
    connect: (client) =>
      client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: ["--import", "tsx", "examples/everything-server.ts", "--stdio"],
          cwd: ROOT,
        }),
      ),
    sent: [],
  };
}

const text = (result: { content?: unknown }) =>
  (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? `[${block.type}]`).join("");

describe.each([
  ["Streamable HTTP, default (sessionful) server", () => httpConnect(false), true],
  ["Streamable HTTP, stateless server", () => httpConnect(true), true],
  ["stdio child process", stdioConnect, false],
] as const)("official v2 Client -> everything-server, 2026-07-28, %s", (_name, setup, overHttp) => {
  it("discovers, lists, calls tools, reads resources, gets prompts, completes", { timeout: 60_000 }, async () => {
    const { connect, sent } = await setup();
    const { client, notifications } = v2Client();
    cleanups.push(() => client.close());
    await connect(client);

    // Connected by server/discover, not initialize: the modern era at exactly the pinned revision.
    expect(client.getProtocolEra()).toBe("modern");
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    expect(client.getServerVersion()).toEqual({ name: "typed-mcp-everything-server", version: "1.0.0" });
    expect(client.getDiscoverResult()?.supportedVersions).toContain("2026-07-28");
    expect(client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true },
      prompts: {},
      completions: {},
    });

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining([
        "test_simple_text",
        "test_image_content",
        "test_error_handling",
        "test_tool_with_progress",
        "test_input_required_result_elicitation",
        "test_input_required_result_multi_round",
        "test_custom_headers",
      ]),
    );

    expect(await client.callTool({ name: "test_simple_text", arguments: {} })).toEqual({
      content: [{ type: "text", text: "This is a simple text response for testing." }],
    });
    expect((await client.callTool({ name: "test_image_content", arguments: {} })).content).toEqual([
      { type: "image", data: PNG, mimeType: "image/png" },
    ]);
    const failed = await client.callTool({ name: "test_error_handling", arguments: {} });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toBe("This tool intentionally returns an error for testing");

    const progress: Array<{ progress: number; total?: number }> = [];
    const progressed = await client.callTool(
      { name: "test_tool_with_progress", arguments: {} },
      { onprogress: (update) => progress.push(update) },
    );
    expect(text(progressed)).toBe("Tool with progress executed successfully");
    expect(progress.map((update) => update.progress)).toEqual([0, 50, 100]);
    expect(progress.at(-1)?.total).toBe(100);

    // x-mcp-header arguments: over HTTP the v2 client mirrors them into Mcp-Param-* headers (the
    // server rejects a mismatch); a non-ASCII value travels base64-encoded.
    const headered = await client.callTool({
      name: "test_custom_headers",
      arguments: { region: "eu-west", priority: 2, verbose: true, greeting: "héllo wörld", query: "q" },
    });
    expect(JSON.parse(text(headered).replace("Headers matched: ", ""))).toEqual({
      region: "eu-west",
      priority: 2,
      verbose: true,
      greeting: "héllo wörld",
      query: "q",
    });

    // The log level travels in the request envelope; logs come back on that request's stream.
    const logged = await client.callTool({
      name: "test_logging_tool",
      arguments: {},
      _meta: { [LOG_LEVEL_META_KEY]: "info" },
    });
    expect(text(logged)).toBe("Logging done");
    await vi.waitFor(
      () =>
        expect(notifications.filter((n) => n.method === "notifications/message").map((n) => n.params?.data)).toEqual([
          "Tool execution started",
          "Tool halfway",
          "Tool execution completed",
        ]),
      { timeout: 10_000 },
    );

    const staticText = await client.readResource({ uri: "test://static-text" });
    expect(staticText.contents).toEqual([
      { uri: "test://static-text", mimeType: "text/plain", text: "This is the content of the static text resource." },
    ]);
    expect((await client.readResource({ uri: "test://static-binary" })).contents).toEqual([
      { uri: "test://static-binary", mimeType: "image/png", blob: PNG },
    ]);
    const templated = await client.readResource({ uri: "test://template/42/data" });
    expect(JSON.parse(String((templated.contents[0] as { text?: string }).text))).toEqual({
      id: "42",
      templateTest: true,
      data: "Data for ID: 42",
    });

    const prompt = await client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "a", arg2: "b" } });
    expect(prompt.messages).toEqual([
      { role: "user", content: { type: "text", text: "Prompt with arguments: arg1='a', arg2='b'" } },
    ]);
    const promptCompletion = await client.complete({
      ref: { type: "ref/prompt", name: "test_prompt_with_arguments" },
      argument: { name: "arg1", value: "te" },
    });
    expect(promptCompletion.completion.values).toEqual(["test1", "test2", "testing"]);
    const templateCompletion = await client.complete({
      ref: { type: "ref/resource", uri: "test://template/{id}/data" },
      argument: { name: "id", value: "1" },
    });
    expect(templateCompletion.completion.values).toEqual(["1", "123"]);

    // An unknown tool is a protocol error, not a tool result.
    await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow();

    if (overHttp) {
      // The wire: server/discover first, never initialize; every POST names its method and
      // version in headers and carries the envelope in _meta.
      expect(sent[0]?.body.method).toBe("server/discover");
      expect(sent.map((request) => request.body.method)).not.toContain("initialize");
      for (const request of sent) {
        expect(request.headers.get("mcp-protocol-version")).toBe("2026-07-28");
        expect(request.headers.get("mcp-method")).toBe(request.body.method);
        expect(request.headers.get("mcp-session-id")).toBeNull();
        expect(request.body.params?._meta).toMatchObject({
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": { name: "official-v2", version: "2.4.0" },
          "io.modelcontextprotocol/clientCapabilities": { sampling: {}, elicitation: {}, roots: {} },
        });
      }
      const headeredPost = sent.find((request) => request.headers.get("mcp-name") === "test_custom_headers");
      expect(headeredPost?.headers.get("mcp-param-region")).toBe("eu-west");
      expect(headeredPost?.headers.get("mcp-param-priority")).toBe("2");
      expect(headeredPost?.headers.get("mcp-param-greeting")).toMatch(/^=\?base64\?/);
      expect(sent.find((request) => request.body.method === "resources/read")?.headers.get("mcp-name")).toBe(
        "test://static-text",
      );
    } else {
      expect(sent).toEqual([]);
    }
  });

  it("fulfils InputRequiredResults with its elicitation, sampling and roots handlers", {
    timeout: 60_000,
  }, async () => {
    const { connect } = await setup();
    const { client, asked } = v2Client();
    cleanups.push(() => client.close());
    await connect(client);

    expect(text(await client.callTool({ name: "test_input_required_result_elicitation", arguments: {} }))).toBe(
      "Hello, Ada!",
    );
    expect(text(await client.callTool({ name: "test_input_required_result_sampling", arguments: {} }))).toBe(
      "The model said: Paris",
    );
    expect(text(await client.callTool({ name: "test_input_required_result_list_roots", arguments: {} }))).toBe(
      "Roots: file:///work",
    );
    expect(asked).toEqual(["What is your name?", "sampling: What is the capital of France?", "roots"]);

    // Two rounds: the second question is only asked once the first answer came back.
    asked.length = 0;
    expect(text(await client.callTool({ name: "test_input_required_result_multi_round", arguments: {} }))).toBe(
      "Ada likes blue",
    );
    expect(asked).toEqual(["Step 1: What is your name?", "Step 2: What is your favorite color?"]);

    // Three asks in one InputRequiredResult, answered together.
    asked.length = 0;
    expect(text(await client.callTool({ name: "test_input_required_result_multiple_inputs", arguments: {} }))).toBe(
      'name={"name":"Ada"} greeting={"type":"text","text":"Paris"} roots=1',
    );
    expect([...asked].sort()).toEqual(["What is your name?", "roots", "sampling: Generate a greeting"]);

    // The sealed requestState comes back byte for byte, so the server sees a resumed round.
    expect(text(await client.callTool({ name: "test_input_required_result_request_state", arguments: {} }))).toBe(
      'Confirmed: {"name":"Ada"} (state-ok)',
    );

    // prompts/get can be input-required too.
    const prompt = await client.getPrompt({ name: "test_input_required_result_prompt", arguments: {} });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Context: the v2 client" } }]);
  });

  // It starts a server of its own like the tests above, and has their room for it on a loaded machine.
  it("gets -32021 for a capability it did not declare, and asks only for what it declared", {
    timeout: 30_000,
  }, async () => {
    const { connect } = await setup();
    const { client, asked } = v2Client({ elicitation: {} });
    cleanups.push(() => client.close());
    await connect(client);

    await expect(client.callTool({ name: "test_missing_capability", arguments: {} })).rejects.toMatchObject({
      code: -32021,
    });
    expect(text(await client.callTool({ name: "test_input_required_result_capabilities", arguments: {} }))).toBe(
      "Received 1 answer(s)",
    );
    expect(asked).toEqual(["What is your name?"]);
  });

  it("listens: acknowledged filter, then tagged list_changed and resource updates", { timeout: 30_000 }, async () => {
    const { connect } = await setup();
    const { client, notifications } = v2Client();
    cleanups.push(() => client.close());
    await connect(client);

    const subscription = await client.listen({
      toolsListChanged: true,
      resourceSubscriptions: ["test://watched-resource"],
    });
    expect(subscription.honoredFilter).toEqual({
      toolsListChanged: true,
      resourceSubscriptions: ["test://watched-resource"],
    });
    expect(text(await client.callTool({ name: "test_trigger_tool_change", arguments: {} }))).toBe(
      "Added test_triggered_tool_1",
    );
    await vi.waitFor(
      () => {
        const methods = notifications.map((n) => n.method);
        expect(methods).toContain("notifications/tools/list_changed");
        // The watched resource changes every 3 s on the server's own timer.
        expect(methods).toContain("notifications/resources/updated");
      },
      { timeout: 15_000, interval: 100 },
    );
    const delivered = notifications.filter((n) => n.method !== "notifications/message");
    for (const notification of delivered) {
      // Every delivery carries the listen request's subscription id; prompts were not asked for.
      expect(notification.params?._meta).toEqual({ "io.modelcontextprotocol/subscriptionId": expect.any(String) });
      expect(notification.method).not.toBe("notifications/prompts/list_changed");
    }
    expect(delivered.find((n) => n.method === "notifications/resources/updated")?.params?.uri).toBe(
      "test://watched-resource",
    );
    // The new tool is there when the client lists again.
    expect((await client.listTools({}, { cacheMode: "refresh" })).tools.map((tool) => tool.name)).toContain(
      "test_triggered_tool_1",
    );
    await subscription.close();
    expect(await subscription.closed).toBe("local");
  });
});
