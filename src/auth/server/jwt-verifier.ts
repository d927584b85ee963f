/**
 * The ready TokenVerifier: JWT access tokens (RFC 9068) signed by a key in the issuer's JWKS, found
 * through the issuer's metadata. The audience must be this server's resource URL (a token issued for
 * any other resource is refused: no token passthrough), the issuer the configured one, `exp` present
 * and not past, `nbf` not ahead; only asymmetric signatures are accepted (never `alg: none` or an
 * HMAC keyed with a public key).
 */

import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from "jose";
import type { AuthInfo } from "../../protocol/auth-info.js";
import { InvalidTokenError } from "./invalid-token.js";
import { discoverIssuerMetadata } from "./issuer-metadata.js";

/** Turns a bearer token into its caller, or throws InvalidTokenError (any other error is answered 503). */
export type TokenVerifier = (token: string) => Promise<AuthInfo>;

/** Options of `jwtVerifier`. */
export interface JwtVerifierOptions {
  /** The authorization server's issuer identifier, exactly as its metadata and its tokens' `iss` say it. */
  issuer: string;
  /** This server's resource URL: every token's `aud` must name it. */
  audience: string;
  /** The JWKS URL, when the issuer publishes no metadata (default: its metadata's `jwks_uri`). */
  jwksUri?: string;
  /** The issuer's public keys themselves, when they are known in advance (then nothing is fetched). */
  jwks?: JSONWebKeySet;
  /** Signature algorithms accepted (default: the RSA, RSA-PSS, ECDSA and EdDSA ones). */
  algorithms?: readonly string[];
  /** Clock skew tolerated on `exp` and `nbf`, in seconds (default 5). */
  clockToleranceSeconds?: number;
  /** Refuse a token whose `typ` header is not `at+jwt` (RFC 9068); off by default, since many servers write `JWT`. */
  requireAccessTokenType?: boolean;
  /** The fetch used for the issuer's metadata (default: the global one). */
  fetch?: typeof fetch;
}

const ASYMMETRIC_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

/** A TokenVerifier for the JWT access tokens of `options.issuer` meant for `options.audience`. */
export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const algorithms = [...(options.algorithms ?? ASYMMETRIC_ALGORITHMS)];
  if (algorithms.some((alg) => alg === "none" || alg.startsWith("HS"))) {
    throw new TypeError("only asymmetric signature algorithms can verify tokens of another party");
  }
  type KeySet = ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>;
  let keys: Promise<KeySet> | undefined = options.jwks ? Promise.resolve(createLocalJWKSet(options.jwks)) : undefined;
  const keySet = () => {
    keys ??= (async () => {
      const jwksUri = options.jwksUri ?? (await discoverIssuerMetadata(options.issuer, options.fetch)).jwks_uri;
      if (typeof jwksUri !== "string") throw new Error(`the metadata of ${options.issuer} has no jwks_uri`);
      return createRemoteJWKSet(new URL(jwksUri));
    })();
    // A failed discovery is tried again by the next token, not remembered.
    keys.catch(() => {
      keys = undefined;
    });
    return keys;
  };
  return async (token) => {
    const jwks = await keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        clockTolerance: options.clockToleranceSeconds ?? 5,
        requiredClaims: ["exp"],
        ...(options.requireAccessTokenType ? { typ: "at+jwt" } : {}),
      }));
    } catch (error) {
      throw refusalOf(error);
    }
    return authInfoOf(payload, options.audience);
  };
}

/** What a verified JWT says of its caller. */
export function authInfoOf(payload: JWTPayload, resource: string): AuthInfo {
  const scope = payload.scope ?? payload.scp;
  const scopes =
    typeof scope === "string"
      ? scope.split(" ").filter((item) => item !== "")
      : Array.isArray(scope)
        ? scope.filter((item): item is string => typeof item === "string")
        : [];
  const clientId = typeof payload.client_id === "string" ? payload.client_id : payload.azp;
  return {
    subject: payload.sub,
    clientId: typeof clientId === "string" ? clientId : undefined,
    scopes,
    expiresAt: payload.exp,
    resource,
    issuer: payload.iss,
    claims: payload,
  };
}

/** The InvalidTokenError for what jose refused; an error that is not about the token (JWKS unreachable) as it is. */
function refusalOf(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) return new InvalidTokenError("the token has expired", { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    const description =
      claim === "aud"
        ? "the token was not issued for this resource"
        : claim === "iss"
          ? "the token was not issued by this resource's authorization server"
          : claim === "nbf"
            ? "the token is not valid yet"
            : claim === "exp"
              ? "the token has no expiry"
              : claim === "typ"
                ? "the token is not an access token"
                : `the token's ${claim} claim is not valid`;
    return new InvalidTokenError(description, { cause: error });
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError("no key of the authorization server signed the token", { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new InvalidTokenError("the token's signature algorithm is not accepted", { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError("the token's signature does not verify", { cause: error });
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return new InvalidTokenError("the token names no single key of the authorization server", { cause: error });
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new InvalidTokenError("the token is not a valid JWT", { cause: error });
  }
  return error;
}
