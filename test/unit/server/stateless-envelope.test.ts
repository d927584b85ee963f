/** 2026-07-28: requests carry their own envelope; one server serves both eras. */
import { describe, expect, it, vi } from "vitest";
import { ClientSession } from "../../../src/entry/client.js";
import { InMemoryTransport, McpServer, StreamableHttpServer } from "../../../src/index.js";
import { serveOnLoopback } from "../../helpers/http.js";
import { rawPeer } from "../../helpers/raw-peer.js";

function server() {
  const mcp = new McpServer({ name: "both-eras", version: "1" }, { instructions: "be nice" });
  mcp.registerTool("greet", { description: "greets" }, async (_args, ctx) => {
    await ctx.log("info", `greeting over ${ctx.protocolVersion}`);
    return { content: [{ type: "text", text: `hello over ${ctx.protocolVersion}` }] };
  });
  return mcp;
}

const envelope = (extra: Record<string, unknown> = {}) => ({
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "new-client", version: "1" },
  ...extra,
});

describe("2026-07-28 envelope requests", () => {
  it("are served without a handshake, with resultType on every result", async () => {
    const { call } = await rawPeer(server());
    const tools = await call("tools/list", { _meta: envelope() });
    expect(tools.result).toMatchObject({ resultType: "complete", tools: [{ name: "greet" }] });
    const greeted = await call("tools/call", { name: "greet", _meta: envelope() });
    expect(greeted.result).toEqual({
      resultType: "complete",
      content: [{ type: "text", text: "hello over 2026-07-28" }],
    });
  });

  it("server/discover names both eras' versions", async () => {
    const { call } = await rawPeer(server());
    const discovered = await call("server/discover", { _meta: envelope() });
    expect(discovered.result).toMatchObject({
      resultType: "complete",
      supportedVersions: ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"],
      capabilities: { tools: { listChanged: true } },
      instructions: "be nice",
    });
  });

  it("an unsupported version is -32022 with the supported list; a bad envelope is -32602", async () => {
    const { call } = await rawPeer(server());
    const unsupported = await call("tools/list", {
      _meta: envelope({ "io.modelcontextprotocol/protocolVersion": "2099-01-01" }),
    });
    expect(unsupported.error).toMatchObject({
      code: -32022,
      data: { requested: "2099-01-01", supported: expect.arrayContaining(["2026-07-28"]) },
    });
    const noCapabilities = await call("tools/list", {
      _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" },
    });
    expect(noCapabilities.error).toMatchObject({ code: -32602 });
  });

  it("sends log messages only when the envelope asks for a level", async () => {
    const { call, received } = await rawPeer(server());
    await call("tools/call", { name: "greet", _meta: envelope() });
    expect(received.some((m) => "method" in m && m.method === "notifications/message")).toBe(false);
    await call("tools/call", { name: "greet", _meta: envelope({ "io.modelcontextprotocol/logLevel": "info" }) });
    expect(received.some((m) => "method" in m && m.method === "notifications/message")).toBe(true);
  });

  it("one server answers a 2025-11-25 client and a 2026-07-28 client in the same run", async () => {
    const mcp = server();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const legacy = new ClientSession(clientSide, { clientInfo: { name: "old", version: "1" } });
    await legacy.connect();
    const { call } = await rawPeer(mcp);
    const [old, next] = await Promise.all([
      legacy.callTool({ name: "greet" }),
      call("tools/call", { name: "greet", _meta: envelope() }),
    ]);
    expect(old.content).toEqual([{ type: "text", text: "hello over 2025-11-25" }]);
    expect(old).not.toHaveProperty("resultType");
    expect((next.result as { content: unknown }).content).toEqual([{ type: "text", text: "hello over 2026-07-28" }]);
  });
});

describe("2026-07-28 over Streamable HTTP", () => {
  const headersFor = (body: { method: string; params?: Record<string, unknown> }, version = "2026-07-28") => {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": version,
      "mcp-method": body.method,
    };
    const name = body.params?.name ?? body.params?.uri;
    if (typeof name === "string") headers["mcp-name"] = name;
    return headers;
  };

  for (const stateless of [true, false]) {
    it(`needs no session: each POST carries its envelope (${stateless ? "stateless" : "stateful"} server)`, async () => {
      const http = new StreamableHttpServer(server(), { sessionless: stateless });
      const listening = await serveOnLoopback(http);
      try {
        const post = (body: { method: string; params?: Record<string, unknown> }, headers = headersFor(body)) =>
          fetch(listening.url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", ...body }) });
        const first = await post({ id: 1, method: "tools/list", params: { _meta: envelope() } } as never);
        expect(first.status).toBe(200);
        expect(first.headers.get("mcp-session-id")).toBeNull();
        expect(await first.json()).toMatchObject({
          id: 1,
          result: { resultType: "complete", tools: [{ name: "greet" }] },
        });
        const second = await post({
          id: 2,
          method: "tools/call",
          params: { name: "greet", _meta: envelope() },
        } as never);
        expect(await second.json()).toMatchObject({ id: 2, result: { content: [{ text: "hello over 2026-07-28" }] } });
        expect(http.sessionCount).toBe(0);

        // The header and the envelope must agree: -32020 with HTTP 400 otherwise.
        const body = { id: 3, method: "tools/list", params: { _meta: envelope() } };
        const mismatch = await post(body as never, headersFor(body, "2025-11-25"));
        expect(mismatch.status).toBe(400);
        expect(await mismatch.json()).toMatchObject({ id: 3, error: { code: -32020 } });
        // So must Mcp-Method and Mcp-Name, and they are required.
        const call = { id: 4, method: "tools/call", params: { name: "greet", _meta: envelope() } };
        const noName = headersFor(call);
        delete noName["mcp-name"];
        const missing = await post(call as never, noName);
        expect(missing.status).toBe(400);
        expect(await missing.json()).toMatchObject({ id: 4, error: { code: -32020, message: /Mcp-Name/ } });
        const wrongMethod = await post(call as never, { ...headersFor(call), "mcp-method": "tools/list" });
        expect(await wrongMethod.json()).toMatchObject({ id: 4, error: { code: -32020, message: /Mcp-Method/ } });
        const encoded = await post(call as never, {
          ...headersFor(call),
          "mcp-name": `=?base64?${Buffer.from("greet").toString("base64")}?=`,
        });
        expect(await encoded.json()).toMatchObject({ id: 4, result: { content: [{ text: "hello over 2026-07-28" }] } });

        // No envelope: -32602 with 400; a method this era lacks: -32601 with 404; an unknown version: -32022.
        const bare = { id: 5, method: "tools/list", params: {} };
        const noMeta = await post(bare as never);
        expect(noMeta.status).toBe(400);
        expect(await noMeta.json()).toMatchObject({ id: 5, error: { code: -32602 } });
        const ping = { id: 6, method: "ping", params: { _meta: envelope() } };
        const removed = await post(ping as never);
        expect(removed.status).toBe(404);
        expect(await removed.json()).toMatchObject({ id: 6, error: { code: -32601 } });
        const future = {
          id: 7,
          method: "tools/list",
          params: { _meta: { ...envelope(), "io.modelcontextprotocol/protocolVersion": "2099-01-01" } },
        };
        const unsupported = await post(future as never, headersFor(future, "2099-01-01"));
        expect(unsupported.status).toBe(400);
        expect(await unsupported.json()).toMatchObject({
          id: 7,
          error: { code: -32022, data: { requested: "2099-01-01" } },
        });
      } finally {
        await listening.close();
      }
    });
  }
});

describe("2026-07-28 over Streamable HTTP: many clients at once", () => {
  it("answers concurrent requests that share a JSON-RPC id each with its own result", async () => {
    const mcp = new McpServer({ name: "echo", version: "1" });
    mcp.registerTool("echo", {}, async (args) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
      return { content: [{ type: "text", text: String((args as { text?: unknown }).text) }] };
    });
    const http = new StreamableHttpServer(mcp);
    const listening = await serveOnLoopback(http);
    try {
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, n) =>
          fetch(listening.url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              accept: "application/json, text/event-stream",
              "mcp-protocol-version": "2026-07-28",
              "mcp-method": "tools/call",
              "mcp-name": "echo",
            },
            body: JSON.stringify({
              jsonrpc: "2.0",
              id: 1,
              method: "tools/call",
              params: { name: "echo", arguments: { text: `client ${n}` }, _meta: envelope() },
            }),
          }).then((response) => response.json()),
        ),
      );
      replies.forEach((reply, n) => {
        expect(reply).toMatchObject({ id: 1, result: { content: [{ type: "text", text: `client ${n}` }] } });
      });
    } finally {
      await listening.close();
    }
  });
});

describe("2026-07-28 subscriptions/listen", () => {
  it("acknowledges first, delivers only what was asked for, tagged, until cancelled or ended", async () => {
    const mcp = server();
    mcp.registerPrompt("p", {}, () => ({ messages: [] }));
    mcp.registerResource("r", "test://r", {}, (uri) => ({ contents: [{ uri: uri.href, text: "r" }] }));
    const { received, send } = await rawPeer(mcp);
    const subscriptionId = 7;
    await send({
      jsonrpc: "2.0",
      id: subscriptionId,
      method: "subscriptions/listen",
      params: { _meta: envelope(), notifications: { toolsListChanged: true, resourceSubscriptions: ["test://r"] } },
    });
    await vi.waitFor(() => expect(mcp.subscriptionCount).toBe(1));
    const tag = { "io.modelcontextprotocol/subscriptionId": subscriptionId };
    expect(received[0]).toEqual({
      jsonrpc: "2.0",
      method: "notifications/subscriptions/acknowledged",
      params: { _meta: tag, notifications: { toolsListChanged: true, resourceSubscriptions: ["test://r"] } },
    });
    mcp.registerPrompt("q", {}, () => ({ messages: [] })); // not asked for
    mcp.registerTool("later", {}, () => ({ content: [] }));
    await mcp.sendResourceUpdated("test://r");
    await mcp.sendResourceUpdated("test://other"); // not asked for
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received.slice(1)).toEqual(
      expect.arrayContaining([
        { jsonrpc: "2.0", method: "notifications/tools/list_changed", params: { _meta: tag } },
        { jsonrpc: "2.0", method: "notifications/resources/updated", params: { _meta: tag, uri: "test://r" } },
      ]),
    );
    // Graceful end: the listen request is answered.
    mcp.endSubscriptions();
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received[3]).toEqual({
      jsonrpc: "2.0",
      id: subscriptionId,
      result: { resultType: "complete", _meta: tag },
    });
    // Cancelled (stdio): the listener goes away, and nothing answers the request.
    await send({
      jsonrpc: "2.0",
      id: 8,
      method: "subscriptions/listen",
      params: { _meta: envelope(), notifications: { promptsListChanged: true } },
    });
    await vi.waitFor(() => expect(mcp.subscriptionCount).toBe(1));
    await send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 8, _meta: envelope() } });
    await vi.waitFor(() => expect(mcp.subscriptionCount).toBe(0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.filter((m) => "id" in m && m.id === 8)).toEqual([]);
  });
});

describe("2026-07-28 caching hints", () => {
  it("cacheable results carry ttlMs and cacheScope (default 0 / private, configurable); older versions never see them", async () => {
    const mcp = new McpServer(
      { name: "cache", version: "1" },
      { cacheHints: { "tools/list": { ttlMs: 60_000, cacheScope: "public" } } },
    );
    mcp.registerTool("t", {}, () => ({ content: [] }));
    mcp.registerResource("r", "test://r", {}, (uri) => ({ contents: [{ uri: uri.href, text: "r" }] }));
    mcp.registerResource("pub", "test://pub", { cache: { ttlMs: 5_000, cacheScope: "public" } }, (uri) => ({
      contents: [{ uri: uri.href, text: "p" }],
    }));
    const { call } = await rawPeer(mcp);
    // Per resource: its hint on its reads, and nothing of it in the listing.
    expect((await call("resources/read", { uri: "test://pub", _meta: envelope() })).result).toMatchObject({
      ttlMs: 5_000,
      cacheScope: "public",
    });
    const listing = (await call("resources/list", { _meta: envelope() })).result as { resources: object[] };
    expect(listing.resources.every((resource) => !("cache" in resource))).toBe(true);
    expect((await call("tools/list", { _meta: envelope() })).result).toMatchObject({
      ttlMs: 60_000,
      cacheScope: "public",
    });
    expect((await call("resources/read", { uri: "test://r", _meta: envelope() })).result).toMatchObject({
      ttlMs: 0,
      cacheScope: "private",
    });
    const called = (await call("tools/call", { name: "t", _meta: envelope() })).result as Record<string, unknown>;
    expect(called).not.toHaveProperty("ttlMs");

    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const old = new ClientSession(clientSide, { clientInfo: { name: "old", version: "1" } });
    await old.connect();
    const listed = (await old.request("tools/list", {})) as unknown as Record<string, unknown>;
    expect(listed).not.toHaveProperty("ttlMs");
    expect(listed).not.toHaveProperty("cacheScope");
  });
});

describe("2026-07-28 x-mcp-header", () => {
  it("refuses an invalid annotation when the tool is registered", () => {
    const mcp = new McpServer({ name: "h", version: "1" });
    const bad = [
      { type: "object", properties: { a: { type: "number", "x-mcp-header": "A" } } },
      { type: "object", properties: { a: { type: "string", "x-mcp-header": "Bad Name" } } },
      {
        type: "object",
        properties: { a: { type: "string", "x-mcp-header": "X" }, b: { type: "string", "x-mcp-header": "x" } },
      },
      { type: "object", properties: { a: { type: "array", items: { type: "string", "x-mcp-header": "A" } } } },
    ];
    for (const [index, inputSchema] of bad.entries()) {
      expect(() =>
        mcp.registerTool(`bad${index}`, { inputSchema: inputSchema as never }, () => ({ content: [] })),
      ).toThrow(/x-mcp-header/);
    }
  });

  it("checks Mcp-Param-* headers against the arguments over Streamable HTTP (-32020 with 400)", async () => {
    const mcp = new McpServer({ name: "h", version: "1" });
    mcp.registerTool(
      "route",
      {
        inputSchema: {
          type: "object",
          properties: {
            region: { type: "string", "x-mcp-header": "Region" },
            priority: { type: "integer", "x-mcp-header": "Priority" },
            opts: { type: "object", properties: { fast: { type: "boolean", "x-mcp-header": "Fast" } } },
          },
        },
      },
      (args) => ({ content: [{ type: "text", text: JSON.stringify(args) }] }),
    );
    const http = new StreamableHttpServer(mcp);
    const listening = await serveOnLoopback(http);
    try {
      const call = (args: Record<string, unknown>, headers: Record<string, string>) =>
        fetch(listening.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "mcp-protocol-version": "2026-07-28",
            "mcp-method": "tools/call",
            "mcp-name": "route",
            ...headers,
          },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "tools/call",
            params: { name: "route", arguments: args, _meta: envelope() },
          }),
        }).then(async (response) => ({ status: response.status, body: await response.json() }));
      const ok = await call(
        { region: "Hello, 世界", priority: 42, opts: { fast: true } },
        {
          "mcp-param-region": `=?base64?${Buffer.from("Hello, 世界").toString("base64")}?=`,
          "mcp-param-priority": "42.0",
          "mcp-param-fast": "true",
        },
      );
      expect(ok).toMatchObject({ status: 200, body: { result: { resultType: "complete" } } });
      // An absent value needs no header.
      expect((await call({ region: "eu" }, { "mcp-param-region": "eu" })).status).toBe(200);
      const cases: Array<[Record<string, unknown>, Record<string, string>, RegExp]> = [
        [{ region: "eu" }, {}, /Mcp-Param-Region header is required/],
        [{ region: "eu" }, { "mcp-param-region": "us" }, /does not match/],
        [{ priority: 42 }, { "mcp-param-priority": "43" }, /does not match/],
        [{ opts: { fast: false } }, { "mcp-param-fast": "true" }, /does not match/],
        [{ region: "eu" }, { "mcp-param-region": "=?base64?ZXU?=" }, /malformed/],
        [{ region: "eu" }, { "mcp-param-region": "=?base64?!!!!?=" }, /malformed/],
      ];
      for (const [args, headers, message] of cases) {
        const refused = await call(args, headers);
        expect(refused, JSON.stringify(headers)).toMatchObject({
          status: 400,
          body: { id: 1, error: { code: -32020, message } },
        });
      }
    } finally {
      await listening.close();
    }
  });
});
