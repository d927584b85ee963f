/**
 * Authorization-header fuzz cases: usually a Bearer token that is nearly right (a JWT whose header,
 * claims and signature each may be wrong in one of the ways attackers and broken clients try), now
 * and then any text, another scheme, a token in the query string, or no header at all.
 */
import fc from "fast-check";

/** What a signed token's claims and header are, relative to what the protected server accepts. */
export interface TokenShape {
  alg: "RS256" | "ES256" | "HS256" | "none" | "junk";
  kid: "known" | "unknown" | "absent";
  /** Which key signs it: the issuer's, another one, or no real signature. */
  key: "issuer" | "other" | "garbage" | "empty";
  audience: "resource" | "other" | "absent" | "list-with-resource" | "list-without";
  issuer: "issuer" | "other" | "absent";
  expiry: "future" | "past" | "absent" | "junk";
  notBefore: "absent" | "past" | "future";
  scope: "granted" | "absent" | "junk";
}

export type AuthHeader =
  | { kind: "none" }
  | { kind: "text"; value: string }
  | { kind: "scheme"; scheme: string; value: string }
  | { kind: "bearer-junk"; token: string }
  | { kind: "jwt"; shape: TokenShape; prefix: string; suffix: string };

export interface AuthCase {
  header: AuthHeader;
  /** Also a token in the query string (refused whatever the header says). */
  queryToken: boolean;
  method: "POST" | "GET" | "DELETE";
}

const headerText = fc.string({
  unit: fc.constantFrom(..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZabcxyz[\\]^_`{|}~="),
  maxLength: 80,
});
const token68 = fc.string({ unit: fc.constantFrom(..."ABCabc0129-._~+/="), minLength: 1, maxLength: 120 });

/** Usually `good`, now and then one of `bad`: most tokens are wrong in one or two ways only. */
const mostly = <T>(good: T, ...bad: T[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });

export const tokenShape: fc.Arbitrary<TokenShape> = fc.record({
  alg: mostly<TokenShape["alg"]>("RS256", "ES256", "HS256", "none", "junk"),
  kid: mostly<TokenShape["kid"]>("known", "unknown", "absent"),
  key: mostly<TokenShape["key"]>("issuer", "other", "garbage", "empty"),
  audience: mostly<TokenShape["audience"]>("resource", "other", "absent", "list-with-resource", "list-without"),
  issuer: mostly<TokenShape["issuer"]>("issuer", "other", "absent"),
  expiry: mostly<TokenShape["expiry"]>("future", "past", "absent", "junk"),
  notBefore: mostly<TokenShape["notBefore"]>("absent", "past", "future"),
  scope: fc.constantFrom("granted", "absent", "junk"),
});

export const authCase: fc.Arbitrary<AuthCase> = fc.record({
  header: fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("text" as const), value: headerText }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("scheme" as const),
        scheme: fc.constantFrom("Basic", "Bearer", "bearer", "BEARER", "DPoP", "Token", "Bearer:", ""),
        value: fc.oneof(token68, headerText),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("bearer-junk" as const), token: token68 }) },
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant("jwt" as const),
        shape: tokenShape,
        prefix: mostly("Bearer ", "bearer ", "Bearer  ", "BEARER ", "Bearer", "Basic ", "Bearer\t"),
        suffix: mostly("", " ", " x", ",", ".", "\t"),
      }),
    },
  ),
  queryToken: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  method: fc.constantFrom("POST", "POST", "POST", "GET", "DELETE"),
});
