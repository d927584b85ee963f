/**
 * JSON-RPC batches (2025-03-26 sessions) behind the bearer-token gate: each message of a batch needs
 * the scopes it would need alone, so a batch holding a call to a scoped tool is refused with the 403
 * step-up challenge when the token lacks them, and the handlers of an allowed batch see the caller.
 */
import { describe, expect, it } from "vitest";
import { bearerAuth } from "../../../../src/entry/auth.js";
import { McpServer, StreamableHttpServer } from "../../../../src/index.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

/** Tokens are the subject's name; "writer" is granted files:write, everyone else nothing. */
async function start() {
  const server = new McpServer({ name: "batch-scopes", version: "1" });
  server.registerTool("whoami", {}, (_args, ctx) => ({
    content: [{ type: "text", text: ctx.authInfo?.subject ?? "nobody" }],
  }));
  server.registerTool("write", { scopes: ["files:write"] }, () => ({ content: [{ type: "text", text: "written" }] }));
  const auth = bearerAuth({
    resource: "http://127.0.0.1/mcp",
    authorizationServers: ["https://issuer.example"],
    verifyToken: async (token) => ({
      subject: token,
      clientId: "test",
      scopes: token === "writer" ? ["files:write"] : [],
      expiresAt: undefined,
      resource: "http://127.0.0.1/mcp",
      issuer: "https://issuer.example",
      claims: {},
    }),
  });
  const listening = await serveOnLoopback(new StreamableHttpServer(server, { auth, jsonResponse: true }));
  closers.push(listening.close);
  return listening.url;
}

function post(url: URL, token: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

async function session(url: URL, token: string): Promise<Record<string, string>> {
  const response = await post(url, token, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  expect(response.status).toBe(200);
  await response.text();
  const headers = { "mcp-session-id": response.headers.get("mcp-session-id") as string };
  expect((await post(url, token, { jsonrpc: "2.0", method: "notifications/initialized" }, headers)).status).toBe(202);
  return headers;
}

const call = (id: number, name: string) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: {} },
});

describe("batches behind the bearer-token gate", () => {
  it("refuses a batch holding a call the token's scopes do not allow (403, the step-up challenge)", async () => {
    const url = await start();
    const headers = await session(url, "reader");
    const response = await post(url, "reader", [call(1, "whoami"), call(2, "write")], headers);
    expect(response.status).toBe(403);
    const challenge = response.headers.get("www-authenticate") ?? "";
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain("files:write");
    await response.text();
  });

  it("serves an allowed batch, each handler seeing the caller", async () => {
    const url = await start();
    const headers = await session(url, "writer");
    const response = await post(url, "writer", [call(1, "whoami"), call(2, "write")], headers);
    expect(response.status).toBe(200);
    const answers = (await response.json()) as Array<{ id: number; result: { content: Array<{ text: string }> } }>;
    const byId = new Map(answers.map((answer) => [answer.id, answer.result.content[0]?.text]));
    expect(byId.get(1)).toBe("writer");
    expect(byId.get(2)).toBe("written");
  });
});
