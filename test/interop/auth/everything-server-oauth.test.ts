/**
 * End to end with a real authorization server: examples/everything-server.ts --auth-issuer (a
 * separate process) protecting itself for oidc-provider (on 127.0.0.1, resource indicators, JWT
 * access tokens). Users sign in through the provider's pages (authorization code + PKCE), call
 * protected tools with typed-mcp's client, step up for a tool's scope, refresh; a second user
 * cannot use the first user's session, nor her sealed requestState.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, StreamableHttpClientTransport } from "../../../src/index.js";
import { type EverythingServer, startEverythingServer } from "../../helpers/everything-server.js";
import { authorizationCodeToken, refreshToken } from "../../helpers/oauth-flow.js";
import { startOidcProvider, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";

let as: TestAuthorizationServer;
let server: EverythingServer;
let resource = "";

beforeAll(async () => {
  as = await startOidcProvider({ resourceScopes: "files:read mcp:elevated" });
  server = await startEverythingServer(["--auth-issuer", as.issuer]);
  resource = server.url;
}, 60_000);

afterAll(async () => {
  server?.stop();
  await as?.stop();
});

async function connect(token: string): Promise<{ client: Client; transport: StreamableHttpClientTransport }> {
  const transport = new StreamableHttpClientTransport(new URL(resource), {
    headers: { authorization: `Bearer ${token}` },
  });
  const client = new Client({ name: "oauth-test", version: "1" });
  await client.connect(transport);
  return { client, transport };
}

const textOf = (result: { content: unknown }) =>
  (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? "").join("");

describe("everything-server --auth-issuer with oidc-provider", () => {
  it("serves its protected-resource metadata at the path-aware well-known URL", async () => {
    const url = new URL("/.well-known/oauth-protected-resource/mcp", resource);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      resource,
      authorization_servers: [as.issuer],
      bearer_methods_supported: ["header"],
    });
    const unauthenticated = await fetch(resource, { method: "POST" });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${url.href}"`);
  });

  it("a user signs in (code + PKCE), calls a protected tool, steps up for a scoped one, and refreshes", async () => {
    const token = await authorizationCodeToken(as, { user: "alice", resource, scope: "files:read offline_access" });
    const { client } = await connect(token.access_token);
    const who = JSON.parse(textOf(await client.callTool({ name: "auth_whoami", arguments: {} })));
    expect(who).toMatchObject({ subject: "alice", clientId: "typed-mcp-test", scopes: ["files:read"] });
    // The conformance tools are behind the same gate.
    expect(textOf(await client.callTool({ name: "test_simple_text", arguments: {} }))).toContain("simple text");

    // A tool needing mcp:elevated: HTTP 403 with the step-up challenge naming it.
    const sessionId = (client as unknown as { transport?: { sessionId?: string } }).transport?.sessionId;
    const refused = await fetch(resource, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token.access_token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
        ...(sessionId ? { "mcp-session-id": sessionId } : {}),
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: { name: "auth_elevated", arguments: {} },
      }),
    });
    expect(refused.status).toBe(403);
    const challenge = refused.headers.get("www-authenticate") ?? "";
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="mcp:elevated"');
    expect(challenge).toContain(
      `resource_metadata="${new URL("/.well-known/oauth-protected-resource/mcp", resource).href}"`,
    );
    await expect(client.callTool({ name: "auth_elevated", arguments: {} })).rejects.toThrow(/403/);
    await client.close();

    const elevated = await authorizationCodeToken(as, { user: "alice", resource, scope: "files:read mcp:elevated" });
    const stepped = await connect(elevated.access_token);
    expect(textOf(await stepped.client.callTool({ name: "auth_elevated", arguments: {} }))).toBe("elevated for alice");
    await stepped.client.close();

    expect(token.refresh_token).toBeTruthy();
    const refreshed = await refreshToken(as, token.refresh_token as string, resource);
    expect(refreshed.access_token).not.toBe(token.access_token);
    const again = await connect(refreshed.access_token);
    expect(JSON.parse(textOf(await again.client.callTool({ name: "auth_whoami", arguments: {} }))).subject).toBe(
      "alice",
    );
    await again.client.close();
  }, 60_000);

  it("a second user cannot use the first user's session", async () => {
    const alice = await authorizationCodeToken(as, { user: "alice", resource, scope: "files:read" });
    const bob = await authorizationCodeToken(as, { user: "bob", resource, scope: "files:read" });
    const { client, transport } = await connect(alice.access_token);
    const sessionId = transport.sessionId as string;
    expect(sessionId).toBeTruthy();
    const as_ = (token: string, method: string, body?: unknown) =>
      fetch(resource, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          "mcp-session-id": sessionId,
          "mcp-protocol-version": "2025-11-25",
          accept: method === "GET" ? "text/event-stream" : "application/json, text/event-stream",
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const call = { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "auth_whoami", arguments: {} } };
    for (const method of ["POST", "GET", "DELETE"]) {
      const response = await as_(bob.access_token, method, method === "POST" ? call : undefined);
      expect(response.status, method).toBe(404);
      await response.body?.cancel();
    }
    // Alice's session is untouched and hers.
    expect(JSON.parse(textOf(await client.callTool({ name: "auth_whoami", arguments: {} }))).subject).toBe("alice");
    await client.close();
  }, 60_000);

  it("a second user cannot resume the first user's sealed requestState (2026-07-28)", async () => {
    const alice = await authorizationCodeToken(as, { user: "alice", resource, scope: "files:read" });
    const bob = await authorizationCodeToken(as, { user: "bob", resource, scope: "files:read" });
    const meta = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientCapabilities": { elicitation: {} },
      "io.modelcontextprotocol/clientInfo": { name: "t", version: "1" },
    };
    const post = async (token: string, params: Record<string, unknown>) => {
      const response = await fetch(resource, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-protocol-version": "2026-07-28",
          "mcp-method": "tools/call",
          "mcp-name": "test_elicitation",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "test_elicitation", arguments: { message: "who?" }, _meta: meta, ...params },
        }),
      });
      return (await response.json()) as { result?: Record<string, unknown>; error?: { code: number; message: string } };
    };
    const first = await post(alice.access_token, {});
    const requestState = first.result?.requestState as string;
    expect(typeof requestState).toBe("string");
    const inputRequests = first.result?.inputRequests as Record<string, unknown>;
    const key = Object.keys(inputRequests)[0] as string;
    const answers = { [key]: { action: "accept", content: { username: "alice", email: "a@example.com" } } };
    const stolen = await post(bob.access_token, { requestState, inputResponses: answers });
    expect(stolen.error).toMatchObject({ code: -32602, message: expect.stringMatching(/another principal/) });
    const own = await post(alice.access_token, { requestState, inputResponses: answers });
    expect(JSON.stringify(own.result)).toContain("action=accept");
  }, 60_000);
});

describe("everything-server --auth-scopes", () => {
  it("names the scopes every request needs in its challenge and metadata, and refuses a token without them (403)", async () => {
    const started = await startEverythingServer([
      "--auth-issuer",
      as.issuer,
      "--auth-scopes",
      "files:read mcp:elevated",
    ]);
    try {
      const metadataUrl = new URL("/.well-known/oauth-protected-resource/mcp", started.url);
      expect(await (await fetch(metadataUrl)).json()).toMatchObject({
        resource: started.url,
        scopes_supported: ["files:read", "mcp:elevated"],
      });
      const anonymous = await fetch(started.url, { method: "POST" });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toBe(
        `Bearer scope="files:read mcp:elevated", resource_metadata="${metadataUrl.href}"`,
      );
      const narrow = await authorizationCodeToken(as, {
        user: "alice",
        resource: started.url,
        scope: "files:read",
      });
      const initialize = (token: string) =>
        fetch(started.url, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "initialize",
            params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
          }),
        });
      const refused = await initialize(narrow.access_token);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
      const wide = await authorizationCodeToken(as, {
        user: "alice",
        resource: started.url,
        scope: "files:read mcp:elevated",
      });
      const accepted = await initialize(wide.access_token);
      expect(accepted.status).toBe(200);
      await accepted.body?.cancel();
    } finally {
      started.process.kill();
    }
  }, 60_000);
});
