/**
 * Finding who authorizes an MCP server. First the server's protected-resource metadata
 * (RFC 9728): the URL its 401 named, else the path-aware well-known URL, else the root one. Then
 * the authorization server's metadata, by RFC 8414 and OpenID Connect Discovery in the order the MCP
 * specification gives, with the document's `issuer` checked against the URL it was built from.
 * A server of the oldest authorization revision may have neither: its origin is then the authorization
 * server, at the default endpoints.
 */
import * as oauth from "oauth4webapi";
import { type ProtectedResourceMetadata, protectedResourceMetadataUrls } from "../../protocol/protected-resource.js";
import { OAuthClientError } from "./errors.js";
import { type HttpPolicy, insecureOption } from "./http-policy.js";

/** Where each step of discovery looked, in order: for diagnostics and tests. */
export type DiscoveryTrace = string[];

/**
 * The authorization server's metadata URLs for `issuer`, in the specification's order: for an issuer
 * with a path, RFC 8414 path-inserted, OpenID Connect path-inserted, OpenID Connect path-appended;
 * without one, RFC 8414 then OpenID Connect.
 */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname === "/" ? "" : issuer.pathname.replace(/\/$/, "");
  if (!path) {
    return [
      new URL("/.well-known/oauth-authorization-server", issuer.origin),
      new URL("/.well-known/openid-configuration", issuer.origin),
    ];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`/.well-known/openid-configuration${path}`, issuer.origin),
    new URL(`${issuer.origin}${path}/.well-known/openid-configuration`),
  ];
}

/** Whether a protected-resource metadata `resource` may stand for the server at `serverUrl`: same origin, and a path the server's path lies under. */
export function resourceCovers(resource: string, serverUrl: URL): boolean {
  let named: URL;
  try {
    named = new URL(resource);
  } catch {
    return false;
  }
  if (named.origin !== serverUrl.origin) return false;
  const base = named.pathname.endsWith("/") ? named.pathname : `${named.pathname}/`;
  const path = serverUrl.pathname.endsWith("/") ? serverUrl.pathname : `${serverUrl.pathname}/`;
  return path.startsWith(base);
}

/**
 * The server's protected-resource metadata, or undefined when no location has it (a server of the oldest
 * server). A document whose `resource` does not cover `serverUrl` is refused (RFC 9728 §3.3).
 */
export async function discoverProtectedResource(
  serverUrl: URL,
  named: string | undefined,
  policy: HttpPolicy,
): Promise<ProtectedResourceMetadata | undefined> {
  const candidates: URL[] = [];
  if (named) {
    const url = new URL(named, serverUrl);
    policy.check(url, "resource_metadata");
    candidates.push(url);
  }
  for (const url of protectedResourceMetadataUrls(serverUrl)) {
    if (!candidates.some((c) => c.href === url.href)) candidates.push(url);
  }
  for (const url of candidates) {
    const response = await getJson(url, policy);
    if (!response) continue;
    const metadata = response as ProtectedResourceMetadata;
    if (typeof metadata.resource !== "string") continue;
    if (!resourceCovers(metadata.resource, serverUrl)) {
      throw new OAuthClientError(
        "resource_mismatch",
        `the protected-resource metadata at ${url.href} is for ${metadata.resource}, not for ${serverUrl.href}`,
      );
    }
    return metadata;
  }
  return undefined;
}

async function getJson(url: URL, policy: HttpPolicy): Promise<unknown> {
  let response: Response;
  try {
    response = await policy.fetch(url.href, { headers: { accept: "application/json" } });
  } catch {
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    return undefined;
  }
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/**
 * The authorization server `issuer`'s metadata, from the first location that has it, its `issuer`
 * checked. Without any document, `fallback` decides: the oldest revision's default endpoints at the issuer's
 * origin, or a `discovery_failed` error.
 */
export async function discoverAuthorizationServer(
  issuer: URL,
  policy: HttpPolicy,
  fallback: "default-endpoints" | "fail",
): Promise<oauth.AuthorizationServer> {
  for (const url of authorizationServerMetadataUrls(issuer)) {
    let response: Response;
    try {
      response = await policy.fetch(url.href, { headers: { accept: "application/json" } });
    } catch {
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      continue;
    }
    const copy = response.clone();
    const again = response.clone();
    try {
      return await oauth.processDiscoveryResponse(issuer, response);
    } catch (error) {
      // Without protected-resource metadata (the oldest revision) the server's own origin serves the
      // document and the issuer was only guessed from that origin: a same-origin issuer is accepted.
      const named = await copy
        .json()
        .then((body) => {
          const named = (body as { issuer?: unknown } | null)?.issuer;
          return typeof named === "string" ? new URL(named) : undefined;
        })
        .catch(() => undefined);
      if (fallback === "default-endpoints" && named && named.origin === issuer.origin) {
        return oauth.processDiscoveryResponse(named, again);
      }
      throw new OAuthClientError(
        "issuer_mismatch",
        `the authorization server metadata at ${url.href} does not name ${issuer.href} as its issuer`,
        { cause: error },
      );
    }
  }
  if (fallback === "fail") {
    throw new OAuthClientError("discovery_failed", `no authorization server metadata found for ${issuer.href}`);
  }
  // The oldest authorization revision's defaults for a server without metadata.
  const origin = issuer.origin;
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    registration_endpoint: `${origin}/register`,
    code_challenge_methods_supported: ["S256"],
  };
}

export { insecureOption };
