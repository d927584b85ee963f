/**
 * Found by the HTTP fuzzer: a stateless server took any MCP-Protocol-Version header (`junk`
 * included), replayed a handshake with it and served the request. The spec: an invalid or
 * unsupported MCP-Protocol-Version is 400 Bad Request. A version without a handshake and no session
 * is a request of the handshake-less era, so the answer is that era's UnsupportedProtocolVersionError
 * (-32022), listing the supported versions.
 */
import { expect, it } from "vitest";
import { McpServer, StreamableHttpServer } from "../../src/index.js";

it("a stateless server refuses an unsupported MCP-Protocol-Version with 400 and serves supported ones", async () => {
  const http = new StreamableHttpServer(new McpServer({ name: "h", version: "1" }), {
    sessionless: true,
    jsonResponse: true,
  });
  try {
    const post = (version: string) =>
      http.handle(
        new Request("http://127.0.0.1/mcp", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "mcp-protocol-version": version,
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }),
        }),
      );
    for (const version of ["junk", "2099-01-01", "2024-10-07"]) {
      const refused = await post(version);
      expect(refused.status, version).toBe(400);
      expect(await refused.json()).toMatchObject({
        id: 2,
        error: { code: -32022, data: { requested: version, supported: expect.arrayContaining(["2025-11-25"]) } },
      });
    }
    for (const version of ["2025-03-26", "2025-06-18", "2025-11-25"]) {
      const served = await post(version);
      expect(served.status, version).toBe(200);
      expect(await served.json()).toMatchObject({ id: 2, result: {} });
    }
  } finally {
    await http.close();
  }
});
