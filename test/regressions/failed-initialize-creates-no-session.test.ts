/**
 * A failed initialize over Streamable HTTP opened a session anyway (it lived until idle expiry and
 * counted against maxSessions). Now only a successful one does, and a failed one's answer carries
 * no Mcp-Session-Id.
 */
import { describe, expect, it } from "vitest";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { mcpPost } from "../helpers/http.js";

function initializePost(params: unknown, json: boolean): Request {
  const accept = json ? "application/json" : "application/json, text/event-stream";
  return mcpPost({ jsonrpc: "2.0", id: 1, method: "initialize", params }, { accept });
}

const GOOD = { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } };
const FAILING: Array<[string, unknown]> = [
  ["no clientInfo", { protocolVersion: "2025-11-25", capabilities: {} }],
  ["capabilities not an object", { ...GOOD, capabilities: 5 }],
  ["no params at all", undefined],
];

describe("a failed initialize over HTTP creates no session", () => {
  for (const json of [false, true]) {
    const mode = json ? "JSON responses" : "SSE responses";
    it.each(FAILING)(`%s (${mode})`, async (_name, params) => {
      const http = new StreamableHttpServer(new McpServer({ name: "s", version: "1" }), {
        jsonResponse: json,
        maxSessions: 1,
      });
      try {
        const failed = await http.handle(initializePost(params, json));
        const text = await failed.text();
        expect(text).toContain('"code":-32602');
        expect(failed.headers.get("mcp-session-id")).toBeNull();
        expect(http.sessionCount).toBe(0);
        // The one session allowed is still free: a good initialize gets it.
        const good = await http.handle(initializePost(GOOD, json));
        expect(await good.text()).toContain('"protocolVersion":"2025-11-25"');
        expect(good.headers.get("mcp-session-id")).toMatch(/^[\x21-\x7e]{32}$/);
        expect(http.sessionCount).toBe(1);
      } finally {
        await http.close();
      }
    });
  }
});
