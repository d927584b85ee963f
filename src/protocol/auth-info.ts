/**
 * Who sent a request, as an authorization layer established it (typically from an OAuth access
 * token). Defined here, among the model types, so that every layer can carry it; `typed-mcp/auth`
 * fills it in (see src/auth/server/).
 */

/** The authenticated caller of a request: what a verified access token says. */
export interface AuthInfo {
  /** The resource owner the token was issued for (the JWT `sub`); undefined for a token without one. */
  readonly subject: string | undefined;
  /** The OAuth client the token was issued to (`client_id`, else `azp`). */
  readonly clientId: string | undefined;
  /** The scopes the token grants. */
  readonly scopes: readonly string[];
  /** When the token expires, in seconds since the epoch (the JWT `exp`). */
  readonly expiresAt: number | undefined;
  /** The resource (audience) the token was accepted for: this server's resource URL. */
  readonly resource: string | undefined;
  /** The authorization server that issued it (the JWT `iss`). */
  readonly issuer: string | undefined;
  /** Every claim of the token, as verified (never the token itself). */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * The principal a session and a sealed requestState are bound to: the subject, else the client
 * (a token of the client-credentials grant has no user).
 */
export function principalOfAuth(auth: AuthInfo): string {
  if (auth.subject !== undefined) return `sub:${auth.issuer ?? ""}:${auth.subject}`;
  return `client:${auth.issuer ?? ""}:${auth.clientId ?? ""}`;
}

/** Whether `value` is an AuthInfo (what the gate puts in a message's extra info), not some other authInfo. */
export function isAuthInfo(value: unknown): value is AuthInfo {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<AuthInfo>;
  return Array.isArray(candidate.scopes) && typeof candidate.claims === "object" && candidate.claims !== null;
}

/** The scopes of `required` that `granted` lacks, in order; empty when every one is granted. */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  return required.filter((scope) => !granted.includes(scope));
}
