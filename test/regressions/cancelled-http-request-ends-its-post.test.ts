/**
 * Found while writing the HTTP fuzzer's invariants (no hang): a request the client cancelled
 * (notifications/cancelled in another POST) got no response, as the spec says, but its own POST
 * was never ended: the SSE stream stayed open for good and, in JSON-response mode, the HTTP
 * response never came. Now the POST ends at once: the SSE stream closes with no answer on it,
 * and JSON mode answers 202 with no body.
 */
import { expect, it } from "vitest";
import { McpServer, StreamableHttpServer } from "../../src/index.js";

for (const jsonResponse of [false, true]) {
  it(`a cancelled request's POST ends without an answer (${jsonResponse ? "JSON" : "SSE"} responses)`, async () => {
    const server = new McpServer({ name: "c", version: "1" });
    let aborted = false;
    server.registerTool(
      "slow",
      {},
      (_args, ctx) =>
        new Promise((_resolve, reject) =>
          ctx.signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          }),
        ),
    );
    const http = new StreamableHttpServer(server, { jsonResponse });
    try {
      const post = (body: unknown, session?: string) =>
        http.handle(
          new Request("http://127.0.0.1/mcp", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              accept: "application/json, text/event-stream",
              ...(session ? { "mcp-session-id": session } : {}),
            },
            body: JSON.stringify(body),
          }),
        );
      const init = await post({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } },
      });
      const session = init.headers.get("mcp-session-id") as string;
      await init.text();
      const slow = post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "slow" } }, session);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const cancel = await post(
        { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 2, reason: "changed my mind" } },
        session,
      );
      expect(cancel.status).toBe(202);
      const ended = await Promise.race([
        slow.then(async (response) => ({ status: response.status, body: await response.text() })),
        new Promise((resolve) => setTimeout(() => resolve("still open after 2 s"), 2000)),
      ]);
      expect(ended).toEqual({ status: jsonResponse ? 202 : 200, body: "" });
      expect(aborted).toBe(true);
      // The session goes on: the same id can be used again and is answered.
      const again = await post({ jsonrpc: "2.0", id: 2, method: "ping" }, session);
      expect(again.status).toBe(200);
      expect(await again.text()).toContain('"result":{}');
    } finally {
      await http.close();
    }
  });
}
