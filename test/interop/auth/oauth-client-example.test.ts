/**
 * examples/oauth-client.ts as a user runs it, a child process against examples/everything-server.ts
 * --auth-issuer (another child) and oidc-provider. No browser: the child's environment has no
 * DISPLAY or WAYLAND_DISPLAY, so the example only prints the authorization URL on stderr, as it
 * does on a headless machine; the test plays the user, following that URL through the provider's
 * login and consent pages and GETting the final redirect, which lands on the example's loopback
 * listener. The example must then list the server's tools and exit 0.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EverythingServer, ROOT, startEverythingServer } from "../../helpers/everything-server.js";
import { startOidcProvider, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";

let as: TestAuthorizationServer;
let server: EverythingServer;

beforeAll(async () => {
  as = await startOidcProvider({ resourceScopes: "files:read" });
  // --auth-scopes: the challenge names the scope, so the example (which asks for none itself) gets one.
  server = await startEverythingServer(["--auth-issuer", as.issuer, "--auth-scopes", "files:read"]);
}, 90_000);

afterAll(async () => {
  server?.stop();
  await as?.stop();
});

describe("examples/oauth-client.ts", () => {
  it("prints the authorization URL, takes the redirect on its loopback port, and lists the tools", async () => {
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, ["--import", "tsx", "examples/oauth-client.ts", server.url], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const printed = new Promise<URL>((resolve) => {
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        const match = /Open this URL to authorize: (\S+)/.exec(stderr);
        if (match) resolve(new URL(match[1] as string));
      });
    });
    try {
      const authorizationUrl = await Promise.race([
        printed,
        exited.then((code) => {
          throw new Error(`the example exited (${code}) before printing a URL:\n${stderr}`);
        }),
      ]);
      expect(authorizationUrl.origin).toBe(as.issuer);
      expect(authorizationUrl.searchParams.get("resource")).toBe(server.url);
      const redirectUri = new URL(authorizationUrl.searchParams.get("redirect_uri") as string);
      expect(redirectUri.hostname).toBe("127.0.0.1");
      // The user signs in; the provider's final redirect goes to the example's loopback listener.
      const redirect = await as.browser("alice")(authorizationUrl);
      expect(redirect.origin).toBe(redirectUri.origin);
      const page = await fetch(redirect);
      expect(await page.text()).toContain("Authorization complete.");
      expect(await exited, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    } finally {
      child.kill();
    }
    const tools = stdout.trim().split("\n");
    expect(tools).toContain("auth_whoami");
    expect(tools).toContain("auth_elevated");
    expect(tools.length).toBeGreaterThan(5);
    expect(stderr).toContain("oauth: dynamic client registration");
    // Nothing the example printed carries a token (JWTs start with "eyJ").
    expect(`${stdout}${stderr}`).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  }, 90_000);
});
