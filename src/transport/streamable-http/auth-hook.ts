/**
 * The transport's whole share of authorization: before each request it asks a provider for the
 * headers that authorize it, and when the server refuses (401 or 403) it hands the answer to the
 * provider, which may obtain new credentials and ask for the request again. How credentials are
 * obtained (OAuth, DPoP, a static token) is the provider's business, not the transport's; the OAuth
 * provider lives behind the `typed-mcp/auth` entry point.
 */

/** The request a provider authorizes: its method and URL (what a DPoP proof signs). */
export interface AuthorizedRequest {
  /** The HTTP method. */
  method: string;
  /** The request URL. */
  url: URL;
}

/** Supplies the credentials of an HTTP client transport (`authProvider` option). */
export interface HttpAuthProvider {
  /** Headers that authorize `request` (for example `Authorization`, `DPoP`); an empty object for none yet. */
  headers(request: AuthorizedRequest): Promise<Record<string, string>> | Record<string, string>;
  /**
   * The server answered `request` with `response` (status 401 or 403; read its headers, not its
   * body, which goes to the caller when the provider gives up). Resolve true once new
   * credentials are in place and the request should be sent again, false to give the refusal to the
   * caller. `attempt` counts the retries of this request so far (0 on the first refusal).
   */
  refused(response: Response, request: AuthorizedRequest, attempt: number): Promise<boolean>;
}

/** Retries of one request a provider may ask for, whatever it says: a refusing server cannot loop the client. */
export const MAX_AUTHORIZATION_RETRIES = 5;

/** The provider could not authorize a request (discovery, registration or a grant failed); `cause` says why. */
export class AuthorizationFailedError extends Error {
  /** The error's name, `"AuthorizationFailedError"`. */
  override name = "AuthorizationFailedError";
  /** Creates the error; the message repeats the cause's. */
  constructor(cause: unknown) {
    super(`authorization failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** `base` with `provider`'s headers on every request and its answer to every 401 and 403. */
export function authorizedFetch(base: typeof fetch, provider: HttpAuthProvider): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const request: AuthorizedRequest = { method: (init?.method ?? "GET").toUpperCase(), url };
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(init?.headers);
      for (const [name, value] of Object.entries(await asked(() => provider.headers(request))))
        headers.set(name, value);
      const response = await base(input, { ...init, headers });
      if (response.status !== 401 && response.status !== 403) return response;
      if (attempt >= MAX_AUTHORIZATION_RETRIES) return response;
      if (!(await asked(() => provider.refused(response, request, attempt)))) return response;
      await response.body?.cancel().catch(() => undefined);
    }
  };
}

async function asked<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof AuthorizationFailedError ? error : new AuthorizationFailedError(error);
  }
}
