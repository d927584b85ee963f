/**
 * Core tasks (2025-11-25) with the client as the receiver: a server asks for `sampling/createMessage`
 * or `elicitation/create` with a `task`, the client runs its ordinary handler as a task in its own
 * store and answers `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel`, telling the server of
 * status changes. The server's handler asks through the same `ctx.createMessage` / `ctx.elicitForm`
 * (with `{ task }`) and gets the final result. Both ways: our server with our client; the official
 * SDK v1 server (its experimental `createMessageStream`) with our client; our server with the
 * official SDK v1 client (its task store answering the polls).
 */
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTaskStore as OfficialTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import { InMemoryTransport as OfficialInMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server as OfficialServer } from "@modelcontextprotocol/sdk/server/index.js";
import { CreateMessageRequestSchema, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it, vi } from "vitest";
import { Client, InMemoryTransport, McpServer, type Transport } from "../../src/index.js";

interface Asked {
  sampling: Record<string, unknown>[];
  elicitation: Record<string, unknown>[];
}

/** A server whose tool asks the client for a message and a form, each as a task when the client can take one. */
function askingServer() {
  const server = new McpServer({ name: "asker", version: "1" });
  const statuses: Record<string, unknown>[] = [];
  server.runner.setNotificationHandler("notifications/tasks/status", (params) => {
    statuses.push(params as Record<string, unknown>);
  });
  server.registerTool("ask_client", { inputSchema: { type: "object", properties: {} } }, async (_args, context) => {
    const message = await context.createMessage(
      { messages: [{ role: "user", content: { type: "text", text: "Hi" } }], maxTokens: 10 },
      { task: true },
    );
    const form = await context.elicitForm(
      {
        message: "Name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      },
      { task: { ttlMs: 30_000 } },
    );
    const text = message.content as { text?: string };
    return { content: [{ type: "text", text: `${text.text} / ${String(form.content?.name)}` }] };
  });
  server.registerTool("slow_ask", { inputSchema: { type: "object", properties: {} } }, async (_args, context) => {
    await context.createMessage(
      { messages: [{ role: "user", content: { type: "text", text: "slow" } }], maxTokens: 10 },
      { task: true },
    );
    return { content: [{ type: "text", text: "never" }] };
  });
  return { server, statuses };
}

/** Our client, taking tasks or not, with handlers that take a little while. */
function ourClient(receiveTasks: boolean, asked: Asked, slow?: { release: Promise<void> }) {
  const client = new Client(
    { name: "receiver", version: "1" },
    { protocolVersions: ["2025-11-25"], receiveTasks: receiveTasks ? { pollIntervalMs: 15 } : false },
  );
  client.onSampling(async (params) => {
    asked.sampling.push(params as unknown as Record<string, unknown>);
    const prompt = (params.messages[0]?.content as { text?: string } | undefined)?.text;
    if (prompt === "slow" && slow) await slow.release;
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { role: "assistant", content: { type: "text", text: "sampled" }, model: "m" };
  });
  client.onElicitation(async (params) => {
    asked.elicitation.push(params as unknown as Record<string, unknown>);
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { action: "accept", content: { name: "ada" } };
  });
  return client;
}

describe("client-run tasks (2025-11-25): our server, our client", () => {
  it("the server asks with a task, polls it to the end and the handler gets the results", async () => {
    const { server, statuses } = askingServer();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const connection = await server.connect(serverSide);
    const asked: Asked = { sampling: [], elicitation: [] };
    const client = ourClient(true, asked);
    await client.connect(clientSide);
    // Declared at initialize: list, cancel and the two requests whose handlers are set.
    expect(connection.connection.clientCapabilities.tasks).toEqual({
      list: {},
      cancel: {},
      requests: { sampling: { createMessage: {} }, elicitation: { create: {} } },
    });

    const result = await client.callTool({ name: "ask_client", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "sampled / ada" }]);
    // The handlers got the request without the task field; the tasks ran in the client's store.
    expect(asked.sampling[0]).not.toHaveProperty("task");
    expect(asked.elicitation[0]).not.toHaveProperty("task");
    const receiver = client.receivedTasks;
    expect(receiver).toBeDefined();
    const listed = await receiver?.store.list("server");
    expect(listed?.tasks.map((task) => [task.method, task.status])).toEqual([
      ["sampling/createMessage", "completed"],
      ["elicitation/create", "completed"],
    ]);
    // The ttl the server asked for the elicitation was kept.
    expect(listed?.tasks[1]?.ttlMs).toBe(30_000);
    // The client told the server of each task's end.
    await vi.waitFor(() => expect(statuses.filter((status) => status.status === "completed")).toHaveLength(2));
    expect(receiver?.runningCount).toBe(0);
    await client.close();
  });

  it("a client that does not take tasks is asked plainly, and the handler does not change", async () => {
    const { server } = askingServer();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const connection = await server.connect(serverSide);
    const client = ourClient(false, { sampling: [], elicitation: [] });
    await client.connect(clientSide);
    expect(connection.connection.clientCapabilities.tasks).toBeUndefined();
    expect(client.receivedTasks).toBeUndefined();
    const result = await client.callTool({ name: "ask_client", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "sampled / ada" }]);
    await client.close();
  });

  it("cancelling the tool call cancels the client's task (tasks/cancel)", async () => {
    const { server } = askingServer();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    let release: () => void = () => {};
    const slow = { release: new Promise<void>((resolve) => (release = resolve)) };
    const client = ourClient(true, { sampling: [], elicitation: [] }, slow);
    await client.connect(clientSide);
    const controller = new AbortController();
    const call = client.callTool({ name: "slow_ask", arguments: {} }, { signal: controller.signal });
    const store = () => client.receivedTasks?.store.list("server");
    await vi.waitFor(async () => expect((await store())?.tasks[0]?.status).toBe("working"));
    controller.abort("changed my mind");
    await expect(call).rejects.toBeDefined();
    await vi.waitFor(async () => expect((await store())?.tasks[0]?.status).toBe("cancelled"));
    release();
    // A cancelled task stays cancelled after its work ends.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await store())?.tasks[0]?.status).toBe("cancelled");
    await client.close();
  });

  it("the client's task endpoints: unknown ids and ended tasks get -32602", async () => {
    const { server } = askingServer();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const connection = await server.connect(serverSide);
    const client = ourClient(true, { sampling: [], elicitation: [] });
    await client.connect(clientSide);
    await client.callTool({ name: "ask_client", arguments: {} });
    const session = connection.session;
    await expect(session.sendRequest("tasks/get", { taskId: "nope" })).rejects.toMatchObject({ code: -32602 });
    await expect(session.sendRequest("tasks/result", { taskId: "nope" })).rejects.toMatchObject({ code: -32602 });
    const { tasks } = await session.sendRequest<{ tasks: { taskId: string }[] }>("tasks/list", {});
    expect(tasks).toHaveLength(2);
    await expect(session.sendRequest("tasks/cancel", { taskId: tasks[0]?.taskId })).rejects.toMatchObject({
      code: -32602,
    });
    const payload = await session.sendRequest<Record<string, unknown>>("tasks/result", { taskId: tasks[0]?.taskId });
    expect(payload).toMatchObject({
      model: "m",
      _meta: { "io.modelcontextprotocol/related-task": { taskId: tasks[0]?.taskId } },
    });
    await client.close();
  });
});

describe("client-run tasks (2025-11-25) with the official SDK v1", () => {
  it("the official server's experimental createMessageStream / elicitInputStream drive our client's tasks", async () => {
    const official = new OfficialServer({ name: "official", version: "1" }, { capabilities: {} });
    const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
    await official.connect(serverSide);
    const asked: Asked = { sampling: [], elicitation: [] };
    const client = ourClient(true, asked);
    await client.connect(clientSide as unknown as Transport);

    const kinds: string[] = [];
    let sampled: unknown;
    for await (const message of official.experimental.tasks.createMessageStream(
      { messages: [{ role: "user", content: { type: "text", text: "Hi" } }], maxTokens: 10 },
      { task: { ttl: 20_000 } },
    )) {
      kinds.push(message.type);
      if (message.type === "result") sampled = message.result;
      if (message.type === "error") throw message.error;
    }
    expect(kinds[0]).toBe("taskCreated");
    expect(kinds.at(-1)).toBe("result");
    expect(sampled).toMatchObject({ role: "assistant", content: { type: "text", text: "sampled" }, model: "m" });

    let elicited: unknown;
    for await (const message of official.experimental.tasks.elicitInputStream(
      {
        mode: "form",
        message: "Name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      },
      { task: {} },
    )) {
      if (message.type === "result") elicited = message.result;
      if (message.type === "error") throw message.error;
    }
    expect(elicited).toMatchObject({ action: "accept", content: { name: "ada" } });
    const listed = await official.experimental.tasks.listTasks();
    expect(listed.tasks.map((task) => task.status)).toEqual(["completed", "completed"]);
    await client.close();
  });

  it("our server's ctx.createMessage({ task }) polls the official client's task store to the result", async () => {
    const { server, statuses } = askingServer();
    const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
    await server.connect(serverSide as unknown as Transport);
    const client = new OfficialClient(
      { name: "official", version: "1" },
      {
        capabilities: {
          sampling: {},
          elicitation: {},
          tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } },
        },
        taskStore: new OfficialTaskStore(),
      },
    );
    let tasksCreated = 0;
    client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
      const result = { role: "assistant" as const, content: { type: "text" as const, text: "official" }, model: "v1" };
      if (!request.params.task || !extra.taskStore) return result;
      const task = await extra.taskStore.createTask({ ttl: request.params.task.ttl ?? 60_000, pollInterval: 20 });
      tasksCreated++;
      setTimeout(() => void extra.taskStore?.storeTaskResult(task.taskId, "completed", result), 40);
      return { task };
    });
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const result = { action: "accept" as const, content: { name: "v1" } };
      if (!request.params.task || !extra.taskStore) return result;
      const task = await extra.taskStore.createTask({ ttl: request.params.task.ttl ?? 60_000, pollInterval: 20 });
      tasksCreated++;
      setTimeout(() => void extra.taskStore?.storeTaskResult(task.taskId, "completed", result), 40);
      return { task };
    });
    await client.connect(clientSide);
    const result = await client.callTool({ name: "ask_client", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "official / v1" }]);
    expect(tasksCreated).toBe(2);
    // The official client's task store told our server of the ends.
    await vi.waitFor(() => expect(statuses.some((status) => status.status === "completed")).toBe(true));
    await client.close();
  });
});
