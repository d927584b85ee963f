/**
 * Scopes required per tool, resource and prompt. Over Streamable HTTP behind an auth gate the check
 * happens before the request is served, as an HTTP 403 with the step-up challenge (see
 * McpServer.requiredScopes); this is the same check where the request arrives without one (another
 * transport that supplies an AuthInfo), answered with a JSON-RPC error.
 */

import { isAuthInfo, missingScopes } from "../../protocol/auth-info.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import type { RequestContext } from "../../server/runner.js";

/** Throws when the request's AuthInfo lacks any of `required`; a request without AuthInfo is not checked. */
export function requireScopes(required: readonly string[], context: RequestContext, item: string): void {
  if (required.length === 0) return;
  const auth = context.extra?.authInfo;
  if (!isAuthInfo(auth)) return;
  const missing = missingScopes(auth.scopes, required);
  if (missing.length === 0) return;
  throw new McpError(
    ErrorCode.InvalidRequest,
    `Forbidden: ${item} needs the scope${missing.length > 1 ? "s" : ""} ${missing.join(" ")}`,
    { error: "insufficient_scope", requiredScopes: [...required] },
  );
}
