/**
 * The protected-resource metadata document (RFC 9728): where it lives for a resource URL, and what
 * it says. MCP clients read it to find the authorization server to ask for a token.
 */

/** The RFC 9728 document of an MCP server. */
export interface ProtectedResourceMetadata {
  /** The MCP server's resource identifier (its canonical URL): what tokens must be issued for. */
  resource: string;
  /** The issuers of the authorization servers that issue tokens for this resource. */
  authorization_servers: string[];
  /** How a token may be sent: `["header"]` (the Authorization header only). */
  bearer_methods_supported: string[];
  /** The scopes this resource uses, when it publishes them. */
  scopes_supported?: string[];
  /** A human-readable name of the resource. */
  resource_name?: string;
  [field: string]: unknown;
}

/**
 * The document's well-known URL for `resource` (RFC 9728 section 3.1): the well-known segment goes
 * between the host and the resource's path, so `https://host/mcp` has its metadata at
 * `https://host/.well-known/oauth-protected-resource/mcp`.
 */
export function protectedResourceMetadataUrl(resource: string | URL): URL {
  const url = new URL(resource);
  const path = url.pathname === "/" ? "" : url.pathname;
  return new URL(`/.well-known/oauth-protected-resource${path}`, url.origin);
}

/**
 * A canonical resource URL (RFC 8707 section 2, as MCP uses it): absolute, http(s), no fragment,
 * lower-case scheme and host (the URL parser does that), no trailing slash on a bare origin.
 */
export function canonicalResource(resource: string | URL): string {
  const url = new URL(resource);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`the resource must be an http(s) URL, not ${url.protocol}`);
  }
  if (url.hash !== "") throw new TypeError("the resource URL must not have a fragment");
  const text = url.href;
  return url.pathname === "/" && url.search === "" ? text.slice(0, -1) : text;
}
