/** The small pieces of the gate, as tables: the header it reads, the challenge it writes, the URLs it derives. */
import { describe, expect, it } from "vitest";
import {
  bearerChallenge,
  bearerTokenOf,
  canonicalResource,
  issuerMetadataUrls,
  missingScopes,
  protectedResourceMetadataUrl,
} from "../../../../src/entry/auth.js";

describe("bearerTokenOf", () => {
  it.each([
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer abc", "abc"],
    ["BEARER  abc==", "abc=="],
    ["Bearer a-b_c~d+e/f", "a-b_c~d+e/f"],
    ["Bearer", undefined],
    ["Bearer ", undefined],
    ["Bearer a b", undefined],
    ["Bearer a,b", undefined],
    ["Bearer abc, Bearer def", undefined],
    ["Basic YWxpY2U6c2VjcmV0", undefined],
    ["Bearerabc", undefined],
    ["Bearer =abc", undefined],
    ["Bearer ab\u00e9", undefined],
    ["", undefined],
  ])("%j -> %j", (header, token) => {
    expect(bearerTokenOf(header)).toBe(token);
  });
});

describe("bearerChallenge", () => {
  const metadata = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";
  it.each([
    [{}, `Bearer resource_metadata="${metadata}"`],
    [{ scopes: ["a", "b"] }, `Bearer scope="a b", resource_metadata="${metadata}"`],
    [
      { error: "invalid_token" as const, description: "the token has expired" },
      `Bearer error="invalid_token", resource_metadata="${metadata}", error_description="the token has expired"`,
    ],
    [
      { error: "insufficient_scope" as const, scopes: ["files:write"], description: 'needs "files:write"\n' },
      `Bearer error="insufficient_scope", scope="files:write", resource_metadata="${metadata}", error_description="needs files:write"`,
    ],
  ])("%j", (params, challenge) => {
    expect(bearerChallenge(metadata, params)).toBe(challenge);
  });
});

describe("resource URLs", () => {
  it.each([
    ["https://mcp.example.com/mcp", "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"],
    ["https://mcp.example.com", "https://mcp.example.com/.well-known/oauth-protected-resource"],
    ["https://mcp.example.com/", "https://mcp.example.com/.well-known/oauth-protected-resource"],
    ["http://127.0.0.1:8080/a/b", "http://127.0.0.1:8080/.well-known/oauth-protected-resource/a/b"],
  ])("metadata of %s is at %s", (resource, url) => {
    expect(protectedResourceMetadataUrl(resource).href).toBe(url);
  });

  it.each([
    ["HTTPS://MCP.Example.com/mcp", "https://mcp.example.com/mcp"],
    ["https://mcp.example.com/", "https://mcp.example.com"],
    ["https://mcp.example.com:443/mcp", "https://mcp.example.com/mcp"],
  ])("canonical form of %s is %s", (given, canonical) => {
    expect(canonicalResource(given)).toBe(canonical);
  });

  it.each([["ftp://x/mcp"], ["https://x/mcp#frag"], ["not a url"]])("%s is no resource", (given) => {
    expect(() => canonicalResource(given)).toThrow(TypeError);
  });

  it.each([
    [
      "https://as.example.com",
      [
        "https://as.example.com/.well-known/oauth-authorization-server",
        "https://as.example.com/.well-known/openid-configuration",
      ],
    ],
    [
      "https://as.example.com/tenant1",
      [
        "https://as.example.com/.well-known/oauth-authorization-server/tenant1",
        "https://as.example.com/.well-known/openid-configuration/tenant1",
        "https://as.example.com/tenant1/.well-known/openid-configuration",
      ],
    ],
  ])("issuer %s: metadata tried at %j", (issuer, urls) => {
    expect(issuerMetadataUrls(issuer).map((url) => url.href)).toEqual(urls);
  });
});

describe("missingScopes", () => {
  it.each([
    [["a", "b"], ["a"], []],
    [["a"], ["a", "b", "c"], ["b", "c"]],
    [[], ["a"], ["a"]],
    [["a"], [], []],
  ])("granted %j, required %j: missing %j", (granted, required, missing) => {
    expect(missingScopes(granted, required)).toEqual(missing);
  });
});
