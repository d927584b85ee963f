/**
 * The OAuth provider over real HTTP: our client, our Streamable HTTP server behind a bearer check,
 * and a small authorization server (test/helpers/oauth-fixture.ts), all on 127.0.0.1. The
 * interactive step is a plain async function that follows the authorization URL's redirect, as a
 * browser would.
 */
import { afterEach, describe, expect, it } from "vitest";
import { OAuthClientError, OAuthProvider, type OAuthProviderOptions } from "../../../../src/entry/auth.js";
import { AuthorizationFailedError, Client, StreamableHttpClientTransport } from "../../../../src/index.js";
import { type OAuthFixture, startOAuthFixture } from "../../../helpers/oauth-fixture.js";

let fixture: OAuthFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** The automated browser: one GET, its redirect read, not followed. */
function browser(calls: URL[] = []) {
  return async (authorizationUrl: URL) => {
    calls.push(authorizationUrl);
    const response = await fetch(authorizationUrl, { redirect: "manual" });
    await response.body?.cancel();
    return new URL(response.headers.get("location") ?? "", authorizationUrl);
  };
}

async function connect(url: URL, options: OAuthProviderOptions) {
  const provider = new OAuthProvider({ redirectUri: "http://127.0.0.1:9/callback", ...options });
  const client = new Client({ name: "oauth-test", version: "1.0.0" });
  await client.connect(new StreamableHttpClientTransport(url, { authProvider: provider }));
  return { client, provider };
}

/** The failure behind a rejected connect or call: the provider's OAuthClientError. */
async function failureOf(work: Promise<unknown>): Promise<OAuthClientError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthorizationFailedError);
  const cause = (error as Error).cause;
  expect(cause).toBeInstanceOf(OAuthClientError);
  return cause as OAuthClientError;
}

describe("OAuthProvider against a real authorization server", () => {
  it("runs the authorization-code grant with PKCE and the resource parameter, then calls a tool", async () => {
    fixture = await startOAuthFixture();
    const calls: URL[] = [];
    const events: string[] = [];
    const { client, provider } = await connect(fixture.serverUrl, {
      authorize: browser(calls),
      onEvent: (e) => events.push(e),
    });
    const result = await client.callTool({ name: "whoami", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "a protected answer" }]);
    expect(calls).toHaveLength(1);
    const request = calls[0] as URL;
    expect(request.searchParams.get("code_challenge_method")).toBe("S256");
    expect(request.searchParams.get("resource")).toBe(fixture.serverUrl.href);
    // scopes_supported of the resource, plus offline_access which the server lists
    expect(request.searchParams.get("scope")).toBe("tools:read offline_access");
    expect(provider.issuer).toBe(fixture.issuer);
    expect(fixture.grants).toEqual(["authorization_code"]);
    await client.close();

    // The token never in a URL, never in an event; on the wire only in the Authorization header.
    expect(fixture.issued.length).toBe(1);
    for (const token of fixture.issued) {
      expect(fixture.wire.filter((r) => r.url.includes(token))).toEqual([]);
      expect(events.filter((e) => e.includes(token))).toEqual([]);
      const carriers = fixture.wire.filter((r) => JSON.stringify(r).includes(token));
      expect(carriers.length).toBeGreaterThan(0);
      for (const r of carriers) expect(r.headers.authorization).toBe(`Bearer ${token}`);
    }
  });

  it("refreshes an expired access token with the refresh token instead of authorizing again", async () => {
    fixture = await startOAuthFixture({ expiresIn: 1 });
    const calls: URL[] = [];
    const { client } = await connect(fixture.serverUrl, { authorize: browser(calls) });
    await client.callTool({ name: "whoami", arguments: {} });
    expect(fixture.grants[0]).toBe("authorization_code");
    expect(fixture.grants.slice(1).length).toBeGreaterThan(0);
    expect(new Set(fixture.grants.slice(1))).toEqual(new Set(["refresh_token"]));
    expect(calls).toHaveLength(1);
    await client.close();
  });

  it("steps up on 403 insufficient_scope, keeping the scopes it holds", async () => {
    fixture = await startOAuthFixture({ toolScope: "tools:call" });
    const calls: URL[] = [];
    const { client, provider } = await connect(fixture.serverUrl, { authorize: browser(calls) });
    await client.callTool({ name: "whoami", arguments: {} });
    expect(calls).toHaveLength(2);
    expect((calls[1] as URL).searchParams.get("scope")?.split(" ").sort()).toEqual([
      "offline_access",
      "tools:call",
      "tools:read",
    ]);
    expect(provider.grantedScope?.split(" ")).toContain("tools:call");
    await client.close();
  });

  it("stops stepping up after maxStepUps, and the error carries no token", async () => {
    fixture = await startOAuthFixture({ toolScope: "tools:call", withholdToolScope: true });
    const calls: URL[] = [];
    const { client } = await connect(fixture.serverUrl, { authorize: browser(calls), maxStepUps: 2 });
    const error = await client.callTool({ name: "whoami", arguments: {} }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(calls).toHaveLength(3); // the first grant and two step-ups
    for (const token of fixture.issued) {
      expect(String(error?.message)).not.toContain(token);
      expect(String(error?.stack)).not.toContain(token);
    }
    await client.close();
  });

  it("refuses authorization server metadata whose issuer is not the one asked for", async () => {
    fixture = await startOAuthFixture({ metadataIssuer: "https://impostor.example" });
    const calls: URL[] = [];
    const failure = await failureOf(connect(fixture.serverUrl, { authorize: browser(calls) }));
    expect(failure.code).toBe("issuer_mismatch");
    expect(calls).toEqual([]);
  });

  it("refuses a server that does not advertise PKCE S256", async () => {
    fixture = await startOAuthFixture({ pkceMethods: ["plain"] });
    const calls: URL[] = [];
    const failure = await failureOf(connect(fixture.serverUrl, { authorize: browser(calls) }));
    expect(failure.code).toBe("pkce_unsupported");
    expect(calls).toEqual([]);
  });

  it("follows only http(s) authorization URLs", async () => {
    fixture = await startOAuthFixture({ authorizationEndpoint: "javascript:alert(1)" });
    const calls: URL[] = [];
    const failure = await failureOf(connect(fixture.serverUrl, { authorize: browser(calls) }));
    expect(failure.code).toBe("insecure_url");
    expect(calls).toEqual([]);
  });

  it("says so when the server needs a browser flow and none was given", async () => {
    fixture = await startOAuthFixture();
    const failure = await failureOf(connect(fixture.serverUrl, {}));
    expect(failure.code).toBe("no_interactive_step");
  });
});
