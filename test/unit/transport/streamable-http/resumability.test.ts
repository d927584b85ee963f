import { describe, expect, it, vi } from "vitest";
import {
  Client,
  InMemoryEventStore,
  McpServer,
  StreamableHttpClientTransport,
  type StreamableHttpOptions,
  StreamableHttpServer,
} from "../../../../src/index.js";
import { type SseEvent, SseParser } from "../../../../src/transport/sse.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

async function start(options: StreamableHttpOptions) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state: { aborted: boolean } = { aborted: false };
  const server = new McpServer({ name: "resume", version: "1" });
  server.registerTool("slow", {}, async (_args, ctx) => {
    ctx.signal.addEventListener("abort", () => {
      state.aborted = true;
    });
    await ctx.reportProgress(1, 3);
    await gate;
    await ctx.reportProgress(2, 3);
    return { content: [{ type: "text", text: "finished" }] };
  });
  const http = new StreamableHttpServer(server, options);
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  // (Closed last first: the held call is let go before its server closes.)
  closers.push(() => release());
  const url = listening.url;
  const init = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify(initialize),
  });
  const session = init.headers.get("mcp-session-id") as string;
  await init.body?.cancel();
  const headers = { "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" };
  return { url, headers, release: () => release(), state };
}

/** Reads SSE events until `until` says stop (then drops the connection) or the stream ends. */
async function read(response: Response, until?: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => {
    if (event.data) events.push(event);
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(value);
    if (until?.(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}

const callSlow = (url: URL, headers: Record<string, string>) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 9,
      method: "tools/call",
      params: { name: "slow", _meta: { progressToken: "t" } },
    }),
  });

describe("resumable streams", () => {
  it("after a dropped connection, Last-Event-ID replays exactly the missed events of that stream", async () => {
    const { url, headers, release, state } = await start({ eventStore: new InMemoryEventStore() });
    const before = await read(await callSlow(url, headers), (events) => events.length === 1);
    expect(JSON.parse(before[0]?.data as string)).toMatchObject({
      method: "notifications/progress",
      params: { progress: 1 },
    });
    const lastId = before[0]?.id as string;
    expect(lastId).toBeTruthy();
    release();
    // The handler goes on (the client may come back), and its events are stored.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.aborted).toBe(false);
    const resumed = await read(
      await fetch(url, { headers: { accept: "text/event-stream", "last-event-id": lastId, ...headers } }),
    );
    const messages = resumed.map((event) => JSON.parse(event.data));
    expect(messages).toEqual([
      { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "t", progress: 2, total: 3 } },
      { jsonrpc: "2.0", id: 9, result: { content: [{ type: "text", text: "finished" }] } },
    ]);
    expect(new Set(resumed.map((event) => event.id)).size).toBe(2);
    // Resuming again from the same point gives the same events, no more and no fewer.
    const again = await read(
      await fetch(url, { headers: { accept: "text/event-stream", "last-event-id": lastId, ...headers } }),
    );
    expect(again.map((event) => event.id)).toEqual(resumed.map((event) => event.id));
  });

  it("refuses unknown and foreign event ids with 404", async () => {
    const store = new InMemoryEventStore();
    const first = await start({ eventStore: store });
    const events = await read(await callSlow(first.url, first.headers), (e) => e.length === 1);
    const foreignId = events[0]?.id as string;
    const second = await start({ eventStore: store });
    const unknown = await fetch(second.url, {
      headers: { accept: "text/event-stream", "last-event-id": "nope", ...second.headers },
    });
    expect(unknown.status).toBe(404);
    const foreign = await fetch(second.url, {
      headers: { accept: "text/event-stream", "last-event-id": foreignId, ...second.headers },
    });
    expect(foreign.status).toBe(404);
  });

  it("without an event store, a client that disconnects mid-request cancels it", async () => {
    const { url, headers, state } = await start({});
    await read(await callSlow(url, headers), (events) => events.length === 1);
    await vi.waitFor(() => expect(state.aborted).toBe(true));
    const resume = await fetch(url, { headers: { accept: "text/event-stream", "last-event-id": "x", ...headers } });
    expect(resume.status).toBe(400);
  });
});

describe("InMemoryEventStore", () => {
  it("keeps streams apart and stays bounded", async () => {
    const store = new InMemoryEventStore({ maxEventsPerStream: 2, maxStreams: 2 });
    const message = (n: number) => ({ jsonrpc: "2.0" as const, method: "m", params: { n } });
    const a1 = await store.storeEvent("a", message(1));
    await store.storeEvent("b", message(2));
    const a2 = await store.storeEvent("a", message(3));
    await store.storeEvent("a", message(4));
    expect(await store.streamOf(a2)).toBe("a");
    expect((await store.eventsAfter(a2)).map((e) => e.message)).toEqual([message(4)]);
    // a1 fell out of the window of 2.
    expect(await store.streamOf(a1)).toBeUndefined();
    expect(await store.eventsAfter(a1)).toEqual([]);
    await store.storeEvent("c", message(5));
    // Three streams over a cap of two: the least recently written (b) went.
    expect(await store.eventsAfter(a2)).toHaveLength(1);
  });
});

describe("the server ending a stream early (SEP-1699)", () => {
  it("a tool closes its stream mid-call and our client resumes it and gets the answer", async () => {
    const server = new McpServer({ name: "polling", version: "1" });
    server.registerTool("reconnect", { description: "closes its stream, then answers" }, async (_args, ctx) => {
      await ctx.reportProgress(1, 2);
      expect(ctx.closeSseStream).toBeTypeOf("function");
      ctx.closeSseStream?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await ctx.reportProgress(2, 2);
      return { content: [{ type: "text", text: "answered after the reconnect" }] };
    });
    const http = new StreamableHttpServer(server, { eventStore: new InMemoryEventStore(), retryMs: 50 });
    const listening = await serveOnLoopback(http);
    closers.push(listening.close);
    const client = new Client({ name: "c", version: "1" });
    await client.connect(new StreamableHttpClientTransport(listening.url, { openStandaloneStream: false }));
    const progress: unknown[] = [];
    const result = await client.callTool({ name: "reconnect" }, { onProgress: (p) => progress.push(p) });
    expect(result.content).toEqual([{ type: "text", text: "answered after the reconnect" }]);
    expect(progress).toEqual([
      { progress: 1, total: 2 },
      { progress: 2, total: 2 },
    ]);
    await client.close();
  });
});
