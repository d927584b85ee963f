/**
 * Found by the HTTP fuzzer: DELETE ignored an unsupported MCP-Protocol-Version header and ended
 * the session. The spec: an invalid or unsupported MCP-Protocol-Version is 400 Bad Request, for
 * every request after initialization.
 */
import { expect, it } from "vitest";
import { McpServer, StreamableHttpServer } from "../../src/index.js";

it("DELETE with an unsupported MCP-Protocol-Version is 400 and leaves the session alone", async () => {
  const http = new StreamableHttpServer(new McpServer({ name: "h", version: "1" }), { jsonResponse: true });
  try {
    const url = "http://127.0.0.1/mcp";
    const init = await http.handle(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } },
        }),
      }),
    );
    const session = init.headers.get("mcp-session-id") as string;
    expect(session).toBeTruthy();
    const del = (version: string) =>
      http.handle(
        new Request(url, { method: "DELETE", headers: { "mcp-session-id": session, "mcp-protocol-version": version } }),
      );
    const refused = await del("1999-01-01");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: -32600 } });
    expect(http.sessionCount).toBe(1);
    expect((await del("2025-11-25")).status).toBe(200);
    expect(http.sessionCount).toBe(0);
  } finally {
    await http.close();
  }
});
