/**
 * Per-item scopes where no HTTP gate answers first: a transport that supplies an AuthInfo (here the
 * in-memory one, with the caller added to each message's extra info) gets a JSON-RPC error naming
 * the missing scopes, and the handler never runs; without an AuthInfo nothing is checked.
 */
import { describe, expect, it } from "vitest";
import type { JsonRpcMessage, MessageExtraInfo } from "../../../../src/entry/jsonrpc.js";
import { type AuthInfo, InMemoryTransport, McpServer } from "../../../../src/index.js";

const caller = (scopes: string[]): AuthInfo => ({
  subject: "alice",
  clientId: "c",
  scopes,
  expiresAt: undefined,
  resource: undefined,
  issuer: undefined,
  claims: {},
});

async function connect(authInfo: AuthInfo | undefined) {
  const runs: string[] = [];
  const mcp = new McpServer({ name: "scoped", version: "1" });
  mcp.registerTool("write", { scopes: ["files:write"] }, () => {
    runs.push("write");
    return { content: [{ type: "text", text: "ok" }] };
  });
  mcp.registerResource("secret", "file:///secret", { scopes: ["files:write"] }, (uri) => {
    runs.push("secret");
    return { contents: [{ uri: uri.href, text: "s" }] };
  });
  mcp.registerPrompt("plan", { scopes: ["files:write", "plans"] }, () => {
    runs.push("plan");
    return { messages: [] };
  });
  const [client, server] = InMemoryTransport.createLinkedPair();
  await mcp.connect(server);
  const deliver = server.onmessage?.bind(server);
  server.onmessage = (message: JsonRpcMessage, extra?: MessageExtraInfo) =>
    deliver?.(message, authInfo ? { ...extra, authInfo } : extra);
  const replies = new Map<unknown, Record<string, unknown>>();
  client.onmessage = (message) => {
    if ("id" in message) replies.set(message.id, message as unknown as Record<string, unknown>);
  };
  await client.start();
  let id = 0;
  const call = async (method: string, params: Record<string, unknown>) => {
    const requestId = ++id;
    await client.send({ jsonrpc: "2.0", id: requestId, method, params });
    for (let i = 0; i < 200 && !replies.has(requestId); i++) await new Promise((r) => setTimeout(r, 2));
    return replies.get(requestId) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  };
  await call("initialize", {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "t", version: "1" },
  });
  await client.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return { call, runs };
}

describe("per-item scopes without an HTTP gate", () => {
  it.each([
    ["tools/call", { name: "write", arguments: {} }, "tool write needs the scope files:write", ["files:write"]],
    [
      "resources/read",
      { uri: "file:///secret" },
      "resource file:///secret needs the scope files:write",
      ["files:write"],
    ],
    ["prompts/get", { name: "plan" }, "prompt plan needs the scopes files:write plans", ["files:write", "plans"]],
  ])("%s %j: -32600 naming the missing scopes, handler not run", async (method, params, message, required) => {
    const { call, runs } = await connect(caller(["files:read"]));
    const reply = await call(method, params);
    expect(reply.error).toEqual({
      code: -32600,
      message: `Forbidden: ${message}`,
      data: { error: "insufficient_scope", requiredScopes: required },
    });
    expect(runs).toEqual([]);
  });

  it("a caller with the scopes, and a transport with no AuthInfo at all, are served", async () => {
    for (const authInfo of [caller(["files:write", "plans"]), undefined]) {
      const { call, runs } = await connect(authInfo);
      expect((await call("tools/call", { name: "write", arguments: {} })).result).toBeDefined();
      expect((await call("resources/read", { uri: "file:///secret" })).result).toBeDefined();
      expect((await call("prompts/get", { name: "plan" })).result).toBeDefined();
      expect(runs).toEqual(["write", "secret", "plan"]);
    }
  });
});
