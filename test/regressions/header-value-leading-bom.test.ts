/**
 * decodeHeaderValue decoded the Base64 sentinel form with a TextDecoder that drops a leading BOM,
 * so a value starting with U+FEFF came back without it: a tools/call whose name (or mirrored
 * argument) starts with U+FEFF got a false -32020 header mismatch. It now round-trips exactly.
 */
import { describe, expect, it } from "vitest";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { decodeHeaderValue, encodeHeaderValue } from "../../src/protocol/mcp-headers.js";
import { mcpPost } from "../helpers/http.js";

describe("a header value that starts with U+FEFF", () => {
  it.each(["\uFEFF", "\uFEFFtool", "\uFEFF\uFEFFtwo", "a\uFEFF", "\uFEFF日本"])("round-trips %j", (value) => {
    const encoded = encodeHeaderValue(value);
    expect(encoded).toMatch(/^=\?base64\?[A-Za-z0-9+/=]+\?=$/);
    expect(decodeHeaderValue(encoded)).toBe(value);
  });

  it("gets no false -32020 for a tool named with a leading U+FEFF (2026-07-28 over HTTP)", async () => {
    const name = "\uFEFFbom-tool";
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool(name, {}, () => ({ content: [{ type: "text", text: "ok" }] }));
    const http = new StreamableHttpServer(server, { jsonResponse: true });
    try {
      const response = await http.handle(
        mcpPost(
          {
            jsonrpc: "2.0",
            id: 1,
            method: "tools/call",
            params: {
              name,
              _meta: {
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {},
                "io.modelcontextprotocol/clientInfo": { name: "t", version: "1" },
              },
            },
          },
          { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": encodeHeaderValue(name) },
        ),
      );
      const body = (await response.json()) as { result?: { content?: unknown }; error?: unknown };
      expect(body.error).toBeUndefined();
      expect(response.status).toBe(200);
      expect(body.result?.content).toEqual([{ type: "text", text: "ok" }]);
    } finally {
      await http.close();
    }
  });
});
