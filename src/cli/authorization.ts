/**
 * A server that answers 401 needs authorization. By default the CLI runs the OAuth browser flow
 * (`browserOAuth`: discovery, registration, the authorization-code grant with PKCE, the redirect
 * received on a loopback port, the browser opened where there is one and the URL printed on stderr).
 * A program embedding the CLI may plug in its own `AuthorizationFlow` instead: it gets the server's
 * challenge and returns the headers to retry with. When authorization cannot be obtained, the CLI
 * stops with an `AuthorizationRequiredError` that says what the server asked for and why it failed.
 */

import { type LoopbackAuthorization, loopbackAuthorization } from "../auth/client/loopback.js";
import { OAuthProvider } from "../auth/client/oauth-provider.js";
import type { AuthorizedRequest, HttpAuthProvider } from "../transport/streamable-http/auth-hook.js";

/** What a server said when it refused a request for want of authorization. */
export interface AuthorizationChallenge {
  url: URL;
  status: number;
  /** The `WWW-Authenticate` header, when the server sent one. */
  wwwAuthenticate: string | undefined;
  /** `resource_metadata` from that header: where the server's OAuth protected-resource metadata is. */
  resourceMetadata: string | undefined;
}

/** Obtains credentials for a challenge: headers to retry with, or undefined to give up. */
export interface AuthorizationFlow {
  authorize(challenge: AuthorizationChallenge): Promise<Record<string, string> | undefined>;
}

/** The server wants authorization the CLI could not give; the message says what to do. */
export class AuthorizationRequiredError extends Error {
  override name = "AuthorizationRequiredError";
  constructor(
    readonly challenge: AuthorizationChallenge,
    /** Why the OAuth flow could not authorize, when it ran. */
    reason?: string,
  ) {
    const asked = challenge.wwwAuthenticate ? ` (WWW-Authenticate: ${challenge.wwwAuthenticate})` : "";
    const why = reason ? `the OAuth flow failed: ${reason}` : "no authorization was obtained";
    super(
      `the server at ${challenge.url.href} needs authorization: it answered HTTP ${challenge.status}${asked}; ` +
        `${why}. If you have a token, pass it with --header "Authorization: Bearer <token>"`,
    );
  }
}

/** Reads `resource_metadata="…"` out of a WWW-Authenticate header. */
export function resourceMetadataOf(wwwAuthenticate: string | undefined): string | undefined {
  if (!wwwAuthenticate) return undefined;
  const match = /resource_metadata\s*=\s*(?:"([^"]*)"|([^\s,]+))/i.exec(wwwAuthenticate);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * A fetch that turns 401 into the authorization flow: it asks `flow` (when there is one) for
 * credentials and retries once with them; a 401 it cannot get past rejects with
 * `AuthorizationRequiredError`, so the request fails with that and not a bare HTTP status.
 */
export function authorizingFetch(base: typeof fetch, flow: AuthorizationFlow | undefined): typeof fetch {
  let extraHeaders: Record<string, string> = {};
  const send = (input: Parameters<typeof fetch>[0], init: RequestInit | undefined) => {
    if (Object.keys(extraHeaders).length === 0) return base(input, init);
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
    return base(input, { ...init, headers });
  };
  return async (input, init) => {
    let response = await send(input, init);
    if (response.status !== 401) return response;
    const challenge = challengeOf(input, response);
    const granted = flow ? await flow.authorize(challenge) : undefined;
    if (granted) {
      await response.body?.cancel();
      extraHeaders = { ...extraHeaders, ...granted };
      response = await send(input, init);
      if (response.status !== 401) return response;
    }
    await response.body?.cancel();
    throw new AuthorizationRequiredError(challengeOf(input, response));
  };
}

export function challengeOf(input: Parameters<typeof fetch>[0], response: Response): AuthorizationChallenge {
  const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const wwwAuthenticate = response.headers.get("www-authenticate") ?? undefined;
  return {
    url: new URL(href),
    status: response.status,
    wwwAuthenticate,
    resourceMetadata: resourceMetadataOf(wwwAuthenticate),
  };
}

/** How the CLI's browser flow shows the authorization URL. */
export interface BrowserOAuthOptions {
  /** Where the URL is printed (the CLI's stderr). */
  print: (line: string) => void;
  /** Opens the URL instead of the system browser (a test's automated browser). */
  open?: (url: URL) => void;
  /** Whether a system browser can be expected (from the environment). */
  openBrowser: boolean;
}

/**
 * The CLI's OAuth provider: nothing until a server answers 401, then a loopback redirect listener
 * and an `OAuthProvider` using it. `lastChallenge` is the refusal that started it, for the error
 * message when the flow fails.
 */
export class BrowserOAuth implements HttpAuthProvider {
  lastChallenge: AuthorizationChallenge | undefined;
  private loopback: LoopbackAuthorization | undefined;
  private provider: OAuthProvider | undefined;

  constructor(private readonly options: BrowserOAuthOptions) {}

  async headers(request: AuthorizedRequest): Promise<Record<string, string>> {
    return this.provider ? this.provider.headers(request) : {};
  }

  async refused(response: Response, request: AuthorizedRequest, attempt: number): Promise<boolean> {
    this.lastChallenge = challengeOf(request.url.href, response);
    if (!this.provider) {
      this.loopback = await loopbackAuthorization({
        print: this.options.print,
        openBrowser: this.options.openBrowser,
        ...(this.options.open ? { open: this.options.open } : {}),
      });
      this.provider = new OAuthProvider({
        authorize: this.loopback.authorize,
        redirectUri: this.loopback.redirectUri,
        clientMetadata: { client_name: "typed-mcp command line" },
        dpop: "if-supported",
      });
    }
    return this.provider.refused(response, request, attempt);
  }

  /** Stops the loopback listener. */
  async close(): Promise<void> {
    await this.loopback?.close();
  }
}
