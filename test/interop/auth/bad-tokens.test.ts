/**
 * Bad tokens get 401 and nothing else: a protected server (McpServer behind bearerAuth, on
 * 127.0.0.1) in front of a real authorization server (oidc-provider), each kind of bad token sent to
 * it, through the node adapter and through the web-standard handler alike. A good token gets in, so
 * every refusal is the gate's doing.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerAuth } from "../../../src/entry/auth.js";
import { listen } from "../../../src/entry/node.js";
import { McpServer, StreamableHttpServer } from "../../../src/index.js";
import { authorizationCodeToken } from "../../helpers/oauth-flow.js";
import { startOidcProvider, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";

let as: TestAuthorizationServer;
let http: StreamableHttpServer;
let resource: string;
let stopServer: () => Promise<void>;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  as = await startOidcProvider({ resourceScopes: "files:read files:write mcp:elevated" });
  const port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  const server = new McpServer({ name: "protected", version: "1" });
  server.registerTool("whoami", { inputSchema: { type: "object" } }, (_args, ctx) => ({
    content: [{ type: "text", text: ctx.authInfo?.subject ?? "nobody" }],
  }));
  http = new StreamableHttpServer(server, { auth: bearerAuth({ resource, issuer: as.issuer }) });
  const listening = await listen(http.handle, { port });
  stopServer = async () => {
    await http.close();
    await listening.close();
  };
}, 60_000);

afterAll(async () => {
  await stopServer?.();
  await as?.stop();
});

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

function post(url: string, authorization?: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify(INITIALIZE),
  });
}

/** The same POST to the web-standard handler, without any socket. */
function handled(authorization?: string, search = ""): Promise<Response> {
  return http.handle(
    new Request(`${resource}${search}`, {
      method: "POST",
      headers: {
        host: new URL(resource).host,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify(INITIALIZE),
    }),
  );
}

const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({
  iss: as.issuer,
  aud: resource,
  sub: "alice",
  client_id: "typed-mcp-test",
  scope: "files:read",
  iat: now(),
  exp: now() + 300,
});
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Each bad Authorization header, made when the servers are up; `error` is what the challenge must say. */
const CASES: Array<[string, () => Promise<string | undefined>, "invalid_token" | "invalid_request" | undefined]> = [
  ["missing", async () => undefined, undefined],
  ["malformed: Bearer without a token", async () => "Bearer", "invalid_request"],
  ["malformed: two tokens", async () => `Bearer ${await as.signToken(claims())} extra`, "invalid_request"],
  ["malformed: not a JWT", async () => "Bearer not-a-jwt", "invalid_token"],
  ["wrong scheme", async () => `Basic ${Buffer.from("alice:secret").toString("base64")}`, "invalid_request"],
  [
    "alg none",
    async () => `Bearer ${base64url({ alg: "none", typ: "at+jwt" })}.${base64url(claims())}.`,
    "invalid_token",
  ],
  [
    "unknown kid",
    async () => `Bearer ${await as.signToken(claims(), { key: "other", kid: "unknown-key" })}`,
    "invalid_token",
  ],
  ["a known kid, another key", async () => `Bearer ${await as.signToken(claims(), { key: "other" })}`, "invalid_token"],
  [
    "wrong audience",
    async () => `Bearer ${await as.signToken({ ...claims(), aud: "https://other.example/mcp" })}`,
    "invalid_token",
  ],
  ["no audience", async () => `Bearer ${await as.signToken({ ...claims(), aud: undefined })}`, "invalid_token"],
  [
    "wrong issuer",
    async () => `Bearer ${await as.signToken({ ...claims(), iss: "https://evil.example" })}`,
    "invalid_token",
  ],
  [
    "expired",
    async () => `Bearer ${await as.signToken({ ...claims(), iat: now() - 7200, exp: now() - 3600 })}`,
    "invalid_token",
  ],
  ["no expiry", async () => `Bearer ${await as.signToken({ ...claims(), exp: undefined })}`, "invalid_token"],
  ["not yet valid", async () => `Bearer ${await as.signToken({ ...claims(), nbf: now() + 3600 })}`, "invalid_token"],
  [
    "HS256 keyed with nothing we hold",
    async () => {
      const header = base64url({ alg: "HS256", kid: "test-signing-key" });
      return `Bearer ${header}.${base64url(claims())}.${Buffer.from("sig").toString("base64url")}`;
    },
    "invalid_token",
  ],
];

describe("a protected MCP server refuses bad tokens with 401", () => {
  it("lets a good token in (the control: the refusals below are the gate's)", async () => {
    const response = await post(resource, `Bearer ${await as.signToken(claims())}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBeTruthy();
    await response.body?.cancel();
  });

  it.each(CASES)("%s", async (_name, make, error) => {
    const authorization = await make();
    const sessions = http.sessionCount;
    for (const response of [await post(resource, authorization), await handled(authorization)]) {
      expect(response.status).toBe(401);
      const challenge = response.headers.get("www-authenticate") ?? "";
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).toContain(
        `resource_metadata="${new URL(resource).origin}/.well-known/oauth-protected-resource/mcp"`,
      );
      if (error) expect(challenge).toContain(`error="${error}"`);
      else expect(challenge).not.toContain("error=");
      expect(response.headers.get("mcp-session-id")).toBeNull();
      const body = await response.text();
      // Nothing of the token comes back.
      const token = authorization?.split(" ")[1];
      if (token && token.length > 8) {
        expect(body).not.toContain(token);
        expect(challenge).not.toContain(token);
      }
    }
    expect(http.sessionCount).toBe(sessions);
  });

  it("a real token of the same authorization server for another resource", async () => {
    const token = await authorizationCodeToken(as, {
      user: "alice",
      resource: "http://127.0.0.1:1/other-mcp",
      scope: "files:read",
    });
    const response = await post(resource, `Bearer ${token.access_token}`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(response.headers.get("www-authenticate")).toContain("not issued for this resource");
    // The same flow for this resource gets in.
    const mine = await authorizationCodeToken(as, { user: "alice", resource, scope: "files:read" });
    const accepted = await post(resource, `Bearer ${mine.access_token}`);
    expect(accepted.status).toBe(200);
    await accepted.body?.cancel();
  }, 30_000);

  it("a token in the query string, alone or beside a good header", async () => {
    const good = await as.signToken(claims());
    for (const response of [
      await post(`${resource}?access_token=${good}`),
      await post(`${resource}?access_token=${good}`, `Bearer ${good}`),
      await handled(undefined, `?access_token=${good}`),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_request"');
      expect(await response.text()).not.toContain(good);
    }
  });

  it("GET and DELETE are gated too", async () => {
    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(resource, { method, headers: { accept: "text/event-stream" } });
      expect(response.status).toBe(401);
      await response.body?.cancel();
    }
  });
});
