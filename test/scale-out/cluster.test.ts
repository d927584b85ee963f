/**
 * Three everything-server processes on one real redis-server, behind a round-robin proxy with no
 * session affinity, all started by the test on 127.0.0.1: sessions, streams, server-to-client
 * requests and notifications work whichever process each request reaches; clients (typed-mcp's,
 * the official SDK v1 and v2, unmodified) work through the proxy; Redis restarting mid-run and a
 * process killed mid-stream lose nothing that was stored.
 */

import { Client as V2Client, StreamableHTTPClientTransport as V2Transport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, StreamableHttpClientTransport } from "../../src/index.js";
import { type RedisInstance, startRedis } from "../helpers/redis.js";
import { type Cluster, startCluster, startNode } from "../helpers/redis-cluster.js";
import { RawSession, SseReader } from "./raw-session.js";

let redis: RedisInstance | string;
let cluster: Cluster | undefined;

beforeAll(async () => {
  redis = await startRedis();
  if (typeof redis === "string") {
    console.warn(`skipping the scale-out tests: ${redis}`);
    return;
  }
  cluster = await startCluster(redis);
}, 300_000);

afterAll(async () => {
  await cluster?.close();
  if (typeof redis !== "string") await redis?.close();
});

type SseReaderLike = Awaited<ReturnType<RawSession["request"]>>;

/** One command on the cluster's Redis, from the test's own connection. */
async function redisCommand<T>(command: string[]): Promise<T> {
  const client = createClient({ url: (redis as RedisInstance).url, RESP: 2 });
  await client.connect();
  try {
    return await client.sendCommand<T>(command);
  } finally {
    await client.close();
  }
}

/** The node recorded as holding the session's GET stream (waiting for the record to be written). */
async function holderOf(sessionId: string): Promise<string> {
  let holder: string | null = null;
  await vi.waitFor(
    async () => {
      holder = await redisCommand<string | null>(["HGET", `mcp:session:${sessionId}`, "stream"]);
      expect(holder).toBeTruthy();
    },
    { timeout: 5000 },
  );
  return (holder as unknown as string).split(" ")[0] as string;
}

function nodes(): [URL, URL, URL] {
  const [a, b, c] = (cluster as Cluster).nodes;
  return [(a as { url: URL }).url, (b as { url: URL }).url, (c as { url: URL }).url];
}

const textOf = (result: unknown) =>
  (((result as { content: unknown }).content as Array<{ type: string; text?: string }>)[0] as { text?: string }).text;

/** The answer (result or error) a request's stream carries. */
async function answerOf(reader: SseReaderLike): Promise<{
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}> {
  await reader.until((events) => events.some((event) => "result" in event.message || "error" in event.message));
  return reader.events.find((event) => "result" in event.message || "error" in event.message)?.message as {
    result?: Record<string, unknown>;
    error?: { code: number; message: string };
  };
}

/** What test_node_info answers (examples/cluster-tools.ts): the node's id and the calls aborted there. */
interface NodeInfo {
  node: string;
  aborted: string[];
}

/** test_node_info on `node`, through a 2025 session. */
async function nodeInfo(session: RawSession, node: URL): Promise<NodeInfo> {
  const answer = await answerOf(await session.request(node, "tools/call", { name: "test_node_info", arguments: {} }));
  return JSON.parse(textOf(answer.result) as string) as NodeInfo;
}

describe("three processes on one Redis behind a round-robin proxy", () => {
  it("serves a session initialised on one node from the others, and DELETE ends it on every node", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const before = [...cluster.proxy.served];
    const client = new Client({ name: "typed-mcp", version: "1" });
    await client.connect(new StreamableHttpClientTransport(cluster.proxy.url));
    for (let call = 0; call < 6; call++) {
      expect(textOf(await client.callTool({ name: "test_simple_text", arguments: {} }))).toContain("simple");
    }
    await client.close();
    const served = cluster.proxy.served.map((count, index) => count - (before[index] ?? 0));
    expect(served.every((count) => count >= 2)).toBe(true);

    const [n1, n2, n3] = nodes();
    const session = await RawSession.open(n1);
    const call = await session.request(n3, "tools/call", { name: "test_simple_text", arguments: {} });
    await call.until((events) => events.some((event) => "result" in event.message));
    expect(await session.delete(n2)).toBe(200);
    // n1 held it in memory and n3 restored it: both have dropped it at once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const node of [n1, n3, n2]) {
      const after = await session.post(node, { jsonrpc: "2.0", id: 99, method: "tools/list", params: {} });
      expect(after.status).toBe(404);
      await after.text();
    }
  }, 60_000);

  it("a tool on one node elicits from a client whose GET stream is on another, answered through a third", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const session = await RawSession.open(n1, { elicitation: {} });
    const get = await session.get(n2);
    const call = await session.request(n3, "tools/call", { name: "test_elicitation", arguments: { message: "who?" } });
    await call.until((events) => events.some((event) => event.message.method === "elicitation/create"));
    const ask = call.events.find((event) => event.message.method === "elicitation/create")?.message as {
      id: string;
    };
    expect(typeof ask.id).toBe("string"); // Marked with the process that asked.
    const answer = await session.post(n1, {
      jsonrpc: "2.0",
      id: ask.id,
      result: { action: "accept", content: { username: "ada", email: "ada@example.com" } },
    });
    expect(answer.status).toBe(202);
    await call.until((events) => events.some((event) => "result" in event.message));
    const result = call.events.find((event) => "result" in event.message)?.message as { result: { content: unknown } };
    expect(textOf(result.result)).toContain('"username":"ada"');
    get.abort();
  }, 60_000);

  it("a request running on one node is cancelled by a notification POSTed to another", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const session = await RawSession.open(n2, { elicitation: {} });
    const get = await session.get(n2);
    // test_elicitation waits for the client's answer, which never comes: only cancellation ends it.
    const call = await session.request(n3, "tools/call", { name: "test_elicitation", arguments: { message: "wait" } });
    await call.until((events) => events.some((event) => event.message.method === "elicitation/create"));
    const cancel = await session.post(n1, {
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: 1, reason: "changed my mind" },
    });
    expect(cancel.status).toBe(202);
    await call.until(() => call.ended, 5000);
    expect(call.events.some((event) => "result" in event.message || "error" in event.message)).toBe(false);
    get.abort();
  }, 60_000);

  it("list_changed and resources/updated reach subscribers on every node", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const sessions = await Promise.all([RawSession.open(n2), RawSession.open(n3), RawSession.open(n1)]);
    const streams = await Promise.all([sessions[0]?.get(n1), sessions[1]?.get(n2), sessions[2]?.get(n3)]);
    // The second session subscribes through n1; its GET stream is on n2; the resource changes on every node.
    const subscribe = await sessions[1]?.request(n1, "resources/subscribe", { uri: "test://watched-resource" });
    await subscribe?.until((events) => events.some((event) => "result" in event.message));
    const trigger = await sessions[0]?.request(n2, "tools/call", { name: "test_trigger_tool_change", arguments: {} });
    await trigger?.until((events) => events.some((event) => "result" in event.message));
    for (const stream of streams) {
      await stream?.reader.until((events) =>
        events.some((event) => event.message.method === "notifications/tools/list_changed"),
      );
    }
    await streams[1]?.reader.until(
      (events) =>
        events.some(
          (event) =>
            event.message.method === "notifications/resources/updated" &&
            (event.message.params as { uri: string }).uri === "test://watched-resource",
        ),
      8000,
    );
    // The others did not subscribe: they get no resources/updated.
    expect(streams[0]?.reader.events.some((event) => event.message.method === "notifications/resources/updated")).toBe(
      false,
    );
    for (const stream of streams) stream?.abort();
  }, 60_000);

  it("the official SDK v1 client (2025 sessions) and v2 client (2026-07-28, no sessions) work through the proxy", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const v1 = new V1Client({ name: "official-v1", version: "1" }, { capabilities: { elicitation: {} } });
    v1.setRequestHandler(ElicitRequestSchema, async () => ({
      action: "accept",
      content: { username: "v1", email: "v1@example.com" },
    }));
    await v1.connect(new V1Transport(cluster.proxy.url));
    expect((await v1.listTools()).tools.length).toBeGreaterThan(5);
    for (let call = 0; call < 4; call++) {
      const result = await v1.callTool({ name: "test_simple_text", arguments: {} });
      expect(textOf(result)).toContain("simple");
    }
    const elicited = await v1.callTool({ name: "test_elicitation", arguments: { message: "who?" } });
    expect(textOf(elicited)).toContain('"username":"v1"');
    await v1.close();

    const v2 = new V2Client(
      { name: "official-v2", version: "2.4.0" },
      { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    v2.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Ada" } }));
    await v2.connect(new V2Transport(cluster.proxy.url));
    // The request and its retry (with the sealed requestState) reach different nodes: the keys are shared.
    for (let call = 0; call < 3; call++) {
      const result = await v2.callTool({ name: "test_input_required_result_elicitation", arguments: {} });
      expect(textOf(result as { content: unknown })).toBe("Hello, Ada!");
    }
    await v2.close();
  }, 60_000);

  it("2026-07-28 needs no affinity: listen streams on any node hear of a change made on another", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const listeners = [0, 1].map(() => new Client({ name: "stateless", version: "1" }, { negotiation: "stateless" }));
    const heard: unknown[][] = [[], []];
    const subscriptions = [];
    for (const [index, client] of listeners.entries()) {
      await client.connect(new StreamableHttpClientTransport(cluster.proxy.url));
      client.onNotification("notifications/tools/list_changed", (params) => void heard[index]?.push(params?._meta));
      const subscription = client.listen({ toolsListChanged: true });
      expect(await subscription.acknowledged).toEqual({ toolsListChanged: true });
      subscriptions.push(subscription);
    }
    // resources/updated too, on a listen stream of a third node.
    const watcher = new Client({ name: "watcher", version: "1" }, { negotiation: "stateless" });
    await watcher.connect(new StreamableHttpClientTransport(nodes()[2]));
    const updated: string[] = [];
    watcher.onNotification("notifications/resources/updated", (params) => void updated.push(String(params?.uri)));
    const watching = watcher.listen({ resourceSubscriptions: ["test://watched-resource"] });
    expect(await watching.acknowledged).toEqual({ resourceSubscriptions: ["test://watched-resource"] });
    const caller = new Client({ name: "caller", version: "1" }, { negotiation: "stateless" });
    await caller.connect(new StreamableHttpClientTransport(cluster.proxy.url));
    await caller.callTool({ name: "test_trigger_tool_change", arguments: {} });
    for (const [index, subscription] of subscriptions.entries()) {
      await vi.waitFor(() =>
        expect(heard[index]).toContainEqual({ "io.modelcontextprotocol/subscriptionId": subscription.id }),
      );
      subscription.close();
    }
    await vi.waitFor(() => expect(updated).toContain("test://watched-resource"), { timeout: 10_000 });
    watching.close();
    for (const client of [...listeners, caller, watcher]) await client.close();
  }, 60_000);

  it("Redis restarting mid-run: requests that need it fail at once with a JSON-RPC error, then service resumes", async (context) => {
    if (!cluster || typeof redis === "string") return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const session = await RawSession.open(n1);
    await redis.stop();
    const started = Date.now();
    const init = await fetch(n2, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } },
      }),
    });
    expect(init.status).toBe(503);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    const body = (await init.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32603);
    expect(body.error.message).toMatch(/Redis is unavailable/);
    // A node that must restore the session from Redis says so; the one holding it still serves it.
    const elsewhere = await session.post(n3, { jsonrpc: "2.0", id: 5, method: "tools/list", params: {} });
    expect(elsewhere.status).toBe(503);
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toMatch(/Redis/);
    const held = await session.request(n1, "tools/call", { name: "test_simple_text", arguments: {} });
    await held.until((events) => events.some((event) => "result" in event.message));
    expect(Date.now() - started).toBeLessThan(5000);

    await redis.restart();
    let reopened: RawSession | undefined;
    for (let attempt = 0; attempt < 50 && !reopened; attempt++) {
      reopened = await RawSession.open(n2).catch(() => undefined);
      if (!reopened) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(reopened).toBeDefined();
    // Every node's connection comes back (each reconnects on its own backoff, at most a second apart).
    for (const node of [n1, n2, n3]) {
      let served = false;
      for (let attempt = 0; attempt < 30 && !served; attempt++) {
        const call = await (reopened as RawSession)
          .request(node, "tools/call", { name: "test_simple_text", arguments: {} })
          .catch(() => undefined);
        if (call) {
          await call.until((events) => events.some((event) => "result" in event.message));
          served = true;
        } else await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(served).toBe(true);
    }
  }, 60_000);

  it("a 2025-11-25 task started on one node is polled, awaited and cancelled through the others; its status reaches the GET stream on another", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const session = await RawSession.open(n1);
    const get = await session.get(n2);
    await holderOf(session.id); // The GET stream is recorded before the task starts.
    const answerOf = async (reader: SseReaderLike) => {
      await reader.until((events) => events.some((event) => "result" in event.message || "error" in event.message));
      return reader.events.find((event) => "result" in event.message || "error" in event.message)?.message as {
        result?: Record<string, unknown>;
        error?: { code: number; message: string };
      };
    };
    const created = await answerOf(
      await session.request(n1, "tools/call", {
        name: "slow_compute",
        arguments: { seconds: 1.5, label: "core" },
        task: { ttl: 60_000 },
      }),
    );
    const task = created.result?.task as { taskId: string; status: string };
    expect(task.status).toBe("working");
    const polled = await answerOf(await session.request(n2, "tasks/get", { taskId: task.taskId }));
    expect(polled.result?.taskId).toBe(task.taskId);
    expect(["working", "completed"]).toContain(polled.result?.status);
    // tasks/result on a third node waits for the task running on the first (the store's watch crosses nodes).
    const final = await answerOf(await session.request(n3, "tasks/result", { taskId: task.taskId }));
    expect(textOf(final.result)).toBe("computed core after 1.5s");
    expect(((final.result?._meta ?? {}) as Record<string, unknown>)["io.modelcontextprotocol/related-task"]).toEqual({
      taskId: task.taskId,
    });
    const statusOf = (taskId: string, status: string) => (events: SseReaderLike["events"]) =>
      events.some(
        (event) =>
          event.message.method === "notifications/tasks/status" &&
          (event.message.params as { taskId: string; status: string }).taskId === taskId &&
          (event.message.params as { status: string }).status === status,
      );
    await get.reader.until(statusOf(task.taskId, "completed"));

    // Cancelled through another node: every node then sees it cancelled, and it stays so.
    const long = await answerOf(
      await session.request(n3, "tools/call", { name: "slow_compute", arguments: { seconds: 3 }, task: {} }),
    );
    const running = long.result?.task as { taskId: string };
    const cancelled = await answerOf(await session.request(n1, "tasks/cancel", { taskId: running.taskId }));
    expect(cancelled.result?.status).toBe("cancelled");
    for (const node of [n2, n3, n1]) {
      const seen = await answerOf(await session.request(node, "tasks/get", { taskId: running.taskId }));
      expect(seen.result?.status).toBe("cancelled");
    }
    const again = await answerOf(await session.request(n2, "tasks/cancel", { taskId: running.taskId }));
    expect(again.error?.code).toBe(-32602);
    const listed = await answerOf(await session.request(n2, "tasks/list", {}));
    expect(((listed.result?.tasks ?? []) as Array<{ taskId: string }>).map((each) => each.taskId).sort()).toEqual(
      [task.taskId, running.taskId].sort(),
    );
    // After the time its work would have taken, it is still cancelled: the end of that work on the
    // node running it cannot overwrite a terminal status.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const later = await answerOf(await session.request(n2, "tasks/get", { taskId: running.taskId }));
    expect(later.result?.status).toBe("cancelled");
    get.abort();
  }, 60_000);

  it("a 2026-07-28 task (tasks extension) started on one node is polled, awaited and cancelled through the others", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const clients = await Promise.all(
      nodes().map(async (node) => {
        const client = new Client({ name: "tasks", version: "1" }, { negotiation: "stateless", tasks: true });
        await client.connect(new StreamableHttpClientTransport(node));
        return client;
      }),
    );
    const [c1, c2, c3] = clients as [Client, Client, Client];
    const started = await c1.tasks.callTool({ name: "slow_compute", arguments: { seconds: 1.5, label: "extension" } });
    const taskId = started.task?.taskId as string;
    expect(started.task?.status).toBe("working");
    expect(["working", "completed"]).toContain((await c2.tasks.get(taskId)).status);
    const result = await c3.tasks.result(taskId);
    expect(result.content).toEqual([{ type: "text", text: "computed extension after 1.5s" }]);
    expect((await c1.tasks.get(taskId)).status).toBe("completed");

    const long = await c2.tasks.callTool({ name: "slow_compute", arguments: { seconds: 3 } });
    const longId = long.task?.taskId as string;
    await c3.tasks.cancel(longId);
    expect((await c1.tasks.get(longId)).status).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect((await c2.tasks.get(longId)).status).toBe("cancelled");
    for (const client of clients) await client.close();
  }, 60_000);

  it("2026-07-28 task status reaches a subscriptions/listen stream on another node (notifications/tasks through the bus)", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2] = nodes();
    const listener = new Client({ name: "listener", version: "1" }, { negotiation: "stateless", tasks: true });
    await listener.connect(new StreamableHttpClientTransport(n2));
    const runner = new Client({ name: "runner", version: "1" }, { negotiation: "stateless", tasks: true });
    await runner.connect(new StreamableHttpClientTransport(n1));
    const started = await runner.tasks.callTool({ name: "slow_compute", arguments: { seconds: 1, label: "heard" } });
    const taskId = started.task?.taskId as string;
    const heard: Array<{ taskId?: string; status?: string }> = [];
    listener.onNotification("notifications/tasks", (params) => void heard.push(params as { taskId?: string }));
    const subscription = listener.listen({ taskIds: [taskId] } as Parameters<Client["listen"]>[0]);
    const agreed = (await subscription.acknowledged) as { taskIds?: string[] };
    if (!agreed.taskIds) {
      subscription.close();
      await listener.close();
      await runner.close();
      return context.skip("this server does not offer notifications/tasks on subscriptions/listen (taskIds) yet");
    }
    expect(agreed.taskIds).toEqual([taskId]);
    await vi.waitFor(
      () => expect(heard.some((task) => task.taskId === taskId && task.status === "completed")).toBe(true),
      {
        timeout: 15_000,
      },
    );
    subscription.close();
    await listener.close();
    await runner.close();
  }, 60_000);

  it("the GET stream's holder is recorded with a lease; notifications raised while it is dead are stored and resumed once on another node", async (context) => {
    if (!cluster || typeof redis === "string") return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const spare = await startNode(redis.url);
    try {
      const session = await RawSession.open(n1);
      const first = await session.get(spare.url);
      const holder = await holderOf(session.id);
      const lease = await redisCommand<number>(["PTTL", `mcp:node:${holder}`]);
      expect(lease).toBeGreaterThan(0);
      expect(lease).toBeLessThanOrEqual(5000);
      const changes = (events: SseReaderLike["events"]) =>
        events.filter((event) => event.message.method === "notifications/tools/list_changed");
      const trigger = async (node: URL) => {
        const call = await session.request(node, "tools/call", { name: "test_trigger_tool_change", arguments: {} });
        await call.until((events) => events.some((event) => "result" in event.message));
      };
      await trigger(n2);
      await first.reader.until((events) => changes(events).length === 1);
      const lastId = changes(first.reader.events)[0]?.id as string;
      expect(lastId).toBeDefined();
      await spare.kill();
      await first.reader.until(() => first.reader.ended, 5000);
      // Raised on another node while the holder is dead: stored in the session's GET stream.
      await trigger(n3);
      const resumed = await session.get(n2, lastId);
      await resumed.reader.until((events) => changes(events).length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 500)); // Nothing more comes (no duplicate).
      expect(changes(resumed.reader.events)).toHaveLength(1);
      expect(changes(resumed.reader.events)[0]?.id).not.toBe(lastId);
      // The resumed stream is now recorded on its new holder; the dead node's lease runs out.
      await vi.waitFor(async () => expect(await holderOf(session.id)).not.toBe(holder), { timeout: 5000 });
      await vi.waitFor(async () => expect(await redisCommand<number>(["EXISTS", `mcp:node:${holder}`])).toBe(0), {
        timeout: 8000,
        interval: 250,
      });
      // Live again: the next change reaches the resumed stream at once, once.
      await trigger(n1);
      await resumed.reader.until((events) => changes(events).length === 2);
      resumed.abort();
    } finally {
      await spare.kill();
    }
  }, 60_000);

  it("a request's stream lost after its first message (not stored: nobody can resume before it) is resumed on another node", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2] = nodes();
    const session = await RawSession.open(n1);
    const controller = new AbortController();
    const response = await fetch(n1, {
      method: "POST",
      headers: { ...session.headers("application/json, text/event-stream"), "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "test_tool_with_progress", arguments: {}, _meta: { progressToken: "p" } },
      }),
      signal: controller.signal,
    });
    const reader = new SseReader(response);
    await reader.until((events) => events.length >= 1);
    controller.abort();
    const first = reader.events[0] as { id?: string; message: Record<string, unknown> };
    expect(first.message.method).toBe("notifications/progress");
    expect(first.id).toMatch(/@0-0$/);
    await new Promise((resolve) => setTimeout(resolve, 600)); // The tool ends meanwhile: the rest is stored.
    const resumed = await session.get(n2, first.id);
    await resumed.reader.until(() => resumed.reader.ended);
    const progress = resumed.reader.events
      .filter((event) => event.message.method === "notifications/progress")
      .map((event) => (event.message.params as { progress: number }).progress);
    expect(progress).toEqual([50, 100]);
    const answers = resumed.reader.events.filter((event) => "result" in event.message);
    expect(answers).toHaveLength(1);
    // Another session presenting that id gets nothing of it.
    const stranger = await RawSession.open(n2);
    const refused = await fetch(n1, {
      headers: { ...stranger.headers("text/event-stream"), "last-event-id": first.id as string },
    });
    expect(refused.status).toBe(404);
    await refused.text();
    expect(textOf(answers[0]?.message.result)).toBe("Tool with progress executed successfully");
  }, 60_000);

  it("a task cancelled through another node aborts its handler on the node running it (2025-11-25 tasks/cancel, 2026-07-28 extension)", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    // 2025-11-25: started on n1, cancelled through n2.
    const session = await RawSession.open(n1);
    const created = await answerOf(
      await session.request(n1, "tools/call", {
        name: "test_wait_for_cancel",
        arguments: { label: "core-task", seconds: 20 },
        task: { ttl: 60_000 },
      }),
    );
    const core = created.result?.task as { taskId: string; status: string };
    expect(core.status).toBe("working");
    // The running task watches its record through Redis (one subscription, on the node running it).
    const watchers = async (taskId: string) =>
      (await redisCommand<[string, number]>(["PUBSUB", "NUMSUB", `mcp:task-updates:${taskId}`]))[1];
    expect(await watchers(core.taskId)).toBe(1);
    const runner = await nodeInfo(session, n1);
    const cancelled = await answerOf(await session.request(n2, "tasks/cancel", { taskId: core.taskId }));
    expect(cancelled.result?.status).toBe("cancelled");
    expect((await nodeInfo(session, n2)).node).not.toBe(runner.node);
    await vi.waitFor(async () => expect((await nodeInfo(session, n1)).aborted).toContain("core-task"), {
      timeout: 5000,
      interval: 100,
    });
    for (const node of [n2, n3]) expect((await nodeInfo(session, node)).aborted).not.toContain("core-task");
    // The work ended: its watch is gone.
    await vi.waitFor(async () => expect(await watchers(core.taskId)).toBe(0), { timeout: 5000 });
    const seen = await answerOf(await session.request(n3, "tasks/get", { taskId: core.taskId }));
    expect(seen.result?.status).toBe("cancelled");

    // 2026-07-28 (tasks extension): started on n2, cancelled through n3.
    const [starter, canceller] = await Promise.all(
      [n2, n3].map(async (node) => {
        const client = new Client({ name: "tasks", version: "1" }, { negotiation: "stateless", tasks: true });
        await client.connect(new StreamableHttpClientTransport(node));
        return client;
      }),
    );
    const started = await (starter as Client).tasks.callTool({
      name: "test_wait_for_cancel",
      arguments: { label: "extension-task", seconds: 20 },
    });
    const taskId = started.task?.taskId as string;
    expect(started.task?.status).toBe("working");
    await (canceller as Client).tasks.cancel(taskId);
    const infoOn = async (client: Client) =>
      JSON.parse(textOf(await client.callTool({ name: "test_node_info", arguments: {} })) as string) as NodeInfo;
    await vi.waitFor(async () => expect((await infoOn(starter as Client)).aborted).toContain("extension-task"), {
      timeout: 5000,
      interval: 100,
    });
    expect((await infoOn(canceller as Client)).aborted).not.toContain("extension-task");
    await vi.waitFor(async () => expect(await watchers(taskId)).toBe(0), { timeout: 5000 });
    expect((await (canceller as Client).tasks.get(taskId)).status).toBe("cancelled");
    for (const client of [starter, canceller]) await (client as Client).close();
  }, 60_000);

  it("a tools/call running on one node is aborted by notifications/cancelled POSTed to another: its handler sees the signal", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2] = nodes();
    const session = await RawSession.open(n2);
    const call = await session.request(n1, "tools/call", {
      name: "test_wait_for_cancel",
      arguments: { label: "plain-call", seconds: 20 },
    });
    // The request's id on the wire is the one RawSession gave it: the next after the call above.
    const requestId = (session as unknown as { nextId: number }).nextId - 1;
    await new Promise((resolve) => setTimeout(resolve, 200)); // The handler is running on n1.
    const cancel = await session.post(n2, {
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId, reason: "no longer needed" },
    });
    expect(cancel.status).toBe(202);
    await call.until(() => call.ended, 5000);
    expect(call.events.some((event) => "result" in event.message || "error" in event.message)).toBe(false);
    await vi.waitFor(async () => expect((await nodeInfo(session, n1)).aborted).toContain("plain-call"), {
      timeout: 5000,
      interval: 100,
    });
    expect((await nodeInfo(session, n2)).aborted).not.toContain("plain-call");
  }, 60_000);

  it("a client's progress for a server's sampling request, POSTed to other nodes, reaches the node that asked, and only it", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const session = await RawSession.open(n3, { sampling: {} });
    // One sampling request from n1 and one from n2, in the same session: each process numbers its own requests.
    const calls = await Promise.all(
      [n1, n2].map((node) => session.request(node, "tools/call", { name: "test_sampling_progress", arguments: {} })),
    );
    const asks = [];
    for (const call of calls) {
      await call.until((events) => events.some((event) => event.message.method === "sampling/createMessage"));
      const ask = call.events.find((event) => event.message.method === "sampling/createMessage")?.message as {
        id: string | number;
        params: { _meta?: { progressToken?: string | number } };
      };
      expect(ask.params._meta?.progressToken).toBeDefined();
      asks.push(ask);
    }
    const [fromN1, fromN2] = asks as [(typeof asks)[0], (typeof asks)[0]];
    // Progress for n1's request only: posted to n3 and to n2, which must pass it on to n1.
    for (const [node, progress] of [
      [n3, 1],
      [n2, 2],
    ] as const) {
      const posted = await session.post(node, {
        jsonrpc: "2.0",
        method: "notifications/progress",
        params: { progressToken: fromN1.params._meta?.progressToken, progress, total: 2 },
      });
      expect(posted.status).toBe(202);
    }
    const sampled = { role: "assistant", content: { type: "text", text: "done" }, model: "test-model" };
    for (const [node, ask] of [
      [n3, fromN1],
      [n1, fromN2],
    ] as const) {
      const answered = await session.post(node, { jsonrpc: "2.0", id: ask.id, result: sampled });
      expect(answered.status).toBe(202);
    }
    const results = [];
    for (const call of calls) {
      const answer = await answerOf(call);
      results.push(JSON.parse(textOf(answer.result) as string) as { node: string; progress: number[]; model: string });
    }
    expect(results[0]?.node).not.toBe(results[1]?.node);
    expect(results[0]).toMatchObject({ progress: [1, 2], model: "test-model" });
    expect(results[1]).toMatchObject({ progress: [], model: "test-model" });
  }, 60_000);

  it("resources/updated raised on one node reaches a 2026-07-28 listen stream and a 2025 GET stream held on others (asserted by node id)", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const uri = "test://cluster-resource";
    const watcher = new Client({ name: "watcher", version: "1" }, { negotiation: "stateless" });
    await watcher.connect(new StreamableHttpClientTransport(n1));
    const updated: string[] = [];
    watcher.onNotification("notifications/resources/updated", (params) => void updated.push(String(params?.uri)));
    const watching = watcher.listen({ resourceSubscriptions: [uri] });
    expect(await watching.acknowledged).toEqual({ resourceSubscriptions: [uri] });
    const listenNode = (
      JSON.parse(textOf(await watcher.callTool({ name: "test_node_info", arguments: {} })) as string) as NodeInfo
    ).node;
    // A 2025-11-25 session subscribed through n3, its GET stream on n1.
    const session = await RawSession.open(n2);
    const subscribed = await answerOf(await session.request(n3, "resources/subscribe", { uri }));
    expect(subscribed.result).toEqual({});
    const get = await session.get(n1);
    await holderOf(session.id);

    const caller = new Client({ name: "caller", version: "1" }, { negotiation: "stateless" });
    await caller.connect(new StreamableHttpClientTransport(n2));
    const raised = JSON.parse(
      textOf(await caller.callTool({ name: "test_update_cluster_resource", arguments: {} })) as string,
    ) as { node: string };
    expect(raised.node).not.toBe(listenNode);
    expect(await holderOf(session.id)).toBe(listenNode);
    await vi.waitFor(() => expect(updated).toEqual([uri]), { timeout: 5000 });
    await get.reader.until((events) =>
      events.some(
        (event) =>
          event.message.method === "notifications/resources/updated" &&
          (event.message.params as { uri: string }).uri === uri,
      ),
    );
    watching.close();
    get.abort();
    for (const client of [watcher, caller]) await client.close();
  }, 60_000);

  it("a node killed mid-stream: the client resumes on another with no lost and no duplicated events", async (context) => {
    if (!cluster) return context.skip(String(redis));
    const [n1, n2, n3] = nodes();
    const session = await RawSession.open(n1);
    const first = await session.get(n1);
    await holderOf(session.id);
    const count = 30;
    const start = await session.request(n2, "tools/call", {
      name: "test_standalone_notifications",
      arguments: { count, intervalMs: 60 },
    });
    await start.until((events) => events.some((event) => "result" in event.message));
    const seqs = (events: typeof first.reader.events) =>
      events
        .filter((event) => event.message.method === "notifications/message")
        .map((event) => ((event.message.params as { data: { seq: number } }).data as { seq: number }).seq);
    await first.reader.until((events) => seqs(events).length >= 5);
    await (cluster.nodes[0] as { kill: () => Promise<void> }).kill();
    await first.reader.until(() => first.reader.ended, 5000);
    const lastId = first.reader.events.at(-1)?.id;
    expect(lastId).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 300)); // Events keep coming meanwhile: stored, not sent.
    const resumed = await session.get(n3, lastId);
    await resumed.reader.until((events) => seqs(events).includes(count - 1), 15_000);
    const all = [...seqs(first.reader.events), ...seqs(resumed.reader.events)];
    expect(all).toEqual([...Array(count).keys()]);
    resumed.abort();
  }, 60_000);
});
