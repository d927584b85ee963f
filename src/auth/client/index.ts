/**
 * The OAuth client of typed-mcp (`typed-mcp/auth`): an `authProvider` for the HTTP client
 * transports that discovers the server's authorization server, registers, runs the grant and keeps
 * the tokens fresh. Nothing here is loaded by the package root or the other entry points.
 */
export {
  authorizationServerMetadataUrls,
  discoverAuthorizationServer,
  discoverProtectedResource,
  resourceCovers,
} from "./discovery.js";
export { OAuthClientError, type OAuthErrorCode } from "./errors.js";
export { type HttpPolicy, httpPolicy } from "./http-policy.js";
export {
  type AuthorizeStep,
  chooseAuthMethod,
  type OAuthGrant,
  OAuthProvider,
  type OAuthProviderOptions,
  type PreRegisteredClient,
} from "./oauth-provider.js";
export { type ScopeInputs, scopeList, selectScope } from "./scopes.js";
export { type ClientRegistration, InMemoryOAuthStore, type OAuthStore, type StoredTokens } from "./store.js";
export {
  type AuthChallenge,
  parseWwwAuthenticate,
  type ResourceChallenge,
  resourceChallengeOf,
} from "./www-authenticate.js";
