/**
 * DPoP (RFC 9449): one key pair per provider. The token endpoint's proofs are oauth4webapi's (with
 * its nonce cache); the proofs sent to the MCP server are made here with jose, bound to the access
 * token (`ath`) and carrying the nonce that server last asked for (RFC 9449 §9).
 */
import * as jose from "jose";
import * as oauth from "oauth4webapi";

/** A provider's DPoP key and the nonces resource servers handed it. */
export class DpopKey {
  private readonly nonces = new Map<string, string>();
  private publicJwk: jose.JWK | undefined;

  private constructor(
    readonly keyPair: oauth.CryptoKeyPair,
    readonly algorithm: string,
    /** The handle oauth4webapi signs token-endpoint proofs with. */
    readonly handle: oauth.DPoPHandle,
  ) {}

  /** A fresh non-extractable key pair for `algorithm` (ES256 unless the server supports only others). */
  static async generate(algorithm = "ES256"): Promise<DpopKey> {
    const keyPair = await oauth.generateKeyPair(algorithm);
    return new DpopKey(keyPair, algorithm, oauth.DPoP({}, keyPair));
  }

  /** Remembers the `DPoP-Nonce` a resource server sent with `response`; true when there was one. */
  rememberNonce(url: URL, response: Response): boolean {
    const nonce = response.headers.get("dpop-nonce");
    if (!nonce) return false;
    this.nonces.set(url.origin, nonce);
    return true;
  }

  /** A proof for a request to a resource server with `accessToken`. */
  async proof(method: string, url: URL, accessToken: string): Promise<string> {
    this.publicJwk ??= await jose.exportJWK(this.keyPair.publicKey);
    const { kty, crv, x, y, e, n } = this.publicJwk;
    const jwk = Object.fromEntries(Object.entries({ kty, crv, x, y, e, n }).filter(([, v]) => v !== undefined));
    const ath = jose.base64url.encode(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken))),
    );
    const nonce = this.nonces.get(url.origin);
    return new jose.SignJWT({
      htm: method,
      htu: `${url.origin}${url.pathname}`,
      ath,
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ alg: this.algorithm, typ: "dpop+jwt", jwk })
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .sign(this.keyPair.privateKey);
  }
}
