/**
 * The typed failure of the OAuth client. Its message says what went wrong and where, and never
 * carries a token, a code or a client secret.
 */

/** Why authorization failed, as a stable code a program can branch on. */
export type OAuthErrorCode =
  | "discovery_failed"
  | "resource_mismatch"
  | "issuer_mismatch"
  | "pkce_unsupported"
  | "registration_unavailable"
  | "registration_failed"
  | "authorization_denied"
  | "invalid_redirect"
  | "token_request_failed"
  | "insecure_url"
  | "step_up_limit"
  | "no_interactive_step";

/** Authorization of an MCP server failed; `code` says at which step. */
export class OAuthClientError extends Error {
  /** The error's name, `"OAuthClientError"`. */
  override name = "OAuthClientError";
  /**
   * Creates the error with its code, a message that names the step (never a token, a code or a secret) and,
   * optionally, the underlying `cause`.
   */
  constructor(
    /** The step that failed, as a stable code a program can branch on. */
    readonly code: OAuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
