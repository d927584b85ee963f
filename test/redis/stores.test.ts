/**
 * The Redis event store and session store against a real redis-server (started by the test):
 * replay of exactly the events after an id, from another connection (another process's view);
 * never another stream's events; bounded by length and by time; session records with their state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisEventStore, RedisSessionStore, RedisUnavailableError } from "../../src/entry/redis.js";
import { openRedis, type RedisConnection } from "../../src/redis/client.js";
import { type RedisInstance, startRedis } from "../helpers/redis.js";

let redis: RedisInstance | string;
const connections: RedisConnection[] = [];
const noop = () => {};

async function connect(): Promise<RedisConnection> {
  const connection = await openRedis((redis as RedisInstance).url, noop);
  connections.push(connection);
  return connection;
}

beforeAll(async () => {
  redis = await startRedis();
  if (typeof redis === "string") console.warn(`skipping the Redis store tests: ${redis}`);
}, 300_000);

afterAll(async () => {
  for (const connection of connections) await connection.close().catch(noop);
  if (typeof redis !== "string") await redis?.close();
});

const message = (n: number) => ({ jsonrpc: "2.0" as const, method: "notifications/progress", params: { n } });

describe("RedisEventStore", () => {
  it("replays exactly the events after an id, on another connection, and nothing of another stream", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const writer = new RedisEventStore(await connect(), { prefix: "t1:" });
    const reader = new RedisEventStore(await connect(), { prefix: "t1:" });
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push(await writer.storeEvent("session-a.stream-1", message(n)));
    await writer.storeEvent("session-a.stream-2", message(99));
    await writer.storeEvent("session-b.stream-1", message(98));
    expect(new Set(ids).size).toBe(5);
    expect(await reader.streamOf(ids[1] as string)).toBe("session-a.stream-1");
    const after = await reader.eventsAfter(ids[1] as string);
    expect(after.map((event) => event.id)).toEqual(ids.slice(2));
    expect(after.map((event) => (event.message as unknown as { params: { n: number } }).params.n)).toEqual([3, 4, 5]);
    expect(await reader.eventsAfter(ids[4] as string)).toEqual([]);
    expect(await reader.streamOf("session-a.stream-1@1-0x")).toBeUndefined();
    expect(await reader.streamOf("nonsense")).toBeUndefined();
    expect(await reader.eventsAfter("other.stream@0-0")).toEqual([]);
  });

  it("keeps a bounded number of events per stream and drops a stream after its time to live", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const connection = await connect();
    const store = new RedisEventStore(connection, { prefix: "t2:", maxEventsPerStream: 10, ttlMs: 300 });
    let first = "";
    for (let n = 0; n < 500; n++) {
      const id = await store.storeEvent("s.long", message(n));
      if (n === 0) first = id;
    }
    const length = await connection.sendCommand<number>(["XLEN", "t2:events:s.long"]);
    expect(length).toBeLessThan(200); // MAXLEN ~ trims by whole nodes: about 10, never all 500.
    expect(length).toBeGreaterThanOrEqual(10);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await store.streamOf(first)).toBeUndefined();
    expect(await store.eventsAfter(first)).toEqual([]);
  });
});

describe("RedisEventStore, a request stream's first message", () => {
  it("is not stored (nobody can resume before it), yet its id resumes the stream on any connection", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const connection = await connect();
    const writer = new RedisEventStore(connection, { prefix: "t5:" });
    const reader = new RedisEventStore(await connect(), { prefix: "t5:" });
    const first = writer.firstEventId("session-a.r1") as string;
    expect(first).toBe("session-a.r1@0-0");
    expect(await connection.sendCommand(["EXISTS", "t5:events:session-a.r1"])).toBe(0);
    // Resuming right after the first message: the stream is known, nothing follows yet.
    expect(await reader.streamOf(first)).toBe("session-a.r1");
    expect(await reader.eventsAfter(first)).toEqual([]);
    const second = await writer.storeEvent("session-a.r1", message(2));
    const third = await writer.storeEvent("session-a.r1", message(3));
    expect((await reader.eventsAfter(first)).map((event) => event.id)).toEqual([second, third]);
    expect((await reader.eventsAfter(second)).map((event) => event.id)).toEqual([third]);
    // The session's GET stream is written by every process: all its messages are stored.
    expect(writer.firstEventId("session-a.standalone")).toBeUndefined();
  });
});

describe("RedisSessionStore", () => {
  it("keeps the handshake, principal, version, log level and subscriptions, changed atomically, and expires", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const a = new RedisSessionStore(await connect(), { prefix: "t3:", idleMs: 400 });
    const b = new RedisSessionStore(await connect(), { prefix: "t3:", idleMs: 400 });
    const initialize = {
      protocolVersion: "2025-06-18",
      capabilities: { roots: {} },
      clientInfo: { name: "c", version: "1" },
    };
    await a.save("s1", { initialize, principal: "alice", protocolVersion: "2025-06-18" });
    await Promise.all([
      a.change("s1", { logLevel: "warning" }),
      b.change("s1", { subscribe: "test://one" }),
      b.change("s1", { subscribe: "test://two" }),
    ]);
    await a.change("s1", { unsubscribe: "test://one" });
    expect(await b.load("s1")).toEqual({
      initialize,
      principal: "alice",
      protocolVersion: "2025-06-18",
      logLevel: "warning",
      resourceSubscriptions: ["test://two"],
    });
    expect(await b.load("unknown")).toBeUndefined();
    // Touched, it lives on; untouched, it expires.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await b.touch("s1");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await a.load("s1")).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await a.load("s1")).toBeUndefined();
    await a.save("s2", { initialize });
    await b.delete("s2");
    expect(await a.load("s2")).toBeUndefined();
  });

  it("fails with a RedisUnavailableError at once while Redis is down, and works again when it returns", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const instance = redis;
    const store = new RedisSessionStore(await connect(), { prefix: "t4:" });
    await store.save("s", { initialize: {} });
    await instance.stop();
    const started = Date.now();
    await expect(store.load("s")).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(Date.now() - started).toBeLessThan(1000);
    await instance.restart();
    let loaded: unknown = "not yet";
    for (let attempt = 0; attempt < 50 && loaded === "not yet"; attempt++) {
      loaded = await store.load("s").catch(() => "not yet");
      if (loaded === "not yet") await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(loaded).toBeUndefined(); // Nothing persisted: a restarted Redis starts empty.
  }, 20_000);
});
