/**
 * The resource-server half of `typed-mcp/auth`: protect a Streamable HTTP server with OAuth bearer
 * tokens. `bearerAuth({ resource, issuer })` goes into `new StreamableHttpServer(server, { auth })`.
 */

export {
  type ProtectedResourceMetadata,
  protectedResourceMetadataUrl,
  protectedResourceMetadataUrls,
} from "../../protocol/protected-resource.js";
export type {
  HttpAnswer,
  HttpAuthentication,
  HttpAuthGate,
  HttpRequestView,
} from "../../transport/streamable-http/auth-gate.js";
export type { AuthInfo } from "./auth-info.js";
export { missingScopes, principalOfAuth } from "./auth-info.js";
export { type BearerAuthGate, type BearerAuthOptions, bearerAuth, bearerTokenOf } from "./bearer-auth.js";
export { bearerChallenge, type ChallengeParams } from "./challenge.js";
export { InvalidTokenError } from "./invalid-token.js";
export { discoverIssuerMetadata, type IssuerMetadata, issuerMetadataUrls } from "./issuer-metadata.js";
export { authInfoOf, type JwtVerifierOptions, jwtVerifier, type TokenVerifier } from "./jwt-verifier.js";
export { canonicalResource } from "./protected-resource-metadata.js";
