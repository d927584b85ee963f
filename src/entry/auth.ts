/**
 * `typed-mcp/auth`: authorization. The client half is an OAuth provider for the HTTP client
 * transports (`new StreamableHttpClientTransport(url, { authProvider: new OAuthProvider({...}) })`).
 * Its protocol libraries (oauth4webapi, jose) load only through this entry point.
 */
export * from "../auth/client/index.js";
