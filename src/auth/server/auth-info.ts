/**
 * The authenticated caller of a request, shared by both halves of `typed-mcp/auth` and carried to
 * every handler (`ctx.authInfo`). The type itself sits with the model types (src/protocol) so that
 * the kernel and the high level carry it without loading any of the authorization code.
 */
export { type AuthInfo, missingScopes, principalOfAuth } from "../../protocol/auth-info.js";
