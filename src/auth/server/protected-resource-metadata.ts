/**
 * The resource URL a protected MCP server names in its protected-resource metadata (RFC 9728; the
 * document's type and well-known URL are in src/protocol/protected-resource.ts, shared with the client).
 */

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
