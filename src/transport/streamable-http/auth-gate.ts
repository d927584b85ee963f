/**
 * The hook an authorization layer plugs into a Streamable HTTP endpoint: it sees each request
 * before anything else reads it (after the Host/Origin guard) and either names its caller or answers
 * it itself (401, or a document it serves such as the protected-resource metadata). It gets a
 * minimal view of the request, never a web Request, so that any adapter can feed it.
 * `bearerAuth()` from `typed-mcp/auth` is the ready one.
 */

/** What an authorization layer reads of a request. */
export interface HttpRequestView {
  /** The HTTP method. */
  readonly method: string;
  /** The full request URL. */
  readonly url: string;
  /** A header's value (repeated headers joined with ", "), or null. */
  header(name: string): string | null;
}

/** A whole answer the gate gives instead of letting the request through. */
export interface HttpAnswer {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers (a `WWW-Authenticate` challenge, the content type, ...). */
  readonly headers: Readonly<Record<string, string>>;
  /** The response body, or null for none. */
  readonly body: string | null;
}

/** The outcome of authenticating a request: its caller, or the answer that ends it. */
export type HttpAuthentication =
  | {
      /** What reaches every handler of the request (`ctx.authInfo`) and its kernel context. */
      readonly authInfo: unknown;
      /** The principal its session and sealed requestState are bound to. */
      readonly principal: string;
    }
  | { readonly answer: HttpAnswer };

/** An authorization layer in front of the endpoint (see `bearerAuth` in `typed-mcp/auth`). */
export interface HttpAuthGate {
  /** Runs first for every request; never sees the body. */
  authenticate(request: HttpRequestView): HttpAuthentication | Promise<HttpAuthentication>;
  /**
   * The answer refusing a caller who lacks scopes a message needs (the server's per-tool, resource
   * or prompt `scopes`): 403 with the step-up challenge. Undefined when `authInfo` grants them all.
   */
  authorize(authInfo: unknown, required: readonly string[]): HttpAnswer | undefined;
}

const AUTH_INFO = new WeakMap<object, unknown>();

/** Records what the gate established for `request`, for whoever builds its messages' extra info. */
export function setRequestAuth(request: object, authInfo: unknown): void {
  AUTH_INFO.set(request, authInfo);
}

/** What the gate established for `request`; undefined when there is no gate. */
export function requestAuth(request: object): unknown {
  return AUTH_INFO.get(request);
}

/** The view of a web Request (or of the node adapter's light request) the gate reads. */
export function viewOf(request: Request): HttpRequestView {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name),
  };
}
