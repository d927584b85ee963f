/**
 * Interop with the official SDK, in memory, for each handshake version: its Client against our
 * ServerRunner, and our ClientSession against its Server. Transports are the official SDK's own
 * InMemoryTransport on both sides: our Transport interface matches it.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport as OfficialInMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it, vi } from "vitest";
import { ClientSession } from "../../src/entry/client.js";
import { STATEFUL_PROTOCOL_VERSIONS } from "../../src/index.js";
import { hasElicitation, kernelServer } from "../fixtures/kernel-server.js";
import { officialServer } from "../fixtures/official-server.js";

describe.each(STATEFUL_PROTOCOL_VERSIONS)("protocol %s", (version) => {
  it("the official Client drives our server: list, call, progress, logs, cancellation, sampling, roots, elicitation", async () => {
    const seen: { aborted?: unknown } = {};
    const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
    await kernelServer([version], seen).connect(serverSide);
    const capabilities: Record<string, unknown> = { sampling: {}, roots: {} };
    if (hasElicitation(version)) capabilities.elicitation = {};
    const client = new Client({ name: "official-client", version: "1.0.0" }, { capabilities });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      content: { type: "text", text: "hello" },
      model: "test-model",
    }));
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///work", name: "work" }] }));
    if (hasElicitation(version)) {
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
    }
    const logs: unknown[] = [];
    client.fallbackNotificationHandler = async (notification) => {
      if (notification.method === "notifications/message") logs.push(notification.params);
    };
    await client.connect(clientSide);
    expect(client.getServerVersion()?.name).toBe("typed-mcp-interop");

    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toEqual(["echo", "slow", "ask"]);

    const progress: unknown[] = [];
    const echoed = await client.callTool({ name: "echo", arguments: { text: "hi" } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    expect(echoed.content).toEqual([{ type: "text", text: "hi" }]);
    expect(progress).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
    await vi.waitFor(() => expect(logs).toEqual([{ level: "info", data: "echo hi" }]));

    const asked = await client.callTool({ name: "ask", arguments: {} });
    const expected = hasElicitation(version)
      ? "model=test-model roots=file:///work elicit=accept:Ada"
      : "model=test-model roots=file:///work";
    expect(asked.content).toEqual([{ type: "text", text: expected }]);

    const controller = new AbortController();
    const slow = client.callTool({ name: "slow", arguments: {} }, undefined, { signal: controller.signal });
    const outcome = slow.catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort("user cancelled");
    expect(await outcome).toBeInstanceOf(Error);
    await vi.waitFor(() => expect(seen.aborted).toBeDefined());

    await client.close();
  });

  it("our ClientSession drives the official Server: list, call, progress, sampling, roots, elicitation", async () => {
    const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
    const server = officialServer();
    await server.connect(serverSide);

    const capabilities: Record<string, unknown> = { sampling: {}, roots: {} };
    if (hasElicitation(version)) capabilities.elicitation = {};
    const session = new ClientSession(clientSide, {
      clientInfo: { name: "typed-mcp-client", version: "1.0.0" },
      capabilities,
      protocolVersions: [version],
    });
    session.setRequestHandler("sampling/createMessage", () => ({
      role: "assistant",
      content: { type: "text", text: "hello" },
      model: "our-model",
    }));
    session.setRequestHandler("roots/list", () => ({ roots: [{ uri: "file:///a" }, { uri: "file:///b" }] }));
    session.setRequestHandler("elicitation/create", () => ({ action: "decline" }));
    const initialized = await session.connect();
    expect(initialized.protocolVersion).toBe(version);
    expect(initialized.serverInfo.name).toBe("official-server");

    expect((await session.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "slow", "ask"]);
    const progress: unknown[] = [];
    const echoed = await session.callTool(
      { name: "echo", arguments: { text: "yo" } },
      { onProgress: (p) => progress.push(p) },
    );
    expect(echoed.content).toEqual([{ type: "text", text: "yo" }]);
    expect(progress).toEqual([{ progress: 1, total: 1 }]);
    const asked = await session.callTool({ name: "ask", arguments: {} });
    expect(asked.content).toEqual([
      { type: "text", text: `model=our-model roots=2${hasElicitation(version) ? " elicit=decline" : ""}` },
    ]);
    await session.close();
  });
});
