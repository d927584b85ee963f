/**
 * The bearer-token gate of a protected MCP server (the resource server of MCP authorization): plug
 * `bearerAuth({ resource, issuer })` into a StreamableHttpServer's `auth` option and every request
 * needs a valid access token for this resource in its Authorization header. It serves the RFC 9728
 * metadata document at its well-known path, answers a missing or bad token with 401 and a
 * challenge pointing at that document, and a token lacking a tool's (resource's, prompt's) scopes
 * with 403 `insufficient_scope` naming them. Tokens are never logged and never part of an answer.
 */

import { type AuthInfo, missingScopes, principalOfAuth } from "../../protocol/auth-info.js";
import { type ProtectedResourceMetadata, protectedResourceMetadataUrl } from "../../protocol/protected-resource.js";
import type {
  HttpAnswer,
  HttpAuthentication,
  HttpAuthGate,
  HttpRequestView,
} from "../../transport/streamable-http/auth-gate.js";
import { refusal } from "./challenge.js";
import { InvalidTokenError } from "./invalid-token.js";
import { jwtVerifier, type TokenVerifier } from "./jwt-verifier.js";
import { canonicalResource } from "./protected-resource-metadata.js";

/** Options of `bearerAuth`: the resource, and either an issuer (JWT access tokens) or a verifier of your own. */
export interface BearerAuthOptions {
  /** This server's resource URL, as clients reach it (`https://mcp.example.com/mcp`): tokens must be issued for it. */
  resource: string | URL;
  /** The authorization server whose JWT access tokens are accepted (verified against its JWKS, found through its metadata). */
  issuer?: string;
  /** Verifies a token some other way (introspection, opaque tokens...); throws InvalidTokenError to refuse it. */
  verifyToken?: TokenVerifier;
  /** The authorization servers the metadata lists (default: `[issuer]`). */
  authorizationServers?: readonly string[];
  /** Scopes every request needs (besides each tool's, resource's and prompt's own). */
  scopes?: readonly string[];
  /** The metadata's `scopes_supported` (default: `scopes`, when given). */
  scopesSupported?: readonly string[];
  /** The metadata's human-readable `resource_name`. */
  resourceName?: string;
  /** More fields of the metadata document (`resource_documentation`, ...). */
  metadata?: Record<string, unknown>;
}

/** The gate `bearerAuth` makes: an HttpAuthGate, plus what it serves. */
export interface BearerAuthGate extends HttpAuthGate {
  /** The canonical resource URL tokens must be issued for. */
  readonly resource: string;
  /** Where the protected-resource metadata is served. */
  readonly metadataUrl: URL;
  /** The protected-resource metadata document. */
  readonly metadata: ProtectedResourceMetadata;
}

/** A bearer-token gate for a StreamableHttpServer's `auth` option. */
export function bearerAuth(options: BearerAuthOptions): BearerAuthGate {
  const resource = canonicalResource(options.resource);
  if ((options.issuer === undefined) === (options.verifyToken === undefined)) {
    throw new TypeError("bearerAuth needs exactly one of issuer and verifyToken");
  }
  const verify = options.verifyToken ?? jwtVerifier({ issuer: options.issuer as string, audience: resource });
  const authorizationServers = [...(options.authorizationServers ?? (options.issuer ? [options.issuer] : []))];
  if (authorizationServers.length === 0) throw new TypeError("bearerAuth needs the authorization servers to list");
  const metadataUrl = protectedResourceMetadataUrl(resource);
  const metadataLink = metadataUrl.href;
  const required = [...(options.scopes ?? [])];
  const scopesSupported = options.scopesSupported ?? options.scopes;
  const metadata: ProtectedResourceMetadata = {
    ...options.metadata,
    resource,
    authorization_servers: authorizationServers,
    bearer_methods_supported: ["header"],
    ...(scopesSupported ? { scopes_supported: [...scopesSupported] } : {}),
    ...(options.resourceName === undefined ? {} : { resource_name: options.resourceName }),
  };
  const document: HttpAnswer = {
    status: 200,
    headers: {
      "content-type": "application/json",
      "access-control-allow-origin": "*",
      "cache-control": "max-age=3600",
    },
    body: JSON.stringify(metadata),
  };
  const unauthorized = (error?: "invalid_request" | "invalid_token", description?: string) =>
    refusal(401, metadataLink, {
      ...(error ? { error } : {}),
      ...(description ? { description } : {}),
      scopes: required,
    });

  const authenticate = async (request: HttpRequestView): Promise<HttpAuthentication> => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { answer: unauthorized("invalid_request", "the request URL is not valid") };
    }
    if (url.pathname === metadataUrl.pathname) return { answer: metadataAnswer(request.method, document) };
    // RFC 6750 section 2.3, forbidden by MCP: a token in the URL ends up in logs and histories.
    if (url.searchParams.has("access_token")) {
      return { answer: unauthorized("invalid_request", "access tokens are not accepted in the query string") };
    }
    const header = request.header("authorization");
    if (header === null) return { answer: unauthorized() };
    const token = bearerTokenOf(header);
    if (token === undefined) {
      return {
        answer: unauthorized("invalid_request", "the Authorization header must be 'Bearer' and one token"),
      };
    }
    let auth: AuthInfo;
    try {
      auth = await verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return { answer: unauthorized("invalid_token", error.message) };
      return { answer: unavailable() };
    }
    // Whatever verified it, a token for another resource or past its expiry is refused here too.
    if (auth.resource !== undefined && auth.resource !== resource) {
      return { answer: unauthorized("invalid_token", "the token was not issued for this resource") };
    }
    if (auth.expiresAt !== undefined && auth.expiresAt * 1000 < Date.now()) {
      return { answer: unauthorized("invalid_token", "the token has expired") };
    }
    const missing = missingScopes(auth.scopes, required);
    if (missing.length > 0) return { answer: insufficientScope(metadataLink, required) };
    return { authInfo: auth, principal: principalOfAuth(auth) };
  };

  return {
    resource,
    metadataUrl,
    metadata,
    authenticate,
    authorize(authInfo, needed) {
      const granted = (authInfo as Partial<AuthInfo> | undefined)?.scopes ?? [];
      if (missingScopes(granted, needed).length === 0) return undefined;
      // Every scope the operation needs, in one challenge (with those every request needs), so
      // that one step-up suffices.
      return insufficientScope(metadataLink, [...new Set([...required, ...needed])]);
    },
  };
}

/** The token of `Authorization: Bearer <token>` (RFC 6750 section 2.1); undefined when it is anything else. */
export function bearerTokenOf(header: string): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match?.[1];
}

function insufficientScope(metadataLink: string, scopes: readonly string[]): HttpAnswer {
  return refusal(403, metadataLink, {
    error: "insufficient_scope",
    scopes,
    description: `this operation needs the scope${scopes.length > 1 ? "s" : ""} ${scopes.join(" ")}`,
  });
}

function metadataAnswer(method: string, document: HttpAnswer): HttpAnswer {
  if (method === "GET") return document;
  if (method === "HEAD") return { ...document, body: null };
  if (method === "OPTIONS") {
    return {
      status: 204,
      headers: { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, OPTIONS" },
      body: null,
    };
  }
  return { status: 405, headers: { allow: "GET, HEAD, OPTIONS" }, body: null };
}

/** The token could not be checked (the authorization server's keys unreachable): not the client's fault. */
function unavailable(): HttpAnswer {
  return {
    status: 503,
    headers: { "content-type": "application/json", "retry-after": "5", "cache-control": "no-store" },
    body: JSON.stringify({ error: "temporarily_unavailable", error_description: "the token cannot be checked now" }),
  };
}
