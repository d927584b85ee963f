/**
 * The answers of a protected resource (RFC 6750 section 3, RFC 9728 section 5.1): 401 with a
 * `WWW-Authenticate: Bearer` challenge pointing at the protected-resource metadata, and 403
 * `insufficient_scope` naming every scope the operation needs (the step-up challenge).
 */

import type { HttpAnswer } from "../../transport/streamable-http/auth-gate.js";

/** What a challenge says besides the metadata URL. */
export interface ChallengeParams {
  /**
   * The RFC 6750 error code, when the request was refused for a reason (absent when it simply had no token).
   */
  error?: "invalid_request" | "invalid_token" | "insufficient_scope";
  /**
   * `error_description`: a human-readable explanation, sent without the characters a quoted string cannot
   * hold (quotes, backslashes, anything outside printable ASCII).
   */
  description?: string;
  /** The scopes the operation needs, sent as the challenge's `scope` (space separated). */
  scopes?: readonly string[];
}

/** A `Bearer` challenge: error first, then the scope, the metadata URL and the description. */
export function bearerChallenge(metadataUrl: string, params: ChallengeParams = {}): string {
  const parts: string[] = [];
  if (params.error) parts.push(`error="${params.error}"`);
  if (params.scopes && params.scopes.length > 0) parts.push(`scope="${quotable(params.scopes.join(" "))}"`);
  parts.push(`resource_metadata="${quotable(metadataUrl)}"`);
  if (params.description) parts.push(`error_description="${quotable(params.description)}"`);
  return `Bearer ${parts.join(", ")}`;
}

/** The answer refusing a request: 401 (no or bad token) or 403 (insufficient scope), with its challenge. */
export function refusal(status: 401 | 403, metadataUrl: string, params: ChallengeParams = {}): HttpAnswer {
  const body: Record<string, string> = { error: params.error ?? "unauthorized" };
  if (params.description) body.error_description = params.description;
  return {
    status,
    headers: {
      "content-type": "application/json",
      "www-authenticate": bearerChallenge(metadataUrl, params),
      "cache-control": "no-store",
    },
    body: JSON.stringify(body),
  };
}

/** A quoted-string's content: no quotes, backslashes or control characters. */
function quotable(text: string): string {
  // Printable ASCII only (space to tilde), without the quote and the backslash.
  return text.replace(/[^ -~]|["\\]/g, "");
}
