/**
 * `typed-mcp call` against a protected server: the 401 starts the OAuth browser flow, the
 * authorization URL is printed on stderr and "opened" by an automated browser that follows the
 * authorization server's redirect to the CLI's loopback listener, and the command completes with
 * the token. All real HTTP on 127.0.0.1 (test/helpers/oauth-fixture.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type OAuthFixture, startOAuthFixture } from "../helpers/oauth-fixture.js";

let fixture: OAuthFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe("typed-mcp and a server that needs OAuth", () => {
  it("runs the browser flow on 401 and then the command", { timeout: 60_000 }, async () => {
    fixture = await startOAuthFixture();
    const opened: URL[] = [];
    const { code, stdout, stderr } = await runCli(["call", fixture.serverUrl.href, "whoami"], {
      openBrowser: (url) => {
        opened.push(url);
        // The browser: the authorization server redirects to the loopback listener, which answers.
        void fetch(url).then((response) => response.text());
      },
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toBe("a protected answer\n");
    expect(opened).toHaveLength(1);
    const redirect = new URL((opened[0] as URL).searchParams.get("redirect_uri") ?? "");
    expect(redirect.hostname).toBe("127.0.0.1");
    expect(stderr).toContain(`Open this URL to authorize: ${(opened[0] as URL).href}`);
    for (const token of fixture.issued) expect(stderr).not.toContain(token);
  });

  it("says why when the flow cannot run, and how to pass a token instead", { timeout: 60_000 }, async () => {
    fixture = await startOAuthFixture({ pkceMethods: null });
    const { code, stderr } = await runCli(["inspect", fixture.serverUrl.href], { openBrowser: () => undefined });
    expect(code).toBe(3);
    expect(stderr).toContain(`the server at ${fixture.serverUrl.href} needs authorization`);
    expect(stderr).toContain("does not advertise PKCE");
    expect(stderr).toContain('--header "Authorization: Bearer <token>"');
  });
});
