/**
 * A real authorization server for tests: oidc-provider (OpenID Certified) on 127.0.0.1, with
 * resource indicators (RFC 8707) issuing JWT access tokens whose audience is the resource asked
 * for, PKCE required, dynamic registration open, a pre-registered public client, and its
 * development login and consent pages, which `browser(user)` fills in like a person would: it
 * follows the redirects, signs in as `user`, consents, and returns the redirect to the client with
 * the code.
 *
 * `signToken` signs with the provider's own key (the one in its JWKS), for the tests of bad tokens
 * that no well-behaved authorization server would issue (expired, wrong audience...).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import Provider from "oidc-provider";

/** The pre-registered public client (native, loopback redirect, authorization code + PKCE, refresh). */
export const TEST_CLIENT = {
  client_id: "typed-mcp-test",
  redirect_uri: "http://127.0.0.1/callback",
};

export interface OidcProviderOptions {
  /** Scopes the resource servers offer (default `files:read files:write`). */
  resourceScopes?: string;
  /** Access token lifetime in seconds (default 300). */
  accessTokenTtl?: number;
}

export interface TestAuthorizationServer {
  /** The issuer identifier, `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** A programmatic user agent signed in as `user`: given an authorization URL, the final redirect URL (with `code`). */
  browser(user: string): (authorizationUrl: string | URL) => Promise<URL>;
  /** Signs `claims` with the provider's signing key (or `key: "other"`, a key not in its JWKS). */
  signToken(
    claims: JWTPayload,
    options?: { alg?: string; kid?: string; key?: "provider" | "other"; typ?: string },
  ): Promise<string>;
  stop(): Promise<void>;
}

/** Starts oidc-provider on 127.0.0.1 at a free port. */
export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<TestAuthorizationServer> {
  const resourceScopes = options.resourceScopes ?? "files:read files:write";
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signing = await generateKeyPair("RS256", { extractable: true });
  const privateJwk: JWK = {
    ...(await exportJWK(signing.privateKey)),
    kid: "test-signing-key",
    alg: "RS256",
    use: "sig",
  };
  const other = await generateKeyPair("RS256", { extractable: true });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.client_id,
        application_type: "native",
        token_endpoint_auth_method: "none",
        redirect_uris: [TEST_CLIENT.redirect_uri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [privateJwk] },
    scopes: ["openid", "offline_access", ...resourceScopes.split(" ")],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    pkce: { required: () => true },
    ttl: {
      AccessToken: options.accessTokenTtl ?? 300,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
      AuthorizationCode: 60,
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Every access token is for one resource server: the one the client names.
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => ({
          scope: resourceScopes,
          audience: resourceIndicator,
          accessTokenFormat: "jwt",
          accessTokenTTL: options.accessTokenTtl ?? 300,
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
  } as ConstructorParameters<typeof Provider>[1]);
  const callback = provider.callback();
  handle = (req, res) => callback(req, res);

  return {
    issuer,
    browser: (user) => (authorizationUrl) => signInAndConsent(issuer, user, new URL(authorizationUrl)),
    async signToken(claims, opts = {}) {
      const alg = opts.alg ?? "RS256";
      const key = opts.key === "other" ? other.privateKey : signing.privateKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg, kid: opts.kid ?? "test-signing-key", typ: opts.typ ?? "at+jwt" })
        .sign(key);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Follows an authorization request through the provider's pages as a browser would (cookies kept),
 * submitting its login form as `user` and its consent form, until it redirects off the provider.
 */
async function signInAndConsent(issuer: string, user: string, start: URL): Promise<URL> {
  if (start.protocol !== "http:" && start.protocol !== "https:") throw new Error(`not an http(s) URL: ${start.href}`);
  const cookies = new Map<string, string>();
  let url = start;
  let init: RequestInit = { method: "GET" };
  for (let step = 0; step < 20; step++) {
    if (url.origin !== new URL(issuer).origin) return url;
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = (pair ?? "").indexOf("=");
      if (at > 0) cookies.set((pair as string).slice(0, at).trim(), (pair as string).slice(at + 1).trim());
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      init = { method: "GET" };
      continue;
    }
    const html = await response.text();
    if (!response.ok) throw new Error(`the authorization server answered ${response.status}: ${html.slice(0, 300)}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (!form) throw new Error(`no form on the authorization server's page: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const input of (form[2] as string).matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
      fields.set(name, name === "login" ? user : name === "password" ? "any password" : value);
    }
    url = new URL((form[1] as string).replaceAll("&amp;", "&"), url);
    init = { method: "POST", body: fields, headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("the authorization server kept the browser going round for 20 steps");
}
