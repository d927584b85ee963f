/** The in-memory TaskStore: owner scoping, terminal records, the bound, expiry, paging and watching. */
import { describe, expect, it } from "vitest";
import { InMemoryTaskStore, type TaskRecord, TaskStoreFullError } from "../../../src/index.js";

function record(taskId: string, owner = "alice", overrides: Partial<TaskRecord> = {}): TaskRecord {
  const now = new Date().toISOString();
  return {
    taskId,
    owner,
    method: "tools/call",
    status: "working",
    createdAt: now,
    lastUpdatedAt: now,
    ttlMs: 60_000,
    expiresAt: Date.now() + 60_000,
    ...overrides,
  };
}

describe("InMemoryTaskStore", () => {
  it("shows a task to its owner only", async () => {
    const store = new InMemoryTaskStore({ sweepIntervalMs: 0 });
    await store.create(record("t1"));
    expect((await store.get("t1", "alice"))?.taskId).toBe("t1");
    expect(await store.get("t1", "mallory")).toBeUndefined();
    expect(await store.update("t1", "mallory", { status: "cancelled" })).toBeUndefined();
    expect((await store.list("mallory")).tasks).toEqual([]);
    expect((await store.get("t1", "alice"))?.status).toBe("working");
  });

  it("never moves a terminal task to another status, and copies records in and out", async () => {
    const store = new InMemoryTaskStore({ sweepIntervalMs: 0 });
    const given = record("t1");
    await store.create(given);
    given.status = "failed";
    expect((await store.get("t1", "alice"))?.status).toBe("working");
    await store.update("t1", "alice", { status: "completed", result: { content: [] } });
    const after = await store.update("t1", "alice", { status: "cancelled", statusMessage: "late" });
    expect(after).toMatchObject({ status: "completed", result: { content: [] }, statusMessage: "late" });
  });

  it("expires by expiresAt, and a bounded store drops the oldest ended task or refuses", async () => {
    const store = new InMemoryTaskStore({ sweepIntervalMs: 0, maxTasks: 2 });
    await store.create(record("old", "alice", { expiresAt: Date.now() + 10 }));
    await store.create(record("new"));
    expect(await store.expire(Date.now() + 20)).toBe(1);
    expect(store.size).toBe(1);
    await store.create(record("third", "alice", { status: "completed" }));
    await store.create(record("fourth"));
    expect(await store.get("third", "alice")).toBeUndefined();
    await expect(store.create(record("fifth"))).rejects.toBeInstanceOf(TaskStoreFullError);
  });

  it("pages an owner's tasks and tells watchers of each change", async () => {
    const store = new InMemoryTaskStore({ sweepIntervalMs: 0 });
    for (const id of ["a", "b", "c"]) await store.create(record(id));
    const first = await store.list("alice", { limit: 2 });
    expect(first.tasks.map((task) => task.taskId)).toEqual(["a", "b"]);
    const second = await store.list("alice", { limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ tasks: [expect.objectContaining({ taskId: "c" })] });
    const seen: string[] = [];
    const stop = store.watch("a", (task) => seen.push(task.status));
    await store.update("a", "alice", { status: "input_required" });
    stop();
    await store.update("a", "alice", { status: "working" });
    expect(seen).toEqual(["input_required"]);
  });
});
