/**
 * A small, real OAuth authorization server and an MCP server behind a bearer check, both on
 * 127.0.0.1, for the OAuth client's tests (the client against them over real HTTP). The
 * authorization server is deliberately minimal: RFC 8414 metadata, dynamic registration, an
 * authorization endpoint that approves at once (redirecting with code, state and iss), and a token
 * endpoint for the authorization-code (with PKCE S256 checked) and refresh-token grants. Every
 * request either server sees is recorded, URL and headers, so a test can search the wire for a token.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { listen } from "../../src/entry/node.js";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { type Listening, listenOnLoopback } from "./http.js";

/** One request as the servers saw it. */
export interface WireRecord {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** How the authorization server misbehaves or restricts, per test. */
export interface FixtureOptions {
  /** The `issuer` the metadata names (default: its real URL). */
  metadataIssuer?: string;
  /** `code_challenge_methods_supported` (default ["S256"]; null leaves it out). */
  pkceMethods?: string[] | null;
  /** The authorization endpoint advertised (default: its real one). */
  authorizationEndpoint?: string;
  /** `expires_in` of issued access tokens (default 3600). */
  expiresIn?: number;
  /** The scope a tool call needs; calls without it get 403 insufficient_scope. */
  toolScope?: string;
  /** Never grant `toolScope` (to exercise the step-up limit). */
  withholdToolScope?: boolean;
}

export interface OAuthFixture {
  serverUrl: URL;
  issuer: string;
  wire: WireRecord[];
  /** Access tokens issued so far. */
  issued: string[];
  grants: string[];
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

function b64url(buffer: Buffer): string {
  return buffer.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function startOAuthFixture(options: FixtureOptions = {}): Promise<OAuthFixture> {
  const wire: WireRecord[] = [];
  const issued: string[] = [];
  const grants: string[] = [];
  const codes = new Map<string, { challenge: string; scope: string }>();
  const tokens = new Map<string, string>(); // access token -> scope
  const refreshTokens = new Map<string, string>(); // refresh token -> scope
  let issuer = "";
  const as = createServer(async (request, response) => {
    const body = await bodyOf(request);
    wire.push({ url: `${issuer}${request.url}`, headers: request.headers, body });
    const url = new URL(request.url ?? "/", issuer);
    const json = (status: number, value: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (url.pathname === "/.well-known/oauth-authorization-server") {
      return json(200, {
        issuer: options.metadataIssuer ?? issuer,
        authorization_endpoint: options.authorizationEndpoint ?? `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        registration_endpoint: `${issuer}/register`,
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code", "refresh_token"],
        token_endpoint_auth_methods_supported: ["none"],
        scopes_supported: ["tools:read", "tools:call", "offline_access"],
        authorization_response_iss_parameter_supported: true,
        ...(options.pkceMethods === null ? {} : { code_challenge_methods_supported: options.pkceMethods ?? ["S256"] }),
      });
    }
    if (url.pathname === "/register" && request.method === "POST") {
      const metadata = JSON.parse(body) as Record<string, unknown>;
      return json(201, { ...metadata, client_id: `client-${randomUUID()}` });
    }
    if (url.pathname === "/authorize") {
      const code = randomUUID();
      let scope = url.searchParams.get("scope") ?? "";
      if (options.withholdToolScope && options.toolScope) {
        scope = scope
          .split(" ")
          .filter((s) => s !== options.toolScope)
          .join(" ");
      }
      codes.set(code, { challenge: url.searchParams.get("code_challenge") ?? "", scope });
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      back.searchParams.set("iss", issuer);
      response.writeHead(302, { location: back.href }).end();
      return;
    }
    if (url.pathname === "/token" && request.method === "POST") {
      const form = new URLSearchParams(body);
      const grant = form.get("grant_type") ?? "";
      grants.push(grant);
      let scope: string | undefined;
      if (grant === "authorization_code") {
        const entry = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        const verifier = form.get("code_verifier") ?? "";
        if (!entry || b64url(createHash("sha256").update(verifier).digest()) !== entry.challenge) {
          return json(400, { error: "invalid_grant" });
        }
        scope = entry.scope;
      } else if (grant === "refresh_token") {
        scope = refreshTokens.get(form.get("refresh_token") ?? "");
        if (scope === undefined) return json(400, { error: "invalid_grant" });
      } else {
        return json(400, { error: "unsupported_grant_type" });
      }
      const access = `at-${randomUUID()}`;
      const refresh = `rt-${randomUUID()}`;
      issued.push(access);
      tokens.set(access, scope);
      refreshTokens.set(refresh, scope);
      return json(200, {
        access_token: access,
        token_type: "Bearer",
        expires_in: options.expiresIn ?? 3600,
        refresh_token: refresh,
        scope,
      });
    }
    response.writeHead(404).end();
  });
  const asListening = await listenOnLoopback(as);
  issuer = asListening.url.origin;

  const mcp = new McpServer({ name: "protected", version: "1.0.0" });
  mcp.registerTool("whoami", {}, () => ({ content: [{ type: "text", text: "a protected answer" }] }));
  const http = new StreamableHttpServer(mcp);
  let serverUrl = new URL("http://127.0.0.1/");
  const metadataPath = "/.well-known/oauth-protected-resource/mcp";
  const rs = await listen(async (request: Request) => {
    const text = request.method === "POST" ? await request.clone().text() : "";
    wire.push({ url: request.url, headers: Object.fromEntries(request.headers), body: text });
    const url = new URL(request.url);
    if (url.pathname === metadataPath) {
      return Response.json({
        resource: serverUrl.href,
        authorization_servers: [issuer],
        scopes_supported: ["tools:read"],
      });
    }
    const challenge = `Bearer resource_metadata="${serverUrl.origin}${metadataPath}"`;
    const token = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    const scope = token === undefined ? undefined : tokens.get(token);
    if (scope === undefined) {
      return new Response(null, {
        status: 401,
        headers: { "www-authenticate": `${challenge}, error="invalid_token"` },
      });
    }
    if (options.toolScope && /"tools\/call"/.test(text) && !scope.split(" ").includes(options.toolScope)) {
      return new Response(null, {
        status: 403,
        headers: { "www-authenticate": `${challenge}, error="insufficient_scope", scope="${options.toolScope}"` },
      });
    }
    return http.handle(request);
  });
  serverUrl = new URL("/mcp", rs.url);
  return {
    serverUrl,
    issuer,
    wire,
    issued,
    grants,
    close: async () => {
      await http.close();
      await rs.close();
      await asListening.close();
    },
  };
}

export type { Listening };
