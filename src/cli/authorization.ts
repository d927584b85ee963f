/**
 * A server that answers 401 needs authorization. The OAuth flow (the authorization issue) is not
 * built yet; this is where it plugs in: an `AuthorizationFlow` gets the server's challenge and
 * returns the headers to retry with. Without one, or when the retry is refused too, the CLI stops
 * with an `AuthorizationRequiredError` that says what the server asked for.
 */

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
  constructor(readonly challenge: AuthorizationChallenge) {
    const asked = challenge.wwwAuthenticate ? ` (WWW-Authenticate: ${challenge.wwwAuthenticate})` : "";
    super(
      `the server at ${challenge.url.href} needs authorization: it answered HTTP ${challenge.status}${asked}. ` +
        `typed-mcp cannot run the OAuth flow yet; if you have a token, pass it with --header "Authorization: Bearer <token>"`,
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

function challengeOf(input: Parameters<typeof fetch>[0], response: Response): AuthorizationChallenge {
  const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const wwwAuthenticate = response.headers.get("www-authenticate") ?? undefined;
  return {
    url: new URL(href),
    status: response.status,
    wwwAuthenticate,
    resourceMetadata: resourceMetadataOf(wwwAuthenticate),
  };
}
