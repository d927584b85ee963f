/** Sessions bound to the principal that created them: anyone else presenting the id gets 404, and nothing of it. */
import { describe, expect, it } from "vitest";
import { InMemoryEventStore, McpServer, StreamableHttpServer } from "../../../../src/index.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

const SECRET = "alice-only-data";

async function start() {
  const server = new McpServer({ name: "principals", version: "1" });
  server.registerTool("secret", {}, async (_args, ctx) => {
    await ctx.log("info", SECRET);
    return { content: [{ type: "text", text: SECRET }] };
  });
  const http = new StreamableHttpServer(server, {
    eventStore: new InMemoryEventStore(),
    // The application's authentication: here, the bearer token names the user.
    principal: (request) => request.headers.get("authorization")?.replace(/^Bearer /, ""),
  });
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  const request = (method: string, user: string | undefined, headers: Record<string, string> = {}, body?: unknown) => {
    const all: Record<string, string> = {
      accept: method === "GET" ? "text/event-stream" : "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...headers,
    };
    if (user) all.authorization = `Bearer ${user}`;
    if (body !== undefined) all["content-type"] = "application/json";
    return fetch(listening.url, {
      method,
      headers: all,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  const init = await request(
    "POST",
    "alice",
    {},
    {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "alice", version: "1" } },
    },
  );
  const sessionId = init.headers.get("mcp-session-id") as string;
  await init.text();
  await (
    await request(
      "POST",
      "alice",
      { "mcp-session-id": sessionId },
      { jsonrpc: "2.0", method: "notifications/initialized" },
    )
  ).text();
  return { http, request, sessionId };
}

const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "secret" } };

describe("principal-bound sessions", () => {
  it("another principal, or none, gets 404 for POST, GET, resumption and DELETE, and never the session's data", async () => {
    const { http, request, sessionId } = await start();
    const session = { "mcp-session-id": sessionId };
    // Alice's own call, on a resumable stream: its event ids are what an intruder would resume from.
    const own = await request("POST", "alice", session, call);
    const text = await own.text();
    expect(text).toContain(SECRET);
    const eventId = /^id: (.+)$/m.exec(text)?.[1] as string;
    expect(eventId).toBeDefined();

    for (const intruder of ["bob", undefined]) {
      const attempts = [
        await request("POST", intruder, session, { ...call, id: 2 }),
        await request("GET", intruder, session),
        await request("GET", intruder, { ...session, "last-event-id": eventId }),
        await request("DELETE", intruder, session),
      ];
      for (const response of attempts) {
        const body = await response.text();
        expect(response.status).toBe(404);
        expect(body).not.toContain(SECRET);
        expect(JSON.parse(body)).toMatchObject({ error: { message: "Session not found" } });
      }
    }
    // The session is untouched: still there, still Alice's.
    expect(http.sessionCount).toBe(1);
    const again = await request("POST", "alice", session, { ...call, id: 3 });
    expect(await again.text()).toContain(SECRET);
    const resumed = await request("GET", "alice", { ...session, "last-event-id": eventId });
    expect(resumed.status).toBe(200);
    await resumed.body?.cancel();
    const ended = await request("DELETE", "alice", session);
    expect(ended.status).toBe(200);
    expect(http.sessionCount).toBe(0);
  });

  it("a session created without a principal is not reachable by one who has one", async () => {
    const { request } = await start();
    const init = await request(
      "POST",
      undefined,
      {},
      {
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "anon", version: "1" } },
      },
    );
    const anonymous = init.headers.get("mcp-session-id") as string;
    await init.text();
    const response = await request("POST", "bob", { "mcp-session-id": anonymous }, call);
    expect(response.status).toBe(404);
    await response.text();
  });
});
