/**
 * Both halves of typed-mcp's authorization together, against a real authorization server:
 * examples/everything-server.ts --auth-issuer (a separate process, the resource-server gate) and
 * oidc-provider (on 127.0.0.1, resource indicators, JWT access tokens), reached by typed-mcp's own
 * client through `OAuthProvider`: discovery from the 401, dynamic registration, authorization code +
 * PKCE through the provider's login and consent pages, a protected tool, the 403 step-up for a
 * tool's scope, refresh of short-lived tokens, and two users kept apart. No token is handed over by
 * the test: the client obtains every one itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemoryOAuthStore, OAuthProvider } from "../../../src/entry/auth.js";
import { Client, StreamableHttpClientTransport } from "../../../src/index.js";
import { startOidcProvider, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** Access tokens live 4 s: within the client's 5 s margin, so every request after the first refreshes. */
const TOKEN_TTL_SECONDS = 4;
let as: TestAuthorizationServer;
let server: ChildProcess;
let resource = "";
let output = "";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  as = await startOidcProvider({ resourceScopes: "files:read mcp:elevated", accessTokenTtl: TOKEN_TTL_SECONDS });
  const port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  server = spawn(
    process.execPath,
    ["--import", "tsx", "examples/everything-server.ts", "--http", "--port", String(port), "--auth-issuer", as.issuer],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  server.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    const status = await fetch(resource, { method: "DELETE" }).then(
      (response) => response.status,
      () => 0,
    );
    if (status !== 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`everything-server --auth-issuer did not start:\n${output}`);
}, 90_000);

afterAll(async () => {
  server?.kill();
  await as?.stop();
});

/** A user's client: an OAuthProvider whose interactive step is the provider's pages, filled in as `user`. */
async function signIn(user: string) {
  const events: string[] = [];
  const authorizations: URL[] = [];
  const browser = as.browser(user);
  const authProvider = new OAuthProvider({
    authorize: async (url) => {
      authorizations.push(url);
      return browser(url);
    },
    redirectUri: "http://127.0.0.1/callback",
    // The server names no scope (no --auth-scopes), and this authorization server grants nothing for
    // a request naming none: the application asks for the one it needs.
    scope: "files:read",
    store: new InMemoryOAuthStore(),
    onEvent: (event) => events.push(event),
  });
  const client = new Client({ name: `e2e-${user}`, version: "1" });
  await client.connect(new StreamableHttpClientTransport(new URL(resource), { authProvider }));
  return { client, events, authorizations };
}

const textOf = (result: { content: unknown }) =>
  (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? "").join("");

describe("typed-mcp's OAuth client against typed-mcp's protected server and oidc-provider", () => {
  it("signs in from the 401 alone, calls a protected tool, steps up for a scope and refreshes", async () => {
    const alice = await signIn("alice");
    try {
      // The flow ran once: discovery from the challenge, registration, one authorization through the pages.
      expect(alice.authorizations).toHaveLength(1);
      const first = alice.authorizations[0] as URL;
      expect(first.origin).toBe(as.issuer);
      expect(first.searchParams.get("code_challenge_method")).toBe("S256");
      expect(first.searchParams.get("resource")).toBe(resource);
      // offline_access added because the authorization server lists it: a refresh token is wanted.
      expect(first.searchParams.get("scope")?.split(" ").sort()).toEqual(["files:read", "offline_access"]);
      expect(alice.events.some((event) => event.startsWith("dynamic client registration"))).toBe(true);

      const whoami = JSON.parse(textOf(await alice.client.callTool({ name: "auth_whoami", arguments: {} })));
      expect(whoami.subject).toBe("alice");

      // auth_elevated needs mcp:elevated, which the first token lacks: 403, a second authorization, then success.
      const elevated = await alice.client.callTool({ name: "auth_elevated", arguments: {} });
      expect(textOf(elevated)).toBe("elevated for alice");
      expect(alice.authorizations, alice.events.join("\n")).toHaveLength(2);
      expect(alice.authorizations[1]?.searchParams.get("scope")?.split(" ")).toContain("mcp:elevated");
      expect(alice.events.some((event) => event.startsWith("step-up 1"))).toBe(true);

      // Tokens live 4 s, so the next calls refresh them: more tokens, no further authorization.
      const obtainedBefore = alice.events.filter((event) => event.startsWith("obtained")).length;
      await alice.client.callTool({ name: "auth_whoami", arguments: {} });
      await alice.client.callTool({ name: "auth_whoami", arguments: {} });
      expect(alice.events.filter((event) => event.startsWith("obtained")).length).toBeGreaterThan(obtainedBefore);
      expect(alice.authorizations, alice.events.join("\n")).toHaveLength(2);

      // Nothing the client reported carries a token (JWTs start with "eyJ").
      expect(alice.events.join("\n")).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    } finally {
      await alice.client.close();
    }
  }, 90_000);

  it("keeps two users apart: each is herself to the server", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    try {
      const [a, b] = await Promise.all([
        alice.client.callTool({ name: "auth_whoami", arguments: {} }),
        bob.client.callTool({ name: "auth_whoami", arguments: {} }),
      ]);
      expect(JSON.parse(textOf(a)).subject).toBe("alice");
      expect(JSON.parse(textOf(b)).subject).toBe("bob");
    } finally {
      await alice.client.close();
      await bob.client.close();
    }
  }, 90_000);
});
