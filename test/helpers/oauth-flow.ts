/**
 * The authorization-code flow with PKCE (S256) and resource indicators, written with plain fetch
 * against a real authorization server (see oidc-provider.ts): what an MCP client does, minus the
 * discovery through the MCP server, for tests that need a real access token.
 */
import { createHash, randomBytes } from "node:crypto";
import { TEST_CLIENT, type TestAuthorizationServer } from "./oidc-provider.js";

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

/** Signs `user` in through the authorization server's pages and redeems the code for a token for `resource`. */
export async function authorizationCodeToken(
  server: TestAuthorizationServer,
  options: { user: string; resource: string; scope: string },
): Promise<TokenResponse> {
  const metadata = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorization = new URL(metadata.authorization_endpoint);
  authorization.search = new URLSearchParams({
    client_id: TEST_CLIENT.client_id,
    redirect_uri: TEST_CLIENT.redirect_uri,
    response_type: "code",
    scope: options.scope,
    state,
    code_challenge: base64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
    resource: options.resource,
  }).toString();
  const redirect = await server.browser(options.user)(authorization);
  if (redirect.searchParams.get("state") !== state) throw new Error(`state mismatch in ${redirect.href}`);
  if (redirect.searchParams.get("iss") !== server.issuer) throw new Error(`iss mismatch in ${redirect.href}`);
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`no code in ${redirect.href}`);
  return redeem(metadata.token_endpoint, {
    grant_type: "authorization_code",
    code,
    redirect_uri: TEST_CLIENT.redirect_uri,
    client_id: TEST_CLIENT.client_id,
    code_verifier: verifier,
    resource: options.resource,
  });
}

/** A refresh-token grant for `resource`. */
export async function refreshToken(
  server: TestAuthorizationServer,
  refresh: string,
  resource: string,
): Promise<TokenResponse> {
  return redeem(`${server.issuer}/token`, {
    grant_type: "refresh_token",
    refresh_token: refresh,
    client_id: TEST_CLIENT.client_id,
    resource,
  });
}

async function redeem(endpoint: string, form: Record<string, string>): Promise<TokenResponse> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as TokenResponse & { error?: string; error_description?: string };
  if (!response.ok) throw new Error(`token endpoint: ${response.status} ${body.error} ${body.error_description}`);
  return body;
}
