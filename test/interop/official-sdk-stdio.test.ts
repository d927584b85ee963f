/**
 * Interop over stdio, real processes: the official SDK's Client spawning our kernel fixture server,
 * our ClientSession spawning a server built with the official SDK, for each handshake version; and
 * our ClientSession driving @modelcontextprotocol/server-everything.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as OfficialStdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it, vi } from "vitest";
import { ClientSession } from "../../src/entry/client.js";
import { StdioClientTransport } from "../../src/entry/node.js";
import { STATEFUL_PROTOCOL_VERSIONS } from "../../src/index.js";
import { hasElicitation } from "../fixtures/kernel-server.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const tsxArgs = (file: string, ...args: string[]) => ["--import", "tsx", join(FIXTURES, file), ...args];

describe.each(STATEFUL_PROTOCOL_VERSIONS)("protocol %s over stdio", (version) => {
  it("the official Client drives our kernel server", { timeout: 30_000 }, async () => {
    const capabilities: Record<string, unknown> = { sampling: {}, roots: {} };
    if (hasElicitation(version)) capabilities.elicitation = {};
    const client = new Client({ name: "official-client", version: "1.0.0" }, { capabilities });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      content: { type: "text", text: "hello" },
      model: "stdio-model",
    }));
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///r" }] }));
    if (hasElicitation(version)) {
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Bo" } }));
    }
    const logs: unknown[] = [];
    client.fallbackNotificationHandler = async (notification) => {
      if (notification.method === "notifications/message") logs.push(notification.params?.data);
    };
    await client.connect(
      new OfficialStdioClientTransport({
        command: process.execPath,
        args: tsxArgs("kernel-server.ts", "--protocol-version", version),
      }),
    );
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "slow", "ask"]);
    const progress: unknown[] = [];
    const echoed = await client.callTool({ name: "echo", arguments: { text: "over stdio" } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    expect(echoed.content).toEqual([{ type: "text", text: "over stdio" }]);
    expect(progress).toHaveLength(3);
    const asked = await client.callTool({ name: "ask", arguments: {} });
    expect((asked.content as Array<{ text: string }>)[0]?.text).toBe(
      hasElicitation(version)
        ? "model=stdio-model roots=file:///r elicit=accept:Bo"
        : "model=stdio-model roots=file:///r",
    );
    const controller = new AbortController();
    const slow = client.callTool({ name: "slow", arguments: {} }, undefined, { signal: controller.signal });
    const outcome = slow.catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort("stop");
    expect(await outcome).toBeInstanceOf(Error);
    await vi.waitFor(() => expect(logs).toContain("slow aborted"), { timeout: 5_000 });
    await client.close();
  });

  it("our ClientSession drives an official-SDK server", { timeout: 30_000 }, async () => {
    const capabilities: Record<string, unknown> = { sampling: {}, roots: {} };
    if (hasElicitation(version)) capabilities.elicitation = {};
    const session = new ClientSession(
      new StdioClientTransport({ command: process.execPath, args: tsxArgs("official-server.ts") }),
      { clientInfo: { name: "typed-mcp", version: "1.0.0" }, capabilities, protocolVersions: [version] },
    );
    session.setRequestHandler("sampling/createMessage", () => ({
      role: "assistant",
      content: { type: "text", text: "x" },
      model: "ours",
    }));
    session.setRequestHandler("roots/list", () => ({ roots: [{ uri: "file:///one" }] }));
    session.setRequestHandler("elicitation/create", () => ({ action: "cancel" }));
    expect((await session.connect()).protocolVersion).toBe(version);
    const progress: unknown[] = [];
    const echoed = await session.callTool(
      { name: "echo", arguments: { text: "hey" } },
      { onProgress: (p) => progress.push(p) },
    );
    expect(echoed.content).toEqual([{ type: "text", text: "hey" }]);
    expect(progress).toEqual([{ progress: 1, total: 1 }]);
    const asked = await session.callTool({ name: "ask", arguments: {} });
    expect(asked.content).toEqual([
      { type: "text", text: `model=ours roots=1${hasElicitation(version) ? " elicit=cancel" : ""}` },
    ]);
    await session.close();
  });
});

describe("@modelcontextprotocol/server-everything over stdio", () => {
  it("our ClientSession lists and uses its tools, resources and prompts", { timeout: 60_000 }, async () => {
    const entry = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/dist/index.js");
    const session = new ClientSession(
      new StdioClientTransport({ command: process.execPath, args: [entry, "stdio"], stderr: "ignore" }),
      { clientInfo: { name: "typed-mcp", version: "1.0.0" }, capabilities: { roots: {} } },
    );
    session.setRequestHandler("roots/list", () => ({ roots: [] }));
    const server = await session.connect();
    expect(server.protocolVersion).toBe("2025-11-25");
    expect(server.serverInfo.name).toBe("mcp-servers/everything");

    const tools = (await session.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain("echo");
    const echoed = await session.callTool({ name: "echo", arguments: { message: "hi" } });
    expect(JSON.stringify(echoed.content)).toContain("hi");

    const resources = await session.listResources();
    expect(resources.resources.length).toBeGreaterThan(0);
    const first = resources.resources[0] as { uri: string };
    const read = await session.readResource({ uri: first.uri });
    expect(read.contents[0]?.uri).toBe(first.uri);
    const templates = await session.listResourceTemplates();
    expect(templates.resourceTemplates.length).toBeGreaterThan(0);

    const prompts = await session.listPrompts();
    const simple = prompts.prompts.find((prompt) => !prompt.arguments?.some((argument) => argument.required));
    expect(simple).toBeDefined();
    const prompt = await session.getPrompt({ name: (simple as { name: string }).name });
    expect(prompt.messages.length).toBeGreaterThan(0);

    await session.setLoggingLevel("error");
    await session.subscribeResource({ uri: first.uri });
    await session.unsubscribeResource({ uri: first.uri });
    await session.ping();
    await session.close();
  });
});
