/**
 * Authorization-header fuzzer: each case's request (../cases/auth.ts) against a StreamableHttpServer
 * (over the shared McpServer) behind bearerAuth with the JWT verifier, through its web-standard
 * `handle(Request)`. The oracle is written apart from the gate: a request gets in exactly when its
 * header is `Bearer <a well-formed JWT>` signed RS256 by the issuer's key, for this resource, from
 * this issuer, not expired and already valid, with no token in the query string; every other
 * request gets 401 with a Bearer challenge pointing at the metadata, and nothing of the token
 * comes back. No 5xx, no crash, and the server answers a good request afterwards.
 */
import { createHmac, createSign, generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { bearerAuth, jwtVerifier } from "../../src/entry/auth.js";
import { type McpServer, StreamableHttpServer } from "../../src/index.js";
import type { AuthCase, TokenShape } from "../cases/auth.js";
import { FuzzFailure, type ProcessGuard, withDeadline } from "../guards.js";

export const AUTH_FUZZ_ISSUER = "https://issuer.fuzz.example";
export const AUTH_FUZZ_RESOURCE = "http://127.0.0.1/mcp";
const METADATA = "http://127.0.0.1/.well-known/oauth-protected-resource/mcp";

const issuerKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ecKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
const issuerJwk = { ...issuerKey.publicKey.export({ format: "jwk" }), kid: "issuer-key", alg: "RS256", use: "sig" };

const base64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A compact JWS of `shape`, made by hand so that every part can be wrong. */
export function tokenOf(shape: TokenShape, now = Math.floor(Date.now() / 1000)): string {
  const header: Record<string, unknown> = { alg: shape.alg === "junk" ? "XYZ" : shape.alg, typ: "at+jwt" };
  if (shape.kid === "known") header.kid = "issuer-key";
  if (shape.kid === "unknown") header.kid = "no-such-key";
  const claims: Record<string, unknown> = { sub: "fuzz-user", client_id: "fuzz-client", iat: now, jti: "j" };
  if (shape.audience === "resource") claims.aud = AUTH_FUZZ_RESOURCE;
  if (shape.audience === "other") claims.aud = "http://127.0.0.1/other";
  if (shape.audience === "list-with-resource") claims.aud = ["http://127.0.0.1/other", AUTH_FUZZ_RESOURCE];
  if (shape.audience === "list-without") claims.aud = ["http://127.0.0.1/other"];
  if (shape.issuer === "issuer") claims.iss = AUTH_FUZZ_ISSUER;
  if (shape.issuer === "other") claims.iss = "https://evil.fuzz.example";
  if (shape.expiry === "future") claims.exp = now + 600;
  if (shape.expiry === "past") claims.exp = now - 600;
  if (shape.expiry === "junk") claims.exp = "tomorrow";
  if (shape.notBefore === "past") claims.nbf = now - 600;
  if (shape.notBefore === "future") claims.nbf = now + 600;
  if (shape.scope === "granted") claims.scope = "files:read";
  if (shape.scope === "junk") claims.scope = 42;
  const input = `${base64url(header)}.${base64url(claims)}`;
  return `${input}.${signatureOf(shape, input)}`;
}

function signatureOf(shape: TokenShape, input: string): string {
  if (shape.key === "empty" || shape.alg === "none") return "";
  if (shape.key === "garbage" || shape.alg === "junk") return randomBytes(32).toString("base64url");
  const rsa: KeyObject = shape.key === "issuer" ? issuerKey.privateKey : otherKey.privateKey;
  if (shape.alg === "RS256") return createSign("RSA-SHA256").update(input).sign(rsa).toString("base64url");
  if (shape.alg === "ES256") {
    return createSign("SHA256")
      .update(input)
      .sign({ key: ecKey.privateKey, dsaEncoding: "ieee-p1363" })
      .toString("base64url");
  }
  // HS256 keyed with the issuer's public key: the algorithm-confusion attack.
  const secret = issuerKey.publicKey.export({ format: "pem", type: "spki" });
  return createHmac("sha256", secret).update(input).digest("base64url");
}

/** The oracle: whether this token, sent this way, is one the server must accept. */
export function isAcceptable(c: AuthCase): boolean {
  if (c.queryToken || c.header.kind !== "jwt") return false;
  const { shape, prefix, suffix } = c.header;
  if (!/^bearer +$/i.test(prefix) || suffix.trim() !== "") return false;
  return (
    shape.alg === "RS256" &&
    shape.kid !== "unknown" &&
    shape.key === "issuer" &&
    (shape.audience === "resource" || shape.audience === "list-with-resource") &&
    shape.issuer === "issuer" &&
    shape.expiry === "future" &&
    shape.notBefore !== "future"
  );
}

function headerOf(c: AuthCase): { value: string | undefined; token: string | undefined } {
  const header = c.header;
  switch (header.kind) {
    case "none":
      return { value: undefined, token: undefined };
    case "text":
      return { value: header.value, token: undefined };
    case "scheme":
      return { value: `${header.scheme} ${header.value}`, token: header.value };
    case "bearer-junk":
      return { value: `Bearer ${header.token}`, token: header.token };
    case "jwt": {
      const token = tokenOf(header.shape);
      return { value: `${header.prefix}${token}${header.suffix}`, token };
    }
  }
}

let shared: { server: McpServer; http: StreamableHttpServer } | undefined;

function protectedHttp(server: McpServer): StreamableHttpServer {
  if (shared?.server !== server) {
    const auth = bearerAuth({
      resource: AUTH_FUZZ_RESOURCE,
      authorizationServers: [AUTH_FUZZ_ISSUER],
      verifyToken: jwtVerifier({ issuer: AUTH_FUZZ_ISSUER, audience: AUTH_FUZZ_RESOURCE, jwks: { keys: [issuerJwk] } }),
    });
    shared = { server, http: new StreamableHttpServer(server, { auth, sessionless: true, jsonResponse: true }) };
  }
  return shared.http;
}

/** Ends the shared protected server (after a run). */
export async function closeAuthFuzzServer(): Promise<void> {
  await shared?.http.close();
  shared = undefined;
}

const PING = { jsonrpc: "2.0", id: 1, method: "ping" };

export async function runAuthCase(c: AuthCase, server: McpServer, guard: ProcessGuard): Promise<void> {
  const http = protectedHttp(server);
  const { value, token } = headerOf(c);
  const headers: Record<string, string> = {
    host: "127.0.0.1",
    accept: c.method === "GET" ? "text/event-stream" : "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
  };
  if (c.method === "POST") headers["content-type"] = "application/json";
  if (value !== undefined) headers.authorization = value;
  const query = c.queryToken
    ? `?access_token=${tokenOf({ alg: "RS256", kid: "known", key: "issuer", audience: "resource", issuer: "issuer", expiry: "future", notBefore: "absent", scope: "granted" })}`
    : "";
  const response = await withDeadline(
    http.handle(
      new Request(`${AUTH_FUZZ_RESOURCE}${query}`, {
        method: c.method,
        headers,
        ...(c.method === "POST" ? { body: JSON.stringify(PING) } : {}),
      }),
    ),
    10_000,
    "the gate's answer",
  );
  const body = await response.text();
  const challenge = response.headers.get("www-authenticate");
  const problems: string[] = [];
  const what = `${c.method} with ${value === undefined ? "no Authorization" : JSON.stringify(value.slice(0, 200))}${c.queryToken ? " and a query token" : ""}`;
  if (isAcceptable(c)) {
    const want = c.method === "POST" ? 200 : 405;
    if (response.status !== want)
      problems.push(`${what}: status ${response.status} (${body.slice(0, 200)}), expected ${want}`);
  } else {
    if (response.status !== 401) problems.push(`${what}: status ${response.status}, expected 401`);
    if (!challenge?.startsWith("Bearer ") || !challenge.includes(`resource_metadata="${METADATA}"`)) {
      problems.push(`${what}: challenge ${JSON.stringify(challenge)}`);
    }
    const noCredentials = value === undefined && !c.queryToken;
    if (noCredentials === challenge?.includes("error=")) {
      problems.push(`${what}: challenge ${JSON.stringify(challenge)} ${noCredentials ? "has" : "lacks"} an error`);
    }
  }
  if (token && token.length >= 8 && (body.includes(token) || challenge?.includes(token))) {
    problems.push(`${what}: the answer repeats the token`);
  }
  if (problems.length > 0) throw new FuzzFailure(problems.join("\n  "));
  await nextTurn();
  guard.check();
}
