/**
 * JSON-RPC batches over Streamable HTTP, on a real socket: taken only within a session whose
 * negotiated version has them (2025-03-26), or in sessionless mode when the POST's version is
 * 2025-03-26 (its header, or no header at all) and the server speaks it; answered as one JSON array
 * or on one SSE stream (resumable with Last-Event-ID when events are stored), a batch of only
 * notifications and responses gets 202, initialize inside a batch is refused; any other version
 * refuses a batch as before.
 */
import { describe, expect, it } from "vitest";
import {
  InMemoryEventStore,
  McpServer,
  type ProtocolVersion,
  type StreamableHttpOptions,
  StreamableHttpServer,
} from "../../../../src/index.js";
import { SseParser } from "../../../../src/transport/sse.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

interface Answer {
  id?: unknown;
  method?: string;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

async function start(options: StreamableHttpOptions = {}, protocolVersions?: readonly ProtocolVersion[]) {
  const server = new McpServer({ name: "batches", version: "1" }, protocolVersions ? { protocolVersions } : {});
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const notified: string[] = [];
  server.registerTool(
    "echo",
    { inputSchema: { type: "object", properties: { text: { type: "string" } } } } as const,
    async ({ text }, ctx) => {
      await ctx.reportProgress(1, 2);
      return { content: [{ type: "text", text: text ?? "" }] };
    },
  );
  server.registerTool("slow", {}, async () => {
    await released;
    return { content: [{ type: "text", text: "slow" }] };
  });
  server.runner.setNotificationHandler("notifications/roots/list_changed", () => {
    notified.push("roots");
  });
  const http = new StreamableHttpServer(server, options);
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  return { url: listening.url, release, notified };
}

function post(url: URL, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
}

/** Opens a session at `version`; the headers every later POST of it carries. */
async function session(url: URL, version: ProtocolVersion): Promise<Record<string, string>> {
  const response = await post(url, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  expect(response.status).toBe(200);
  await response.text();
  const id = response.headers.get("mcp-session-id");
  expect(id).toBeTruthy();
  const headers = { "mcp-session-id": id as string, "mcp-protocol-version": version };
  const initialized = await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, headers);
  expect(initialized.status).toBe(202);
  return headers;
}

/** Every JSON-RPC message of an answer: the elements of a JSON array body, or each SSE event's data. */
async function messagesOf(response: Response): Promise<Answer[]> {
  const text = await response.text();
  if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    const messages: Answer[] = [];
    const parser = new SseParser((event) => {
      if (event.data !== "") messages.push(JSON.parse(event.data) as Answer);
    });
    parser.push(text);
    return messages;
  }
  const body = JSON.parse(text) as unknown;
  expect(Array.isArray(body)).toBe(true);
  return body as Answer[];
}

const mixedBatch = [
  {
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "echo", arguments: { text: "a" }, _meta: { progressToken: "p" } },
  },
  { jsonrpc: "2.0", method: "notifications/roots/list_changed" },
  { jsonrpc: "2.0", id: 2, method: "ping" },
  { jsonrpc: "2.0", id: 3, method: "no/such/method" },
  { jsonrpc: "1.0", id: 4, method: "ping" },
  {
    jsonrpc: "2.0",
    id: 5,
    method: "initialize",
    params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  },
  5,
];

function expectMixedAnswers(answers: Answer[]) {
  const responses = answers.filter((answer) => answer.method === undefined);
  expect(responses).toHaveLength(6);
  const byId = new Map(responses.map((answer) => [JSON.stringify(answer.id), answer]));
  expect(byId.get("1")).toMatchObject({ result: { content: [{ type: "text", text: "a" }] } });
  expect(byId.get("2")).toMatchObject({ result: {} });
  expect(byId.get("3")).toMatchObject({ error: { code: -32601 } });
  expect(byId.get("4")).toMatchObject({ error: { code: -32600 } });
  // The spec: initialize MUST NOT be part of a batch.
  expect(byId.get("5")?.error).toMatchObject({ code: -32600, message: expect.stringMatching(/initialize.*batch/) });
  expect(byId.get("null")).toMatchObject({ error: { code: -32600 } });
}

describe("JSON-RPC batches over HTTP, 2025-03-26 negotiated", () => {
  it("SSE: every answer and the related progress on the POST's one stream, which ends after the last answer", async () => {
    const { url, notified } = await start();
    const headers = await session(url, "2025-03-26");
    const response = await post(url, mixedBatch, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const messages = await messagesOf(response);
    expectMixedAnswers(messages);
    expect(messages.filter((m) => m.method === "notifications/progress")).toHaveLength(1);
    expect(notified).toEqual(["roots"]);
    // The session goes on as before.
    const ping = await post(url, { jsonrpc: "2.0", id: 9, method: "ping" }, headers);
    expect(await messagesOfSingle(ping)).toEqual([{ jsonrpc: "2.0", id: 9, result: {} }]);
  });

  it("JSON-response mode: the answers as one JSON array", async () => {
    const { url } = await start({ jsonResponse: true });
    const headers = await session(url, "2025-03-26");
    const response = await post(url, mixedBatch, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const answers = await messagesOf(response);
    expectMixedAnswers(answers);
    expect(answers.every((answer) => answer.method === undefined)).toBe(true);
  });

  it("a batch of only notifications and responses gets 202 and an empty body; its notifications are served", async () => {
    const { url, notified } = await start();
    const headers = await session(url, "2025-03-26");
    const response = await post(
      url,
      [
        { jsonrpc: "2.0", method: "notifications/roots/list_changed" },
        { jsonrpc: "2.0", id: "from-client", result: {} },
      ],
      headers,
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    await expect.poll(() => notified).toEqual(["roots"]);
  });

  it("the answer waits for the slowest request; a request cancelled meanwhile is left out", async () => {
    const { url, release } = await start({ jsonResponse: true });
    const headers = await session(url, "2025-03-26");
    const pending = post(
      url,
      [
        { jsonrpc: "2.0", id: "slow", method: "tools/call", params: { name: "slow" } },
        { jsonrpc: "2.0", id: "fast", method: "ping" },
        { jsonrpc: "2.0", id: "gone", method: "tools/call", params: { name: "slow" } },
      ],
      headers,
    );
    // A request id of the batch still in flight cannot be used again.
    await expect
      .poll(
        async () =>
          (await messagesOfSingle(await post(url, { jsonrpc: "2.0", id: "slow", method: "ping" }, headers)))[0],
      )
      .toMatchObject({ id: "slow", error: { code: -32600 } });
    const cancel = await post(
      url,
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "gone" } },
      headers,
    );
    expect(cancel.status).toBe(202);
    release();
    const answers = await messagesOf(await pending);
    expect(answers.map((answer) => answer.id).sort()).toEqual(["fast", "slow"]);
    expect(answers.find((answer) => answer.id === "slow")).toMatchObject({
      result: { content: [{ type: "text", text: "slow" }] },
    });
  });
});

describe("JSON-RPC batches over HTTP, refused where they are not taken", () => {
  it.each(["2025-06-18", "2025-11-25"] as const)("%s negotiated: a batch is refused (400, -32600)", async (version) => {
    const { url } = await start();
    const headers = await session(url, version);
    const response = await post(url, [{ jsonrpc: "2.0", id: 1, method: "ping" }], headers);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it("without a session (initialize inside a batch included) a batch is refused whole", async () => {
    const { url } = await start();
    const response = await post(url, [
      {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      },
    ]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32600 } });
    expect(response.headers.get("mcp-session-id")).toBeNull();
  });

  it("an empty batch is refused even in 2025-03-26 (400, -32600)", async () => {
    const { url } = await start();
    const headers = await session(url, "2025-03-26");
    const response = await post(url, [], headers);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32600 } });
  });
});

describe("JSON-RPC batches over HTTP in sessionless mode: the POST's own version decides", () => {
  // No session negotiated anything: a POST's version is its MCP-Protocol-Version header, and a
  // 2025-03-26 client sends none (the header came with 2025-06-18, which says to assume 2025-03-26
  // without it). The batch is taken when that version is 2025-03-26 and the server speaks it.
  it.each([
    ["no MCP-Protocol-Version header", {}],
    ["MCP-Protocol-Version: 2025-03-26", { "mcp-protocol-version": "2025-03-26" }],
  ])("%s: taken, every answer on one SSE stream", async (_, headers: Record<string, string>) => {
    const { url, notified } = await start({ sessionless: true });
    const response = await post(url, mixedBatch, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("mcp-session-id")).toBeNull();
    const messages = await messagesOf(response);
    expectMixedAnswers(messages);
    expect(messages.filter((m) => m.method === "notifications/progress")).toHaveLength(1);
    expect(notified).toEqual(["roots"]);
  });

  it("JSON-response mode, on a server speaking only 2025-03-26: one JSON array; only notifications: 202", async () => {
    const { url, notified } = await start({ sessionless: true, jsonResponse: true }, ["2025-03-26"]);
    const response = await post(url, mixedBatch);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expectMixedAnswers(await messagesOf(response));
    const onlyNotifications = await post(url, [{ jsonrpc: "2.0", method: "notifications/roots/list_changed" }]);
    expect(onlyNotifications.status).toBe(202);
    expect(await onlyNotifications.text()).toBe("");
    await expect.poll(() => notified).toEqual(["roots", "roots"]);
  });

  it.each(["2025-06-18", "2025-11-25"] as const)("MCP-Protocol-Version: %s: refused (400, -32600)", async (version) => {
    const { url } = await start({ sessionless: true });
    const response = await post(url, [{ jsonrpc: "2.0", id: 1, method: "ping" }], {
      "mcp-protocol-version": version,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it("a server that does not speak 2025-03-26 refuses a batch without the header (400, -32600)", async () => {
    const { url } = await start({ sessionless: true }, ["2025-06-18", "2025-11-25"]);
    const response = await post(url, [{ jsonrpc: "2.0", id: 1, method: "ping" }]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32600 } });
    // A single POST without the header is still served (at the version the server negotiates).
    const single = await post(url, { jsonrpc: "2.0", id: 2, method: "ping" });
    expect(await messagesOfSingle(single)).toEqual([{ jsonrpc: "2.0", id: 2, result: {} }]);
  });
});

describe("a batch's SSE stream with an event store", () => {
  it("is resumed with GET + Last-Event-ID: the requests run on, and the resumed stream carries the rest and ends", async () => {
    const { url, release } = await start({ eventStore: new InMemoryEventStore() });
    const headers = await session(url, "2025-03-26");
    const controller = new AbortController();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify([
        { jsonrpc: "2.0", id: "slow", method: "tools/call", params: { name: "slow" } },
        { jsonrpc: "2.0", id: "fast", method: "ping" },
      ]),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    // Read up to the fast answer's event, then drop the connection.
    const seen: Array<{ id: string | undefined; message: Answer }> = [];
    const parser = new SseParser((event) => {
      if (event.data !== "") seen.push({ id: event.id, message: JSON.parse(event.data) as Answer });
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    while (!seen.some((event) => event.message.id === "fast")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the batch's stream ended before the fast answer");
      parser.push(decoder.decode(value, { stream: true }));
    }
    const lastEventId = seen[seen.length - 1]?.id;
    expect(lastEventId).toBeTruthy();
    controller.abort();
    // The slow request still runs: its id is in flight, so a POST reusing it is refused.
    await expect
      .poll(
        async () =>
          (await messagesOfSingle(await post(url, { jsonrpc: "2.0", id: "slow", method: "ping" }, headers)))[0],
      )
      .toMatchObject({ id: "slow", error: { code: -32600 } });
    const resumed = await fetch(url, {
      method: "GET",
      headers: { accept: "text/event-stream", ...headers, "last-event-id": lastEventId as string },
    });
    expect(resumed.status).toBe(200);
    release();
    // The resumed stream takes the batch's over: the slow answer comes on it, and it ends after it.
    const rest = await messagesOf(resumed);
    expect(rest).toEqual([{ jsonrpc: "2.0", id: "slow", result: { content: [{ type: "text", text: "slow" }] } }]);
  });

  it("an answer given while nobody listened is replayed from the store", async () => {
    const { url, release } = await start({ eventStore: new InMemoryEventStore() });
    const headers = await session(url, "2025-03-26");
    const controller = new AbortController();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify([
        { jsonrpc: "2.0", id: "fast", method: "ping" },
        { jsonrpc: "2.0", id: "slow", method: "tools/call", params: { name: "slow" } },
      ]),
      signal: controller.signal,
    });
    let lastEventId: string | undefined;
    const parser = new SseParser((event) => {
      if (event.data !== "" && (JSON.parse(event.data) as Answer).id === "fast") lastEventId = event.id;
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    while (lastEventId === undefined) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the batch's stream ended before the fast answer");
      parser.push(decoder.decode(value, { stream: true }));
    }
    controller.abort();
    // Time for the server to see the disconnect (a server that cancelled the batch's requests then
    // would never answer the slow one); a correct server does nothing observable meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    // The slow answer goes out with nobody on the stream: the POST reusing its id is taken once it has.
    await expect
      .poll(
        async () =>
          (await messagesOfSingle(await post(url, { jsonrpc: "2.0", id: "slow", method: "ping" }, headers)))[0],
      )
      .toEqual({ jsonrpc: "2.0", id: "slow", result: {} });
    const resumed = await fetch(url, {
      method: "GET",
      headers: { accept: "text/event-stream", ...headers, "last-event-id": lastEventId },
    });
    expect(resumed.status).toBe(200);
    expect(await messagesOf(resumed)).toEqual([
      { jsonrpc: "2.0", id: "slow", result: { content: [{ type: "text", text: "slow" }] } },
    ]);
  });
});

/** The messages of a single (non-batch) answer: one JSON body or an SSE stream. */
async function messagesOfSingle(response: Response): Promise<Answer[]> {
  if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) return messagesOf(response);
  return [(await response.json()) as Answer];
}
