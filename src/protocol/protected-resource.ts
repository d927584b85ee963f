/**
 * The protected-resource metadata of OAuth (RFC 9728), as MCP authorization uses it: the document a
 * protected MCP server publishes and an MCP client reads to learn which authorization server to ask
 * for a token. One definition for both halves of `typed-mcp/auth`, the server that serves it and the
 * client that discovers it.
 */

/** The RFC 9728 document of an MCP server (only `resource` is required by the RFC). */
export interface ProtectedResourceMetadata {
  /** The resource's identifier: the server's canonical URL, which tokens must be issued for. */
  resource: string;
  /** The issuers of the authorization servers that issue tokens for it. */
  authorization_servers?: string[];
  /** How a token may be presented; MCP allows only the `header`. */
  bearer_methods_supported?: string[];
  /** The scopes the resource knows. */
  scopes_supported?: string[];
  /** A human-readable name of the resource. */
  resource_name?: string;
  /** Any other field of the document. */
  [field: string]: unknown;
}

/**
 * The document's well-known URL for `resource` (RFC 9728 section 3.1): the well-known segment goes
 * between the host and the resource's path, so `https://host/mcp` has its metadata at
 * `https://host/.well-known/oauth-protected-resource/mcp`. A trailing slash of the path is dropped,
 * as clients in the field look there.
 */
export function protectedResourceMetadataUrl(resource: string | URL): URL {
  const url = new URL(resource);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return new URL(`/.well-known/oauth-protected-resource${path}`, url.origin);
}

/** Where a client looks for a server's document, in order (RFC 9728 section 3.1, then the root). */
export function protectedResourceMetadataUrls(serverUrl: URL): URL[] {
  const pathAware = protectedResourceMetadataUrl(serverUrl);
  const root = new URL("/.well-known/oauth-protected-resource", serverUrl.origin);
  return pathAware.href === root.href ? [root] : [pathAware, root];
}
