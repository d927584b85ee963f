/**
 * The official SDK v2 server fixture (test/fixtures/official-v2-server.ts) at protocol 2026-07-28,
 * driven by hand-written wire requests: raw fetch POSTs carrying the `_meta` envelope and the
 * MCP-Protocol-Version / Mcp-Method / Mcp-Name headers, and raw NDJSON over stdio. This proves the
 * fixture for the reverse direction (our Client -> official v2 server); see the marked block below.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, StdioClientTransport } from "../../src/entry/node.js";
import { Client, StreamableHttpClientTransport } from "../../src/index.js";
import { OFFICIAL_V2_SERVER_INFO, officialV2Handler } from "../fixtures/official-v2-server.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientInfo": { name: "raw-wire", version: "1" },
  "io.modelcontextprotocol/clientCapabilities": { elicitation: {}, sampling: {} },
};

interface Rpc {
  jsonrpc: "2.0";
  id: number;
  result?: Record<string, unknown> & { resultType?: string };
  error?: { code: number; message: string };
}

describe("official v2 server over Streamable HTTP, raw 2026-07-28 POSTs", () => {
  let handler: ReturnType<typeof officialV2Handler>;
  let listening: Awaited<ReturnType<typeof listen>>;
  let nextId = 1;
  beforeAll(async () => {
    handler = officialV2Handler();
    listening = await listen(handler.fetch);
  });
  afterAll(async () => {
    await handler.close();
    await listening.close();
  });

  async function post(
    method: string,
    params: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Rpc }> {
    const response = await fetch(listening.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": method,
        ...headers,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params: { ...params, _meta: ENVELOPE } }),
    });
    // No mid-call messages here, so the v2 handler answers with a single JSON body.
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    return { status: response.status, body: (await response.json()) as Rpc };
  }

  it("answers server/discover with 2026-07-28 and its capabilities, no session", async () => {
    const { status, body } = await post("server/discover", {});
    expect(status).toBe(200);
    expect(body.result?.supportedVersions).toContain("2026-07-28");
    expect(body.result?.capabilities).toMatchObject({ tools: {}, resources: {}, prompts: {} });
    expect(body.result?._meta).toMatchObject({ "io.modelcontextprotocol/serverInfo": OFFICIAL_V2_SERVER_INFO });
  });

  it("lists and calls tools, reads the resource, gets the prompt", async () => {
    const listed = await post("tools/list", {});
    expect(((listed.body.result?.tools ?? []) as Array<{ name: string }>).map((tool) => tool.name)).toEqual([
      "echo",
      "add",
      "ask_name",
      "ask_model",
    ]);
    const echoed = await post("tools/call", { name: "echo", arguments: { text: "hi" } }, { "mcp-name": "echo" });
    expect(echoed.body.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: "hi" }] });
    const added = await post("tools/call", { name: "add", arguments: { a: 2, b: 3 } }, { "mcp-name": "add" });
    expect(added.body.result?.structuredContent).toEqual({ sum: 5 });
    const read = await post("resources/read", { uri: "v2://greeting" }, { "mcp-name": "v2://greeting" });
    expect(read.body.result?.contents).toEqual([
      { uri: "v2://greeting", mimeType: "text/plain", text: "Hello from the v2 server" },
    ]);
    const prompt = await post("prompts/get", { name: "greet", arguments: { name: "Ada" } }, { "mcp-name": "greet" });
    expect(prompt.body.result?.messages).toEqual([
      { role: "user", content: { type: "text", text: "Please greet Ada" } },
    ]);
  });

  it("asks by InputRequiredResult and finishes on the retry carrying inputResponses + requestState", async () => {
    const first = await post("tools/call", { name: "ask_name", arguments: {} }, { "mcp-name": "ask_name" });
    expect(first.body.result).toMatchObject({
      resultType: "input_required",
      inputRequests: { name: { method: "elicitation/create", params: { message: "What is your name?" } } },
    });
    const requestState = first.body.result?.requestState;
    expect(typeof requestState).toBe("string");
    const retried = await post(
      "tools/call",
      {
        name: "ask_name",
        arguments: {},
        inputResponses: { name: { action: "accept", content: { name: "Ada" } } },
        requestState,
      },
      { "mcp-name": "ask_name" },
    );
    expect(retried.body.result).toMatchObject({
      resultType: "complete",
      content: [{ type: "text", text: "Hello, Ada!" }],
    });

    const sampling = await post("tools/call", { name: "ask_model", arguments: {} }, { "mcp-name": "ask_model" });
    expect(sampling.body.result).toMatchObject({
      resultType: "input_required",
      inputRequests: { capital: { method: "sampling/createMessage" } },
    });
    const answered = await post(
      "tools/call",
      {
        name: "ask_model",
        arguments: {},
        inputResponses: { capital: { role: "assistant", model: "m", content: { type: "text", text: "Paris" } } },
      },
      { "mcp-name": "ask_model" },
    );
    expect(answered.body.result?.content).toEqual([{ type: "text", text: "The model said: Paris" }]);
  });

  it("refuses a tools/call whose Mcp-Name header is missing or disagrees with the body (-32020, 400)", async () => {
    const missing = await post("tools/call", { name: "echo", arguments: { text: "x" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.code).toBe(-32020);
    const wrong = await post("tools/call", { name: "echo", arguments: { text: "x" } }, { "mcp-name": "add" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.code).toBe(-32020);
  });

  for (const negotiation of ["stateless", "auto"] as const) {
    it(`typed-mcp Client (${negotiation}) -> official v2 server over Streamable HTTP`, async () => {
      const client = ourClient(negotiation);
      const server = await client.connect(new StreamableHttpClientTransport(listening.url));
      try {
        await driveOfficialV2(client, server);
      } finally {
        await client.close();
      }
    });
  }
});

describe("official v2 server over stdio, raw 2026-07-28 NDJSON", () => {
  it("answers server/discover and a tools/call without an initialize", { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/official-v2-server.ts", "--stdio"], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const request = async (id: number, method: string, params: Record<string, unknown>): Promise<Rpc> => {
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: ENVELOPE } })}\n`);
      for (;;) {
        const { value, done } = await lines.next();
        if (done) throw new Error("the server closed stdout");
        const message = JSON.parse(value) as Rpc;
        if (message.id === id) return message;
      }
    };
    try {
      const discovered = await request(1, "server/discover", {});
      expect(discovered.result?.supportedVersions).toContain("2026-07-28");
      const echoed = await request(2, "tools/call", { name: "echo", arguments: { text: "over stdio" } });
      expect(echoed.result).toMatchObject({
        resultType: "complete",
        content: [{ type: "text", text: "over stdio" }],
      });
      const asked = await request(3, "tools/call", { name: "ask_name", arguments: {} });
      expect(asked.result?.resultType).toBe("input_required");
    } finally {
      child.stdin.end();
      child.kill();
    }
  });

  it("typed-mcp Client (stateless) -> official v2 server over stdio", { timeout: 30_000 }, async () => {
    const client = ourClient("stateless");
    const server = await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ["--import", "tsx", "test/fixtures/official-v2-server.ts", "--stdio"],
        cwd: ROOT,
      }),
    );
    try {
      await driveOfficialV2(client, server);
    } finally {
      await client.close();
    }
  });
});

/** Our Client, answering the v2 server's questions with its own handlers. */
function ourClient(negotiation: "stateless" | "auto"): Client {
  return new Client({ name: "typed-mcp", version: "1" }, { negotiation })
    .onElicitation(() => ({ action: "accept", content: { name: "Ada" } }))
    .onSampling(() => ({ role: "assistant", content: { type: "text", text: "Paris" }, model: "m" }));
}

/** Everything the fixture offers, through our Client at 2026-07-28. */
async function driveOfficialV2(client: Client, server: { protocolVersion: string; serverInfo: { name: string } }) {
  expect(server.protocolVersion).toBe("2026-07-28");
  expect(client.isStateless).toBe(true);
  expect(server.serverInfo.name).toBe(OFFICIAL_V2_SERVER_INFO.name);
  expect((await client.listToolsAll()).map((tool) => tool.name)).toEqual(["echo", "add", "ask_name", "ask_model"]);
  expect((await client.callTool({ name: "echo", arguments: { text: "hi" } })).content).toEqual([
    { type: "text", text: "hi" },
  ]);
  // The listed outputSchema checks the structured content.
  expect((await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).structuredContent).toEqual({ sum: 5 });
  // InputRequiredResult rounds, answered by our handlers, the v2 server's requestState echoed.
  expect((await client.callTool({ name: "ask_name" })).content).toEqual([{ type: "text", text: "Hello, Ada!" }]);
  expect((await client.callTool({ name: "ask_model" })).content).toEqual([
    { type: "text", text: "The model said: Paris" },
  ]);
  const read = await client.readResource({ uri: "v2://greeting" });
  expect(read.contents).toEqual([{ uri: "v2://greeting", mimeType: "text/plain", text: "Hello from the v2 server" }]);
  const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
  expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Please greet Ada" } }]);
  await expect(client.callTool({ name: "no_such_tool" })).rejects.toThrow();
}
