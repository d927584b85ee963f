/**
 * Behind bearerAuth: per-tool, per-resource and per-prompt scopes answered with the HTTP 403
 * step-up challenge before the request is served (stateful, sessionless and the stateless
 * lifecycle alike); scopes every request needs; and the caller (AuthInfo) and the request's
 * headers in every handler's context. Tokens are signed by a real authorization server's key
 * (oidc-provider, whose JWKS the gate fetches through its metadata).
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BearerAuthOptions, bearerAuth } from "../../../../src/entry/auth.js";
import { listen } from "../../../../src/entry/node.js";
import { type AuthInfo, McpServer, type StreamableHttpOptions, StreamableHttpServer } from "../../../../src/index.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { startOidcProvider, type TestAuthorizationServer } from "../../../helpers/oidc-provider.js";

const closers = closeAfterEach();
let as: TestAuthorizationServer;

beforeAll(async () => {
  as = await startOidcProvider();
}, 60_000);
afterAll(() => as?.stop());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Seen {
  authInfo: AuthInfo | undefined;
  header: unknown;
}

async function protectedServer(
  gate: Partial<BearerAuthOptions> = {},
  http: StreamableHttpOptions = { jsonResponse: true },
) {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const seen: Seen[] = [];
  const server = new McpServer({ name: "scoped", version: "1" });
  const remember = (ctx: { authInfo?: AuthInfo; http?: { headers: Record<string, unknown> } }) =>
    seen.push({ authInfo: ctx.authInfo, header: ctx.http?.headers["x-trace"] });
  server.registerTool("read", { inputSchema: { type: "object" }, scopes: ["files:read"] }, (_args, ctx) => {
    remember(ctx);
    return { content: [{ type: "text", text: "read" }] };
  });
  server.registerTool("write", { inputSchema: { type: "object" }, scopes: ["files:read", "files:write"] }, () => ({
    content: [{ type: "text", text: "written" }],
  }));
  server.registerTool("open", { inputSchema: { type: "object" } }, (_args, ctx) => {
    remember(ctx);
    return { content: [{ type: "text", text: "open" }] };
  });
  server.registerResource("secret", "file:///secret", { scopes: ["files:write"] }, (uri, ctx) => {
    remember(ctx);
    return { contents: [{ uri: uri.href, text: "s" }] };
  });
  server.registerResourceTemplate("docs", "file:///docs/{name}", { scopes: ["files:write"] }, (uri) => ({
    contents: [{ uri: uri.href, text: "d" }],
  }));
  server.registerPrompt("plan", { scopes: ["files:write"] }, (_args, ctx) => {
    remember(ctx);
    return { messages: [{ role: "user", content: { type: "text", text: "plan" } }] };
  });
  const httpServer = new StreamableHttpServer(server, {
    ...http,
    auth: bearerAuth({ resource, issuer: as.issuer, ...gate }),
  });
  const listening = await listen(httpServer.handle, { port });
  closers.push(async () => {
    await httpServer.close();
    await listening.close();
  });
  const token = (scope: string, sub = "alice") =>
    as.signToken({
      iss: as.issuer,
      aud: resource,
      sub,
      client_id: "typed-mcp-test",
      scope,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 300,
    });
  const post = async (bearer: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(resource, {
      method: "POST",
      headers: {
        authorization: `Bearer ${bearer}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "x-trace": "trace-1",
        ...headers,
      },
      body: JSON.stringify(body),
    });
  const session = async (bearer: string) => {
    const init = await post(bearer, {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    expect(init.status).toBe(200);
    await init.body?.cancel();
    const sessionId = init.headers.get("mcp-session-id") ?? "";
    const headers: Record<string, string> = sessionId
      ? { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" }
      : {};
    await (await post(bearer, { jsonrpc: "2.0", method: "notifications/initialized" }, headers)).body?.cancel();
    return (method: string, params: unknown) => post(bearer, { jsonrpc: "2.0", id: 1, method, params }, headers);
  };
  return { resource, seen, token, post, session };
}

const metadataOf = (resource: string) => new URL("/.well-known/oauth-protected-resource/mcp", resource).href;

describe("per-item scopes over HTTP", () => {
  it.each([
    ["tools/call", { name: "write", arguments: {} }, "files:read files:write"],
    ["resources/read", { uri: "file:///secret" }, "files:write"],
    ["resources/read", { uri: "file:///docs/readme" }, "files:write"],
    ["prompts/get", { name: "plan" }, "files:write"],
  ])("%s %j without its scopes: 403 insufficient_scope naming %s", async (method, params, scopes) => {
    const { resource, token, session } = await protectedServer();
    const call = await session(await token("files:read"));
    const refused = await call(method, params);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toBe(
      `Bearer error="insufficient_scope", scope="${scopes}", resource_metadata="${metadataOf(resource)}", error_description="this operation needs the scope${scopes.includes(" ") ? "s" : ""} ${scopes}"`,
    );
    expect(await refused.json()).toMatchObject({ error: "insufficient_scope" });
    // With them, it is served.
    const allowed = await (await session(await token("files:read files:write")))(method, params);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toHaveProperty("result");
  });

  it("a tool with its scope granted, and one with none, are served; unscoped methods too", async () => {
    const { token, session } = await protectedServer();
    const call = await session(await token("files:read"));
    for (const [method, params] of [
      ["tools/call", { name: "read", arguments: {} }],
      ["tools/call", { name: "open", arguments: {} }],
      ["tools/list", {}],
      ["resources/list", {}],
    ] as const) {
      const response = await call(method, params);
      expect(response.status, method).toBe(200);
      expect(await response.json()).toHaveProperty("result");
    }
  });

  it("the same 403 on a sessionless server and in the stateless lifecycle (2026-07-28)", async () => {
    const { token, post } = await protectedServer({}, { jsonResponse: true, sessionless: true });
    const bearer = await token("files:read");
    const stateless = await post(
      bearer,
      {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "write",
          arguments: {},
          _meta: {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {},
          },
        },
      },
      { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "write" },
    );
    expect(stateless.status).toBe(403);
    expect(stateless.headers.get("www-authenticate")).toContain('scope="files:read files:write"');
    const sessionless = await post(
      bearer,
      {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "write", arguments: {} },
      },
      { "mcp-protocol-version": "2025-11-25" },
    );
    expect(sessionless.status).toBe(403);
  });

  it("scopes every request needs: 401 challenges name them, a token without them gets 403, the metadata lists them", async () => {
    const { resource, token, post } = await protectedServer({ scopes: ["mcp:use"] });
    const anonymous = await fetch(resource, { method: "POST" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe(
      `Bearer scope="mcp:use", resource_metadata="${metadataOf(resource)}"`,
    );
    const lacking = await post(await token("files:read"), { jsonrpc: "2.0", id: 1, method: "ping" });
    expect(lacking.status).toBe(403);
    expect(lacking.headers.get("www-authenticate")).toContain('scope="mcp:use"');
    const metadata = await (await fetch(metadataOf(resource))).json();
    expect(metadata).toEqual({
      resource,
      authorization_servers: [as.issuer],
      bearer_methods_supported: ["header"],
      scopes_supported: ["mcp:use"],
    });
  });
});

describe("the caller in every handler's context", () => {
  it("tools, resources and prompts get AuthInfo and the request's headers", async () => {
    const { resource, seen, token, session } = await protectedServer();
    const call = await session(await token("files:read files:write", "carol"));
    for (const [method, params] of [
      ["tools/call", { name: "read", arguments: {} }],
      ["resources/read", { uri: "file:///secret" }],
      ["prompts/get", { name: "plan" }],
    ] as const) {
      expect((await call(method, params)).status).toBe(200);
    }
    expect(seen).toHaveLength(3);
    for (const { authInfo, header } of seen) {
      expect(header).toBe("trace-1");
      expect(authInfo).toMatchObject({
        subject: "carol",
        clientId: "typed-mcp-test",
        scopes: ["files:read", "files:write"],
        resource,
        issuer: as.issuer,
        claims: { sub: "carol", aud: resource },
      });
      expect(typeof authInfo?.expiresAt).toBe("number");
      // Never the token itself.
      expect(JSON.stringify(authInfo)).not.toMatch(/eyJ/);
    }
  });

  it("stateless lifecycle handlers get them too", async () => {
    const { seen, token, post } = await protectedServer();
    const response = await post(
      await token("files:read", "dave"),
      {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "open",
          arguments: {},
          _meta: {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {},
          },
        },
      },
      { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "open" },
    );
    expect(response.status).toBe(200);
    expect(seen).toMatchObject([{ authInfo: { subject: "dave" }, header: "trace-1" }]);
  });
});
