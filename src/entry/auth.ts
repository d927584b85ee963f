/**
 * `typed-mcp/auth`: MCP authorization, both halves. The client half is an OAuth provider for the HTTP
 * client transports (`new StreamableHttpClientTransport(url, { authProvider: new OAuthProvider({...}) })`);
 * the server half protects a Streamable HTTP server with OAuth bearer tokens (`bearerAuth`,
 * `jwtVerifier`, the protected-resource metadata). Their protocol libraries (oauth4webapi, jose) load
 * only through this entry point.
 */
export * from "../auth/client/index.js";
export * from "../auth/server/index.js";
