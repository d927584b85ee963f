/**
 * `typed-mcp/auth`: MCP authorization. The server half protects a Streamable HTTP server with OAuth
 * bearer tokens (`bearerAuth`, `jwtVerifier`, the protected-resource metadata); it loads `jose`,
 * which no other entry point does.
 */
export * from "../auth/server/index.js";
