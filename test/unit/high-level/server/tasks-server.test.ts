/**
 * McpServer's tasks beyond the call itself: status notifications in both eras through the server's
 * notification path (its bus when it has one), `notifications/tasks` on `subscriptions/listen`
 * streams (the listen filter and ownership respected), a Standard Schema elicitation inside a task,
 * and a tool that must run as a task under protocol versions that have no tasks.
 */
import { describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { listen } from "../../../../src/entry/node.js";
import {
  Client,
  InMemoryTransport,
  McpServer,
  type NotificationBus,
  type ServerChange,
  StreamableHttpClientTransport,
  StreamableHttpServer,
} from "../../../../src/index.js";

/** A bus inside one process: every change goes through JSON, as a networked bus would carry it. */
class LoopbackBus implements NotificationBus {
  readonly published: ServerChange[] = [];
  private readonly listeners = new Set<(change: ServerChange) => void>();
  reachable = true;

  async publish(change: ServerChange): Promise<void> {
    if (!this.reachable) throw new Error("bus unreachable");
    this.published.push(change);
    const wire = JSON.stringify(change);
    await Promise.resolve();
    for (const listener of this.listeners) listener(JSON.parse(wire) as ServerChange);
  }

  subscribe(listener: (change: ServerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A server with a tool that runs as a task until the test releases it. */
function gatedServer(options: { bus?: NotificationBus } = {}) {
  const gates = new Map<string, () => void>();
  const server = new McpServer(
    { name: "gated", version: "1" },
    { tasks: { pollIntervalMs: 10 }, ...(options.bus ? { notificationBus: options.bus } : {}) },
  );
  server.registerTool(
    "gated",
    {
      inputSchema: { type: "object", properties: { gate: { type: "string" } }, required: ["gate"] },
      execution: { taskSupport: "optional" },
    },
    async ({ gate }) => {
      await new Promise<void>((resolve) => gates.set(String(gate), resolve));
      return { content: [{ type: "text", text: `released ${String(gate)}` }] };
    },
  );
  const release = async (gate: string) => {
    await vi.waitFor(() => expect(gates.has(gate)).toBe(true));
    gates.get(gate)?.();
  };
  return { server, release };
}

async function coreClient(server: McpServer): Promise<{ client: Client; statuses: Record<string, unknown>[] }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "core", version: "1" }, { protocolVersions: ["2025-11-25"] });
  const statuses: Record<string, unknown>[] = [];
  client.onNotification("notifications/tasks/status", (params) => {
    statuses.push(params as unknown as Record<string, unknown>);
  });
  await client.connect(clientSide);
  return { client, statuses };
}

describe("task status notifications take McpServer's notification path", () => {
  it("2025-11-25: notifications/tasks/status is published on the bus and delivered from it to the creating session only", async () => {
    const bus = new LoopbackBus();
    const { server, release } = gatedServer({ bus });
    // A second server on the same bus (another process's), with its own client: it must not hear of the task.
    const { server: otherNode } = gatedServer({ bus });
    const owner = await coreClient(server);
    const bystander = await coreClient(server);
    const elsewhere = await coreClient(otherNode);

    const { task } = await owner.client.tasks.callTool({ name: "gated", arguments: { gate: "a" } });
    const taskId = task?.taskId ?? "";
    await release("a");
    await vi.waitFor(() => expect(owner.statuses.map((status) => status.status)).toContain("completed"));

    const published = bus.published.filter((change) => change.kind === "taskStatus");
    expect(published.length).toBeGreaterThan(0);
    expect(published.every((change) => change.kind === "taskStatus" && change.taskId === taskId)).toBe(true);
    const last = owner.statuses.at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ taskId, status: "completed", ttl: expect.any(Number) });
    // The notification carries no related-task metadata (the spec's SHOULD NOT).
    expect(last._meta).toBeUndefined();
    expect(bystander.statuses).toEqual([]);
    expect(elsewhere.statuses).toEqual([]);

    // With the bus unreachable, this process's own clients still hear of the change.
    bus.reachable = false;
    const second = await owner.client.tasks.callTool({ name: "gated", arguments: { gate: "b" } });
    await release("b");
    await vi.waitFor(() =>
      expect(
        owner.statuses.some((status) => status.taskId === second.task?.taskId && status.status === "completed"),
      ).toBe(true),
    );
    for (const client of [owner, bystander, elsewhere]) await client.client.close();
  });

  it("2025-11-25 without a bus: the same notifications reach the creating session directly", async () => {
    const { server, release } = gatedServer();
    const owner = await coreClient(server);
    const { task } = await owner.client.tasks.callTool({ name: "gated", arguments: { gate: "c" } });
    await release("c");
    await vi.waitFor(() =>
      expect(owner.statuses).toContainEqual(expect.objectContaining({ taskId: task?.taskId, status: "completed" })),
    );
    await owner.client.close();
  });
});

describe("notifications/tasks on subscriptions/listen (tasks extension)", () => {
  it("a stream hears of the tasks it asked for and owns, and of no other", async () => {
    const bus = new LoopbackBus();
    const { server, release } = gatedServer({ bus });
    const http = new StreamableHttpServer(server, {
      principal: (request) => request.headers.get("x-user") ?? undefined,
    });
    const listening = await listen(http.handle, { port: 0 });
    const clientFor = async (user: string, tasks = true) => {
      const client = new Client({ name: user, version: "1" }, { negotiation: "stateless", tasks });
      const heard: Record<string, unknown>[] = [];
      client.onNotification("notifications/tasks" as never, (params: unknown) => {
        heard.push(params as Record<string, unknown>);
      });
      await client.connect(new StreamableHttpClientTransport(listening.url, { headers: { "x-user": user } }));
      return { client, heard };
    };
    const alice = await clientFor("alice");
    const mallory = await clientFor("mallory");
    const plain = await clientFor("alice");
    const undeclared = await clientFor("alice", false);
    try {
      const { task } = await alice.client.tasks.callTool({ name: "gated", arguments: { gate: "l" } });
      const taskId = task?.taskId ?? "";
      const aliceStream = alice.client.listen({ taskIds: [taskId, "no-such-task"] });
      const malloryStream = mallory.client.listen({ taskIds: [taskId] });
      const plainStream = plain.client.listen({ toolsListChanged: true });
      // Agreed: the caller's own task only; another principal's id is left out as an unknown one is.
      expect(await aliceStream.acknowledged).toEqual({ taskIds: [taskId] });
      expect(await malloryStream.acknowledged).toEqual({ taskIds: [] });
      expect(await plainStream.acknowledged).toEqual({ toolsListChanged: true });
      // A client that did not declare the extension may not ask for task notifications (-32021).
      const refused = undeclared.client.listen({ taskIds: [taskId] });
      await expect(refused.closed).rejects.toMatchObject({ code: -32021 });

      await release("l");
      await vi.waitFor(() => expect(alice.heard.map((task) => task.status)).toContain("completed"));
      const completed = alice.heard.find((task) => task.status === "completed") as Record<string, unknown>;
      // A complete DetailedTask, as tasks/get would show it, tagged with the subscription.
      expect(completed).toMatchObject({
        taskId,
        status: "completed",
        result: { content: [{ type: "text", text: "released l" }] },
      });
      expect(completed._meta).toHaveProperty(["io.modelcontextprotocol/subscriptionId"]);
      expect(bus.published.some((change) => change.kind === "taskStatus" && change.era === "extension")).toBe(true);
      // Give any stray delivery time to arrive before asserting none did.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(mallory.heard).toEqual([]);
      expect(plain.heard).toEqual([]);
      for (const stream of [aliceStream, malloryStream, plainStream]) stream.close();
    } finally {
      for (const each of [alice, mallory, plain, undeclared]) await each.client.close();
      await listening.close();
    }
  });
});

describe("a Standard Schema elicitation inside a task", () => {
  function formServer() {
    const server = new McpServer({ name: "forms", version: "1" }, { tasks: { pollIntervalMs: 10 } });
    server.registerTool(
      "ask_age",
      { inputSchema: { type: "object", properties: {} }, execution: { taskSupport: "optional" } },
      async (_args, context) => {
        const answer = await context.elicitForm({
          message: "How old?",
          requestedSchema: { age: z.number().int().min(0) },
        });
        const age: number | undefined = answer.content?.age;
        return { content: [{ type: "text", text: `age ${age} (${typeof age})` }] };
      },
    );
    return server;
  }

  for (const era of ["core", "extension"] as const) {
    it(`${era}: the client gets the form's JSON Schema, the handler the parsed answer; a bad answer fails the task with -32602`, async () => {
      const server = formServer();
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client =
        era === "core"
          ? new Client({ name: "c", version: "1" }, { protocolVersions: ["2025-11-25"] })
          : new Client({ name: "c", version: "1" }, { negotiation: "stateless", tasks: true });
      const schemas: unknown[] = [];
      let nextAge: unknown = 42;
      client.onElicitation((params) => {
        schemas.push((params as { requestedSchema: unknown }).requestedSchema);
        return { action: "accept", content: { age: nextAge as number } };
      });
      await client.connect(clientSide);

      const good = await client.tasks.callTool({ name: "ask_age", arguments: {} });
      expect(good.task?.taskId).toBeDefined();
      const result = await client.tasks.result(good.task?.taskId ?? "");
      expect(result.content).toEqual([{ type: "text", text: "age 42 (number)" }]);
      expect(schemas[0]).toMatchObject({
        type: "object",
        properties: { age: { type: "integer", minimum: 0 } },
        required: ["age"],
      });

      nextAge = -3;
      const bad = await client.tasks.callTool({ name: "ask_age", arguments: {} });
      await expect(client.tasks.result(bad.task?.taskId ?? "")).rejects.toMatchObject({ code: -32602 });
      expect((await client.tasks.get(bad.task?.taskId ?? "")).status).toBe("failed");
      await client.close();
    });
  }
});

describe("a tool that must run as a task, under versions without tasks", () => {
  function requiredServer() {
    const server = new McpServer({ name: "required", version: "1" }, { tasks: {} });
    let runs = 0;
    server.registerTool(
      "must_task",
      { inputSchema: { type: "object", properties: {} }, execution: { taskSupport: "required" } },
      async () => {
        runs++;
        return { content: [{ type: "text", text: "ran" }] };
      },
    );
    server.registerTool(
      "may_task",
      { inputSchema: { type: "object", properties: {} }, execution: { taskSupport: "optional" } },
      async () => ({ content: [{ type: "text", text: "inline" }] }),
    );
    return { server, runs: () => runs };
  }

  for (const version of ["2024-11-05", "2025-03-26", "2025-06-18"] as const) {
    it(`${version}: it is not listed, a call gets -32601 and never runs; an optional one runs inline`, async () => {
      const { server, runs } = requiredServer();
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: "old", version: "1" }, { protocolVersions: [version] });
      await client.connect(clientSide);
      expect(client.clientSession.protocolVersion).toBe(version);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["may_task"]);
      await expect(client.callTool({ name: "must_task", arguments: {} })).rejects.toMatchObject({
        code: -32601,
        message: expect.stringContaining("must run as a task"),
      });
      expect(runs()).toBe(0);
      expect((await client.callTool({ name: "may_task", arguments: {} })).content).toEqual([
        { type: "text", text: "inline" },
      ]);
      await client.close();
    });
  }

  it("2025-11-25 lists it with its taskSupport and refuses a plain call with -32601; a task call runs it", async () => {
    const { server, runs } = requiredServer();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "new", version: "1" }, { protocolVersions: ["2025-11-25"] });
    await client.connect(clientSide);
    const listed = await client.listTools();
    expect(listed.tools.find((tool) => tool.name === "must_task")?.execution).toEqual({ taskSupport: "required" });
    await expect(client.callTool({ name: "must_task", arguments: {} })).rejects.toMatchObject({ code: -32601 });
    const { task } = await client.tasks.callTool({ name: "must_task", arguments: {} });
    expect((await client.tasks.result(task?.taskId ?? "")).content).toEqual([{ type: "text", text: "ran" }]);
    expect(runs()).toBe(1);
    await client.close();
  });
});

describe("the methods the tasks extension removes", () => {
  it("2026-07-28: tasks/result and tasks/list answer -32601, even to a client that declared the extension", async () => {
    const { server } = gatedServer();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "ext", version: "1" }, { negotiation: "stateless", tasks: true });
    await client.connect(clientSide);
    const version = client.clientSession.protocolVersion;
    const envelope = {
      "io.modelcontextprotocol/protocolVersion": version,
      "io.modelcontextprotocol/clientCapabilities": { extensions: { "io.modelcontextprotocol/tasks": {} } },
    };
    const { task } = await client.tasks.callTool({ name: "gated", arguments: { gate: "r" } });
    for (const [method, params] of [
      ["tasks/result", { taskId: task?.taskId }],
      ["tasks/list", {}],
    ] as const) {
      await expect(
        client.clientSession.dispatcher.sendRawRequest(method, { ...params, _meta: envelope }),
        method,
      ).rejects.toMatchObject({ code: -32601 });
    }
    // tasks/get, which the extension keeps, answers.
    expect((await client.tasks.get(task?.taskId ?? "")).status).toBe("working");
    await client.close();
  });
});
