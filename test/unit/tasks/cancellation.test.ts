/**
 * A task cancelled through another server instance sharing the task store stops its work where it
 * runs: the running handler's `signal` aborts, in both eras, and the watch that made it happen ends
 * with the work (no listener outlives the task). The Redis store across processes is covered by
 * test/scale-out/cluster.test.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { Client, InMemoryTransport, McpServer } from "../../../src/index.js";
import { watchCancellation } from "../../../src/tasks/cancellation.js";
import { InMemoryTaskStore, type TaskRecord, type TaskStore } from "../../../src/tasks/task-store.js";

/** A real in-memory store that counts the watches open on it. */
class CountingStore extends InMemoryTaskStore {
  open = 0;
  override watch(taskId: string, listener: (record: TaskRecord) => void): () => void {
    this.open++;
    const stop = super.watch(taskId, listener);
    let stopped = false;
    return () => {
      if (!stopped) this.open--;
      stopped = true;
      stop();
    };
  }
}

function record(taskId: string): TaskRecord {
  const now = new Date().toISOString();
  return {
    taskId,
    owner: "o",
    method: "tools/call",
    status: "working",
    createdAt: now,
    lastUpdatedAt: now,
    ttlMs: null,
    expiresAt: null,
  };
}

describe("watchCancellation", () => {
  it("calls back once when the record turns cancelled, ignores other changes, and stops watching", async () => {
    const store = new CountingStore({ sweepIntervalMs: 0 });
    await store.create(record("t1"));
    const heard: string[] = [];
    const stop = watchCancellation(store, "t1", (after) => heard.push(after.status));
    expect(store.open).toBe(1);
    await store.update("t1", "o", { statusMessage: "half way" });
    await store.update("t1", "o", { status: "input_required" });
    expect(heard).toEqual([]);
    await store.update("t1", "o", { status: "cancelled" });
    expect(heard).toEqual(["cancelled"]);
    expect(store.open).toBe(0);
    await store.update("t1", "o", { statusMessage: "after" });
    expect(heard).toEqual(["cancelled"]);
    stop(); // Safe after it stopped by itself.
    expect(store.open).toBe(0);
  });

  it("stopped before any cancellation: never calls back, leaves no watch", async () => {
    const store = new CountingStore({ sweepIntervalMs: 0 });
    await store.create(record("t2"));
    const onCancelled = vi.fn();
    const stop = watchCancellation(store, "t2", onCancelled);
    stop();
    stop();
    expect(store.open).toBe(0);
    await store.update("t2", "o", { status: "cancelled" });
    expect(onCancelled).not.toHaveBeenCalled();
  });
});

/** Two servers (as two processes would be) sharing one task store; `aborted` records what each handler saw. */
function twoServers(store: TaskStore) {
  const aborted: string[] = [];
  const started: string[] = [];
  const servers = ["A", "B"].map((name) => {
    const server = new McpServer(
      { name, version: "1" },
      // One owner for both servers' sessions: the task is the same client's wherever it is polled.
      { tasks: { store, pollIntervalMs: 10, ownerOf: () => "shared" } },
    );
    server.registerTool(
      "wait_for_cancel",
      {
        inputSchema: { type: "object", properties: { label: { type: "string" } }, required: ["label"] },
        execution: { taskSupport: "optional" },
      },
      async ({ label }, context) => {
        started.push(`${name}:${String(label)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          context.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            aborted.push(`${name}:${String(label)}`);
            resolve();
          });
        });
        return { content: [{ type: "text", text: "not cancelled" }] };
      },
    );
    return server;
  });
  return { servers: servers as [McpServer, McpServer], aborted, started };
}

async function clientOf(server: McpServer, era: "core" | "extension"): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client =
    era === "core"
      ? new Client({ name: "c", version: "1" }, { protocolVersions: ["2025-11-25"] })
      : new Client({ name: "c", version: "1" }, { negotiation: "stateless", tasks: true });
  await client.connect(clientSide);
  return client;
}

describe("a task cancelled through another server sharing the store", () => {
  for (const era of ["core", "extension"] as const) {
    it(`${era}: the handler running on the first server sees its signal abort; the watch ends with the task`, async () => {
      const store = new CountingStore({ sweepIntervalMs: 0 });
      const { servers, aborted, started } = twoServers(store);
      const [onA, onB] = [await clientOf(servers[0], era), await clientOf(servers[1], era)];
      const before = store.open;
      const created = await onA.tasks.callTool({ name: "wait_for_cancel", arguments: { label: era } });
      const taskId = created.task?.taskId as string;
      await vi.waitFor(() => expect(started).toEqual([`A:${era}`]));
      expect(store.open).toBeGreaterThan(before); // The running task watches its record.
      await onB.tasks.cancel(taskId);
      await vi.waitFor(() => expect(aborted).toEqual([`A:${era}`]));
      expect((await onA.tasks.get(taskId)).status).toBe("cancelled");
      // The work ended: nothing watches the task any more.
      await vi.waitFor(() => expect(store.open).toBe(before));
      await onA.close();
      await onB.close();
    });
  }

  it("a task that completes stops watching too", async () => {
    const store = new CountingStore({ sweepIntervalMs: 0 });
    const server = new McpServer({ name: "quick", version: "1" }, { tasks: { store, pollIntervalMs: 10 } });
    server.registerTool(
      "quick",
      { inputSchema: { type: "object", properties: {} }, execution: { taskSupport: "optional" } },
      async () => ({ content: [{ type: "text", text: "done" }] }),
    );
    const client = await clientOf(server, "core");
    const before = store.open;
    const created = await client.tasks.callTool({ name: "quick", arguments: {} });
    const result = await client.tasks.result(created.task?.taskId as string);
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
    await vi.waitFor(() => expect(store.open).toBe(before));
    await client.close();
  });
});
