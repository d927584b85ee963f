/**
 * Found by the kernel fuzzer: resources/read of a URI with a malformed percent-escape (`%ZZ`)
 * that a registered template would otherwise match made decodeURIComponent throw, and the client
 * got -32603 "Internal error: URI malformed". Such a URI names no resource: -32002.
 */
import { describe, expect, it } from "vitest";
import { ClientSession } from "../../src/entry/client.js";
import { UriTemplate } from "../../src/high-level/uri-template.js";
import { InMemoryTransport, McpError, McpServer } from "../../src/index.js";

describe("a malformed percent-escape in a resource URI", () => {
  it("matches no template", () => {
    const template = new UriTemplate("fuzz://items/{id}");
    expect(template.match("fuzz://items/%ZZ")).toBeUndefined();
    expect(template.match("fuzz://items/%E2%82")).toBeUndefined();
    expect(new UriTemplate("fuzz://items{?q}").match("fuzz://items?q=%")).toBeUndefined();
    expect(template.match("fuzz://items/a%20b")).toEqual({ id: "a b" });
  });

  it("is resource-not-found (-32002) for resources/read, not an internal error", async () => {
    const server = new McpServer({ name: "r", version: "1" });
    server.registerResourceTemplate("items", "fuzz://items/{id}", {}, (uri, { id }) => ({
      contents: [{ uri: uri.href, text: String(id) }],
    }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new ClientSession(clientSide, { clientInfo: { name: "c", version: "1" } });
    await client.connect();
    const error = await client.readResource({ uri: "fuzz://items/%ZZ" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32002);
    expect(await client.readResource({ uri: "fuzz://items/7" })).toMatchObject({ contents: [{ text: "7" }] });
  });
});
