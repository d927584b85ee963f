/**
 * The protected-resource metadata's well-known URLs and the loopback host check: one definition each,
 * shared by the resource server (which serves the document and guards Host) and the OAuth client
 * (which looks for the document and follows plain http only to loopback hosts).
 */
import { describe, expect, it } from "vitest";
import * as auth from "../../../src/entry/auth.js";
import { isLoopbackHost, LOOPBACK_HOSTS } from "../../../src/protocol/loopback.js";
import {
  protectedResourceMetadataUrl,
  protectedResourceMetadataUrls,
} from "../../../src/protocol/protected-resource.js";
import { LOOPBACK_HOSTS as HOST_GUARD_DEFAULTS } from "../../../src/transport/streamable-http/host-guard.js";

describe("protected-resource metadata URLs", () => {
  it.each([
    ["https://mcp.example.com/mcp", "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"],
    ["https://mcp.example.com/mcp/", "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"],
    ["https://mcp.example.com/", "https://mcp.example.com/.well-known/oauth-protected-resource"],
  ])("the server serves the document of %s at %s, the first place the client looks", (resource, url) => {
    expect(protectedResourceMetadataUrl(resource).href).toBe(url);
    expect(protectedResourceMetadataUrls(new URL(resource))[0]?.href).toBe(url);
  });

  it("the client then looks at the root, once", () => {
    expect(protectedResourceMetadataUrls(new URL("https://h/a/b")).map(String)).toEqual([
      "https://h/.well-known/oauth-protected-resource/a/b",
      "https://h/.well-known/oauth-protected-resource",
    ]);
    expect(protectedResourceMetadataUrls(new URL("https://h")).map(String)).toEqual([
      "https://h/.well-known/oauth-protected-resource",
    ]);
  });

  it("typed-mcp/auth exports the one definition", () => {
    expect(auth.protectedResourceMetadataUrl).toBe(protectedResourceMetadataUrl);
    expect(auth.protectedResourceMetadataUrls).toBe(protectedResourceMetadataUrls);
  });

  it("a bearerAuth gate serves its document where the client looks first", () => {
    const gate = auth.bearerAuth({
      resource: "https://mcp.example.com/mcp/",
      verifyToken: async () => ({}) as never,
      authorizationServers: ["https://as.example"],
    });
    expect(gate.metadataUrl.href).toBe(protectedResourceMetadataUrls(new URL("https://mcp.example.com/mcp/"))[0]?.href);
  });
});

describe("loopback hosts", () => {
  it.each(["localhost", "LOCALHOST", "127.0.0.1", "[::1]", "::1"])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(["127.0.0.2", "localhost.example", "example.com", "0.0.0.0", "[::2]"])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it("the HTTP server's default allowed hosts are the same list", () => {
    expect(HOST_GUARD_DEFAULTS).toBe(LOOPBACK_HOSTS);
  });

  it("the OAuth client follows plain http to loopback hosts only", () => {
    const policy = auth.httpPolicy(fetch, false);
    expect(policy.allowsHttp(new URL("http://127.0.0.1:3000/x"))).toBe(true);
    expect(policy.allowsHttp(new URL("http://[::1]:3000/x"))).toBe(true);
    expect(policy.allowsHttp(new URL("http://localhost/x"))).toBe(true);
    expect(policy.allowsHttp(new URL("http://example.com/x"))).toBe(false);
    expect(() => policy.check(new URL("http://example.com/x"), "test")).toThrow(auth.OAuthClientError);
  });
});
