/**
 * The pure parts of the OAuth client: WWW-Authenticate parsing, the discovery URL orders, the
 * resource check, scope selection and the token-endpoint authentication choice.
 */
import { describe, expect, it } from "vitest";
import {
  authorizationServerMetadataUrls,
  chooseAuthMethod,
  parseWwwAuthenticate,
  protectedResourceMetadataUrls,
  resourceChallengeOf,
  resourceCovers,
  selectScope,
} from "../../../../src/entry/auth.js";

describe("parseWwwAuthenticate", () => {
  it.each([
    ["empty", "", []],
    ["a bare scheme", "Bearer", [{ scheme: "bearer", params: {} }]],
    [
      "quoted and token values, names lower-cased",
      'Bearer realm="mcp", Error=invalid_token, scope="a b"',
      [{ scheme: "bearer", params: { realm: "mcp", error: "invalid_token", scope: "a b" } }],
    ],
    [
      "escapes and commas inside quotes",
      'Bearer error_description="bad \\"token\\", try again"',
      [{ scheme: "bearer", params: { error_description: 'bad "token", try again' } }],
    ],
    [
      "two challenges",
      'DPoP algs="ES256", error="use_dpop_nonce", Bearer resource_metadata="https://x/.well-known/oauth-protected-resource"',
      [
        { scheme: "dpop", params: { algs: "ES256", error: "use_dpop_nonce" } },
        { scheme: "bearer", params: { resource_metadata: "https://x/.well-known/oauth-protected-resource" } },
      ],
    ],
    ["a token68", "Basic dXNlcjpwYXNz==", [{ scheme: "basic", params: { token68: "dXNlcjpwYXNz==" } }]],
    ["parameters without a scheme are dropped", 'error="x"', []],
  ])("%s", (_name, header, want) => {
    expect(parseWwwAuthenticate(header)).toEqual(want);
  });

  it("survives an unterminated quote", () => {
    expect(parseWwwAuthenticate('Bearer scope="a b')).toEqual([{ scheme: "bearer", params: { scope: "a b" } }]);
  });
});

describe("resourceChallengeOf", () => {
  it("reads the Bearer challenge's resource_metadata, scope and error", () => {
    expect(
      resourceChallengeOf(
        'Basic realm="x", Bearer error="insufficient_scope", scope="files:write", resource_metadata="https://mcp.example/.well-known/oauth-protected-resource/mcp"',
      ),
    ).toEqual({
      scheme: "bearer",
      error: "insufficient_scope",
      scope: "files:write",
      resourceMetadata: "https://mcp.example/.well-known/oauth-protected-resource/mcp",
      errorDescription: undefined,
    });
  });
  it("is empty for a missing header", () => {
    expect(resourceChallengeOf(null)).toEqual({});
  });
});

describe("discovery URL orders", () => {
  it.each([
    [
      "https://mcp.example/mcp",
      [
        "https://mcp.example/.well-known/oauth-protected-resource/mcp",
        "https://mcp.example/.well-known/oauth-protected-resource",
      ],
    ],
    ["https://mcp.example/", ["https://mcp.example/.well-known/oauth-protected-resource"]],
  ])("protected resource metadata for %s: path-aware, then root", (server, want) => {
    expect(protectedResourceMetadataUrls(new URL(server)).map(String)).toEqual(want);
  });

  it.each([
    [
      "https://auth.example/tenant1",
      [
        "https://auth.example/.well-known/oauth-authorization-server/tenant1",
        "https://auth.example/.well-known/openid-configuration/tenant1",
        "https://auth.example/tenant1/.well-known/openid-configuration",
      ],
    ],
    [
      "https://auth.example",
      [
        "https://auth.example/.well-known/oauth-authorization-server",
        "https://auth.example/.well-known/openid-configuration",
      ],
    ],
  ])("authorization server metadata for %s: RFC 8414, then OpenID Connect", (issuer, want) => {
    expect(authorizationServerMetadataUrls(new URL(issuer)).map(String)).toEqual(want);
  });
});

describe("resourceCovers", () => {
  it.each([
    ["https://mcp.example/mcp", "https://mcp.example/mcp", true],
    ["https://mcp.example/", "https://mcp.example/mcp", true],
    ["https://mcp.example/mcp", "https://mcp.example/mcp/sub", true],
    ["https://mcp.example/other", "https://mcp.example/mcp", false],
    ["https://mcp.example/mc", "https://mcp.example/mcp", false],
    ["https://evil.example/mcp", "https://mcp.example/mcp", false],
    ["http://mcp.example/mcp", "https://mcp.example/mcp", false],
    ["not a url", "https://mcp.example/mcp", false],
  ])("%s for %s: %s", (resource, server, want) => {
    expect(resourceCovers(resource, new URL(server))).toBe(want);
  });
});

describe("selectScope", () => {
  it.each([
    ["the challenge's scope first", { challenged: "a", resourceScopes: ["b"] }, "a"],
    ["else the resource's scopes_supported", { resourceScopes: ["b", "c"] }, "b c"],
    ["else none at all", {}, undefined],
    ["the application's scope before the metadata's", { configured: "x", resourceScopes: ["b"] }, "x"],
    ["a step-up keeps what is held", { challenged: "write", held: "read" }, "read write"],
    [
      "offline_access where the server lists it",
      { challenged: "a", serverScopes: ["a", "offline_access"], offlineAccess: true },
      "a offline_access",
    ],
    ["not where it does not", { challenged: "a", serverScopes: ["a"], offlineAccess: true }, "a"],
    ["not unless wanted", { challenged: "a", serverScopes: ["offline_access"], offlineAccess: false }, "a"],
    [
      "not on its own (no scope chosen: none sent)",
      { serverScopes: ["offline_access"], offlineAccess: true },
      undefined,
    ],
    ["duplicates dropped", { challenged: "a a b" }, "a b"],
  ])("%s", (_name, inputs, want) => {
    expect(selectScope(inputs)).toBe(want);
  });
});

describe("chooseAuthMethod", () => {
  it.each([
    ["no secret: none", undefined, {}, "none"],
    [
      "a secret and nothing listed: client_secret_basic (RFC 8414 default)",
      undefined,
      { client_secret: "s" },
      "client_secret_basic",
    ],
    ["basic when listed", ["client_secret_post", "client_secret_basic"], { client_secret: "s" }, "client_secret_basic"],
    ["post when only post", ["client_secret_post"], { client_secret: "s" }, "client_secret_post"],
    ["none when only none, secret or not", ["none"], { client_secret: "s" }, "none"],
  ])("%s", (_name, supported, registration, want) => {
    expect(chooseAuthMethod({ token_endpoint_auth_methods_supported: supported }, registration, undefined)).toBe(want);
  });
  it("private_key_jwt with a private key", () => {
    expect(chooseAuthMethod({}, {}, { clientId: "c", privateKey: "pem" })).toBe("private_key_jwt");
  });
});
