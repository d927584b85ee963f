/**
 * The legacy HTTP+SSE client (`LegacySseClientTransport`) with an `authProvider`, against a server
 * built here that speaks only the 2024-11-05 HTTP+SSE transport (the official SDK's
 * SSEServerTransport) behind typed-mcp's `bearerAuth`, for oidc-provider's tokens. The first GET's
 * 401 starts the flow (discovery, registration, code + PKCE through the provider's pages); the stream
 * and every POST then carry the token and the tool call succeeds as the signed-in user; a bad token
 * is refused.
 */
import { createServer, type IncomingMessage } from "node:http";
import { McpServer as OfficialMcpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthInfo,
  type BearerAuthGate,
  bearerAuth,
  InMemoryOAuthStore,
  OAuthProvider,
} from "../../../src/entry/auth.js";
import { Client, LegacySseClientTransport } from "../../../src/index.js";
import { type Listening, listenOnLoopback } from "../../helpers/http.js";
import { startOidcProvider, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";

let as: TestAuthorizationServer;
let listening: Listening;
let gate: BearerAuthGate;
let sseUrl: URL;
/** Every request the server saw: method, path and the status the gate gave (0: let through). */
const seen: Array<{ method: string; path: string; status: number; subject?: string }> = [];

beforeAll(async () => {
  as = await startOidcProvider({ resourceScopes: "files:read" });
  const transports = new Map<string, SSEServerTransport>();
  const httpServer = createServer(async (req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", sseUrl);
    const authentication = await gate.authenticate({
      method: req.method ?? "GET",
      url: url.href,
      header: (name) => {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    });
    if ("answer" in authentication && authentication.answer) {
      seen.push({ method: req.method ?? "", path: url.pathname, status: authentication.answer.status });
      const { status, headers, body } = authentication.answer;
      res.writeHead(status, headers).end(body ?? undefined);
      return;
    }
    const subject = "authInfo" in authentication ? (authentication.authInfo as AuthInfo).subject : undefined;
    seen.push({ method: req.method ?? "", path: url.pathname, status: 0, ...(subject ? { subject } : {}) });
    if (req.method === "GET" && url.pathname === "/sse") {
      const transport = new SSEServerTransport("/messages", res);
      transports.set(transport.sessionId, transport);
      const official = new OfficialMcpServer({ name: "legacy-protected", version: "1" });
      official.registerTool("whoami", {}, async (extra) => ({
        content: [{ type: "text", text: `caller ${subject} (${extra.sessionId === transport.sessionId})` }],
      }));
      await official.connect(transport);
      return;
    }
    if (req.method === "POST" && url.pathname === "/messages") {
      const transport = transports.get(url.searchParams.get("sessionId") ?? "");
      if (transport) return transport.handlePostMessage(req, res);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(405).end();
  });
  listening = await listenOnLoopback(httpServer);
  sseUrl = new URL("/sse", listening.url);
  gate = bearerAuth({ resource: sseUrl.href, issuer: as.issuer, scopes: ["files:read"] });
}, 60_000);

afterAll(async () => {
  await listening?.close();
  await as?.stop();
});

describe("LegacySseClientTransport with an authProvider, behind bearerAuth", () => {
  it("the 401 on the stream starts the flow; the stream and the POSTs carry the token; the call succeeds", async () => {
    seen.length = 0;
    const events: string[] = [];
    const authorizations: URL[] = [];
    const browser = as.browser("alice");
    const authProvider = new OAuthProvider({
      authorize: async (url) => {
        authorizations.push(url);
        return browser(url);
      },
      redirectUri: "http://127.0.0.1/callback",
      store: new InMemoryOAuthStore(),
      onEvent: (event) => events.push(event),
    });
    const client = new Client({ name: "legacy-oauth", version: "1" });
    await client.connect(new LegacySseClientTransport(sseUrl, { authProvider }));
    try {
      const result = await client.callTool({ name: "whoami", arguments: {} });
      expect(result.content).toEqual([{ type: "text", text: "caller alice (true)" }]);
    } finally {
      await client.close();
    }
    // One authorization, for this resource, with the scope the challenge named.
    expect(authorizations, events.join("\n")).toHaveLength(1);
    expect(authorizations[0]?.searchParams.get("resource")).toBe(sseUrl.href);
    expect(authorizations[0]?.searchParams.get("scope")?.split(" ")).toContain("files:read");
    // The first request was the stream's GET, refused with 401; the metadata came through the gate.
    expect(seen[0]).toMatchObject({ method: "GET", path: "/sse", status: 401 });
    expect(seen.some((entry) => entry.path === "/.well-known/oauth-protected-resource/sse")).toBe(true);
    // Then the stream and every POST were let through as alice.
    const through = seen.filter((entry) => entry.path === "/sse" || entry.path === "/messages");
    expect(
      through.slice(1).every((entry) => entry.status === 0 && entry.subject === "alice"),
      JSON.stringify(seen),
    ).toBe(true);
    expect(through.filter((entry) => entry.path === "/messages").length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("a bad token is refused: a forged JWT and a garbage one both get 401 invalid_token", async () => {
    const forged = await as.signToken(
      {
        iss: as.issuer,
        sub: "mallory",
        aud: sseUrl.href,
        scope: "files:read",
        exp: Math.floor(Date.now() / 1000) + 60,
      },
      { key: "other" },
    );
    for (const token of [forged, "not-a-jwt"]) {
      seen.length = 0;
      const client = new Client({ name: "legacy-bad-token", version: "1" });
      const transport = new LegacySseClientTransport(sseUrl, { headers: { authorization: `Bearer ${token}` } });
      await expect(client.connect(transport)).rejects.toThrow("the legacy SSE endpoint answered HTTP 401");
      expect(seen).toEqual([{ method: "GET", path: "/sse", status: 401 }]);
      await client.close().catch(() => undefined);
    }
    const response = await fetch(sseUrl, { headers: { authorization: "Bearer not-a-jwt" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    await response.body?.cancel();
  }, 60_000);
});
