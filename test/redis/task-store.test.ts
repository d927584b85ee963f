/**
 * The Redis TaskStore on a real redis-server, each store on connections of its own as three
 * processes would have: a task created through one is polled through another and cancelled
 * through a third, whose change the first hears of (watch); owners never see each other's tasks;
 * terminal tasks keep their outcome; records (empty arrays included) come back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisTaskStore } from "../../src/entry/redis.js";
import { openRedis, type RedisConnection } from "../../src/redis/client.js";
import type { TaskRecord } from "../../src/tasks/task-store.js";
import { type RedisInstance, startRedis } from "../helpers/redis.js";

let redis: RedisInstance | string;
const connections: RedisConnection[] = [];

async function node(): Promise<RedisTaskStore> {
  const url = (redis as RedisInstance).url;
  const commands = await openRedis(url, () => {});
  const subscriber = await openRedis(url, () => {});
  connections.push(commands, subscriber);
  return new RedisTaskStore(commands, subscriber, { prefix: "tasks-test:" });
}

beforeAll(async () => {
  redis = await startRedis();
  if (typeof redis === "string") console.warn(`skipping the Redis task store tests: ${redis}`);
}, 300_000);

afterAll(async () => {
  for (const connection of connections) await connection.close().catch(() => {});
  if (typeof redis !== "string") await redis?.close();
});

function task(taskId: string, owner: string, extra: Partial<TaskRecord> = {}): TaskRecord {
  const now = new Date().toISOString();
  return {
    taskId,
    owner,
    method: "tools/call",
    status: "working",
    createdAt: now,
    lastUpdatedAt: now,
    ttlMs: null,
    expiresAt: null,
    ...extra,
  };
}

describe("RedisTaskStore", () => {
  it("a task created on one node is polled on another and cancelled through a third, which the first hears of", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const [a, b, c] = [await node(), await node(), await node()];
    await a.create(task("t-1", "session/alice", { pollIntervalMs: 100 }));
    await expect(a.create(task("t-1", "session/alice"))).rejects.toThrow(/already exists/);
    const heard: TaskRecord[] = [];
    const stop = a.watch("t-1", (record) => heard.push(record));
    await new Promise((resolve) => setTimeout(resolve, 50)); // The subscription is in place.
    expect((await b.get("t-1", "session/alice"))?.status).toBe("working");
    expect(await b.get("t-1", "session/bob")).toBeUndefined();
    expect(await c.update("t-1", "session/bob", { cancelRequested: true })).toBeUndefined();
    const cancelled = await c.update("t-1", "session/alice", { cancelRequested: true, statusMessage: "stopping" });
    expect(cancelled?.cancelRequested).toBe(true);
    for (let wait = 0; wait < 50 && heard.length === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ taskId: "t-1", cancelRequested: true, statusMessage: "stopping" });
    await a.update("t-1", "session/alice", {
      status: "cancelled",
      statusMessage: undefined,
      result: { content: [], structuredContent: { items: [] } },
    });
    // Terminal: the status and the outcome stay as they are.
    const after = await b.update("t-1", "session/alice", {
      status: "completed",
      result: { content: [{ type: "text" }] },
    });
    expect(after?.status).toBe("cancelled");
    expect(after?.result).toEqual({ content: [], structuredContent: { items: [] } });
    expect(after && "statusMessage" in after).toBe(false);
    stop();
  });

  it("lists an owner's tasks a page at a time, and forgets tasks past their expiry", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const [a, b] = [await node(), await node()];
    for (let index = 0; index < 5; index++) {
      await a.create(task(`l-${index}`, "owner-list", { createdAt: new Date(Date.now() + index).toISOString() }));
    }
    await a.create(task("l-other", "someone-else"));
    const first = await b.list("owner-list", { limit: 2 });
    expect(first.tasks.map((record) => record.taskId)).toEqual(["l-0", "l-1"]);
    const second = await b.list("owner-list", { limit: 2, cursor: first.nextCursor as string });
    expect(second.tasks.map((record) => record.taskId)).toEqual(["l-2", "l-3"]);
    const last = await b.list("owner-list", { limit: 2, cursor: second.nextCursor as string });
    expect(last.tasks.map((record) => record.taskId)).toEqual(["l-4"]);
    expect(last.nextCursor).toBeUndefined();

    await a.create(task("e-1", "owner-e", { ttlMs: 100, expiresAt: Date.now() + 100 }));
    expect(await b.get("e-1", "owner-e")).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await b.get("e-1", "owner-e")).toBeUndefined();
    expect(await b.expire()).toBeGreaterThanOrEqual(1);
    expect((await b.list("owner-e")).tasks).toEqual([]);
  });
});
