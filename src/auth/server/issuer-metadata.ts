/**
 * An authorization server's metadata, found from its issuer identifier the way MCP clients find
 * it: RFC 8414 first, then OpenID Connect discovery, path-aware before the path-appended form; the
 * document's `issuer` must be the issuer asked for (RFC 8414 section 3.3).
 */

/** What the verifier needs of an authorization server's metadata. */
export interface IssuerMetadata {
  /** The authorization server's issuer identifier, which tokens' `iss` must equal. */
  issuer: string;
  /** Where the authorization server publishes its signing keys (a JWK Set), to verify JWT access tokens. */
  jwks_uri?: string;
  [field: string]: unknown;
}

/** The metadata URLs of `issuer`, in the order they are tried. */
export function issuerMetadataUrls(issuer: string): URL[] {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  if (path === "") {
    return [
      new URL("/.well-known/oauth-authorization-server", url.origin),
      new URL("/.well-known/openid-configuration", url.origin),
    ];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, url.origin),
    new URL(`/.well-known/openid-configuration${path}`, url.origin),
    new URL(`${path}/.well-known/openid-configuration`, url.origin),
  ];
}

/** The first metadata document of `issuer` that answers and names it as its issuer. */
export async function discoverIssuerMetadata(issuer: string, fetchImpl: typeof fetch = fetch): Promise<IssuerMetadata> {
  const failures: string[] = [];
  for (const url of issuerMetadataUrls(issuer)) {
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { accept: "application/json" }, redirect: "error" });
    } catch (error) {
      failures.push(`${url.href}: ${(error as Error).message}`);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      failures.push(`${url.href}: HTTP ${response.status}`);
      continue;
    }
    let document: unknown;
    try {
      document = await response.json();
    } catch {
      failures.push(`${url.href}: not JSON`);
      continue;
    }
    const metadata = document as Partial<IssuerMetadata> | null;
    if (typeof metadata !== "object" || metadata === null || metadata.issuer !== issuer) {
      failures.push(`${url.href}: its issuer is not ${issuer}`);
      continue;
    }
    return metadata as IssuerMetadata;
  }
  throw new Error(`no authorization server metadata for ${issuer} (${failures.join("; ")})`);
}
