/**
 * `loopbackAuthorization()` (typed-mcp/node) for real on 127.0.0.1, no browser: the "browser" is a
 * stub opener (`open`) that GETs a redirect with fetch, or follows oidc-provider's pages first. Covers:
 * the listener hands back the code and state; OAuthProvider refuses a wrong state and an error
 * redirect with a named error; the wait times out; close() releases the port; a non-http(s) URL is
 * refused; with `openBrowser: false` and no `open`, the URL is only printed.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OAuthClientError, OAuthProvider } from "../../../src/entry/auth.js";
import { loopbackAuthorization } from "../../../src/entry/node.js";
import { Client, StreamableHttpClientTransport } from "../../../src/index.js";
import { type EverythingServer, startEverythingServer } from "../../helpers/everything-server.js";
import { startOidcProvider, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";

/** Resolves true when something can listen on 127.0.0.1:port (so nothing else holds it). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

const portOf = (redirectUri: string) => Number(new URL(redirectUri).port);

describe("loopbackAuthorization on 127.0.0.1 (no authorization server)", () => {
  it("hands back the redirect's code and state, answers the browser, prints the URL", async () => {
    const printed: string[] = [];
    const pages: Array<{ status: number; body: string }> = [];
    const loopback = await loopbackAuthorization({
      print: (line) => printed.push(line),
      // The stub browser: the authorization server "redirects" straight back with a code.
      open: (url) => {
        const back = new URL(loopback.redirectUri);
        back.searchParams.set("code", "the-code");
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        void fetch(back).then(async (response) => pages.push({ status: response.status, body: await response.text() }));
      },
    });
    try {
      expect(loopback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      const redirected = await loopback.authorize(new URL("https://as.example/authorize?state=s-123"));
      expect(redirected.origin).toBe(new URL(loopback.redirectUri).origin);
      expect(redirected.pathname).toBe("/callback");
      expect(redirected.searchParams.get("code")).toBe("the-code");
      expect(redirected.searchParams.get("state")).toBe("s-123");
      expect(printed).toEqual(["Open this URL to authorize: https://as.example/authorize?state=s-123"]);
      await expect.poll(() => pages.length).toBe(1);
      expect(pages[0]?.status).toBe(200);
      expect(pages[0]?.body).toContain("Authorization complete.");
      // A second GET, with nothing waiting, is not taken.
      expect((await fetch(`${loopback.redirectUri}?code=again&state=s-123`)).status).toBe(404);
    } finally {
      await loopback.close();
    }
  });

  it("only the redirect path is served; an error redirect is handed back and the page says so", async () => {
    const loopback = await loopbackAuthorization({ openBrowser: false, print: () => undefined, path: "/cb" });
    try {
      const pending = loopback.authorize(new URL("https://as.example/authorize"));
      const origin = new URL(loopback.redirectUri).origin;
      expect((await fetch(`${origin}/other?code=x`)).status).toBe(404);
      const page = await fetch(`${origin}/cb?error=access_denied&state=s`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Authorization was not granted.");
      const redirected = await pending;
      expect(redirected.searchParams.get("error")).toBe("access_denied");
    } finally {
      await loopback.close();
    }
  });

  it("times out cleanly, refuses a non-http(s) URL, and releases the port on close", async () => {
    const loopback = await loopbackAuthorization({ openBrowser: false, print: () => undefined, timeoutMs: 200 });
    const port = portOf(loopback.redirectUri);
    expect(await portIsFree(port)).toBe(false);
    const started = Date.now();
    await expect(loopback.authorize(new URL("https://as.example/authorize"))).rejects.toThrow(
      "no authorization redirect arrived in time",
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    // After the timeout nothing is waiting: a late redirect is not taken.
    expect((await fetch(`${loopback.redirectUri}?code=late`)).status).toBe(404);
    await expect(loopback.authorize(new URL("file:///etc/passwd"))).rejects.toThrow(
      "refusing to open a file: authorization URL",
    );
    await loopback.close();
    expect(await portIsFree(port)).toBe(true);
    await expect(fetch(loopback.redirectUri)).rejects.toThrow();
    // A fixed port (a pre-registered redirect URI) can be taken again once released.
    const again = await loopbackAuthorization({ port, openBrowser: false, print: () => undefined });
    expect(again.redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
    await again.close();
  });
});

describe("loopbackAuthorization as OAuthProvider's interactive step (oidc-provider, everything-server --auth-issuer)", () => {
  let as: TestAuthorizationServer;
  let server: EverythingServer;

  beforeAll(async () => {
    as = await startOidcProvider({ resourceScopes: "files:read" });
    server = await startEverythingServer(["--auth-issuer", as.issuer, "--auth-scopes", "files:read"]);
  }, 90_000);

  afterAll(async () => {
    server?.stop();
    await as?.stop();
  });

  /**
   * Connects with the loopback step; `open` is the stub browser, given the authorization URL and the
   * provider's final redirect (to the loopback listener), and decides what to GET.
   */
  async function connectWith(tamper: (authorizationUrl: URL, redirect: URL) => URL) {
    const events: string[] = [];
    const browser = as.browser("alice");
    const loopback = await loopbackAuthorization({
      print: () => undefined,
      open: (url) => {
        // A failure here surfaces as the loopback's timeout below, inside the test's own.
        void browser(url)
          .then((redirect) => fetch(tamper(url, redirect)))
          .catch(() => undefined);
      },
      timeoutMs: 45_000,
    });
    const authProvider = new OAuthProvider({
      authorize: loopback.authorize,
      redirectUri: loopback.redirectUri,
      clientMetadata: { client_name: "loopback test" },
      onEvent: (event) => events.push(event),
    });
    const client = new Client({ name: "loopback-test", version: "1" });
    try {
      await client.connect(new StreamableHttpClientTransport(new URL(server.url), { authProvider }));
      return { tools: (await client.listToolsAll()).map((tool) => tool.name), events };
    } finally {
      await client.close();
      await loopback.close();
      expect(await portIsFree(portOf(loopback.redirectUri))).toBe(true);
    }
  }

  it("signs in through the provider's pages and the loopback redirect", async () => {
    const { tools, events } = await connectWith((_url, redirect) => redirect);
    expect(tools).toContain("auth_whoami");
    expect(events.some((event) => event.startsWith("dynamic client registration"))).toBe(true);
  }, 60_000);

  it("a redirect with the wrong state is refused, naming the state", async () => {
    const error = await connectWith((_url, redirect) => {
      redirect.searchParams.set("state", "not-the-state");
      return redirect;
    }).catch((caught) => caught);
    // The transport wraps the provider's error; the cause is the named OAuthClientError.
    expect((error as Error).name).toBe("AuthorizationFailedError");
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(OAuthClientError);
    expect((cause as OAuthClientError).code).toBe("invalid_redirect");
    expect((error as Error).message).toMatch(/authorization response was refused.*state/i);
  }, 60_000);

  it("an error redirect (access_denied) is refused as authorization_denied", async () => {
    const error = await connectWith((url, redirect) => {
      const denied = new URL(`${redirect.origin}${redirect.pathname}`);
      denied.searchParams.set("error", "access_denied");
      denied.searchParams.set("state", url.searchParams.get("state") ?? "");
      denied.searchParams.set("iss", as.issuer);
      return denied;
    }).catch((caught) => caught);
    expect((error as Error).name).toBe("AuthorizationFailedError");
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(OAuthClientError);
    expect((cause as OAuthClientError).code).toBe("authorization_denied");
    expect((error as Error).message).toContain("access_denied");
    expect((error as Error).message).toContain("authorization response was refused");
  }, 60_000);
});
