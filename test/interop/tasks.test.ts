/**
 * Tasks, one tool for both eras: the same task-capable McpServer tool driven by a 2025-11-25 client
 * (core tasks: `task` on the call, tasks/get, tasks/result, tasks/cancel), by a client of the tasks
 * extension (stateless lifecycle: the handle comes unasked, tasks/get, tasks/update, tasks/cancel),
 * and by the official SDK v1 client's experimental tasks API. Input reaches the tool through the
 * clients' ordinary elicitation handlers; progress becomes the task's status message; cancellation
 * aborts the handler's signal. Isolation: another session (2025-11-25) or another principal
 * (tasks extension over Streamable HTTP) gets -32602 as for an unknown task.
 */
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport as OfficialInMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it, vi } from "vitest";
import { listen } from "../../src/entry/node.js";
import {
  Client,
  InMemoryTransport,
  McpServer,
  StreamableHttpClientTransport,
  StreamableHttpServer,
} from "../../src/index.js";

interface Seen {
  aborted: number;
  runs: number;
}

function taskServer(seen: Seen = { aborted: 0, runs: 0 }): McpServer {
  const server = new McpServer({ name: "tasks", version: "1" }, { tasks: { pollIntervalMs: 20 } });
  server.registerTool(
    "long_job",
    {
      description: "Confirms with the user, reports progress, answers",
      inputSchema: { type: "object", properties: { steps: { type: "integer" } }, required: ["steps"] },
      execution: { taskSupport: "optional" },
    },
    async ({ steps }, context) => {
      seen.runs++;
      const answer = await context.elicitForm({
        message: "Go ahead?",
        requestedSchema: { type: "object", properties: { who: { type: "string" } }, required: ["who"] },
      });
      for (let step = 1; step <= steps; step++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await context.reportProgress({ progress: step, total: steps, message: `step ${step}/${steps}` });
      }
      return { content: [{ type: "text", text: `done ${steps} steps for ${String(answer.content?.who)}` }] };
    },
  );
  server.registerTool(
    "wait_forever",
    {
      description: "Runs until cancelled",
      inputSchema: { type: "object", properties: {} },
      execution: { taskSupport: "required" },
    },
    (_args, context) =>
      new Promise((_resolve, reject) => {
        context.signal.addEventListener("abort", () => {
          seen.aborted++;
          reject(context.signal.reason);
        });
      }),
  );
  return server;
}

async function connected(server: McpServer, era: "core" | "extension"): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client =
    era === "core"
      ? new Client({ name: "core-client", version: "1" }, { protocolVersions: ["2025-11-25"] })
      : new Client({ name: "extension-client", version: "1" }, { negotiation: "stateless", tasks: true });
  client.onElicitation(() => ({ action: "accept", content: { who: era } }));
  await client.connect(clientSide);
  return client;
}

describe("tasks in both eras", () => {
  it("one tool, one handler: a 2025-11-25 client and a tasks-extension client each run it as a task", async () => {
    const seen = { aborted: 0, runs: 0 };
    const server = taskServer(seen);
    const core = await connected(server, "core");
    const extension = await connected(server, "extension");

    // 2025-11-25: the tool advertises execution.taskSupport; the call asks for a task explicitly.
    const listed = await core.listTools();
    expect(listed.tools.find((tool) => tool.name === "long_job")?.execution).toEqual({ taskSupport: "optional" });
    expect(core.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    const coreCall = await core.tasks.callTool({ name: "long_job", arguments: { steps: 3 } }, { ttlMs: 60_000 });
    expect(coreCall.task?.status).toBe("working");
    expect(coreCall.task?.ttlMs).toBe(60_000);
    const coreStatuses: string[] = [];
    const coreResult = await core.tasks.result(coreCall.task?.taskId ?? "", {
      onStatus: (task) => coreStatuses.push(task.status),
    });
    expect(coreResult.content).toEqual([{ type: "text", text: "done 3 steps for core" }]);
    expect((coreResult._meta as Record<string, unknown>)["io.modelcontextprotocol/related-task"]).toEqual({
      taskId: coreCall.task?.taskId,
    });
    expect((await core.tasks.list()).tasks.map((task) => task.taskId)).toContain(coreCall.task?.taskId);

    // The tasks extension: declared by both sides; the server answers with the handle unasked.
    const discovered = extension.getServerCapabilities() as { extensions?: Record<string, unknown>; tasks?: unknown };
    expect(discovered.extensions).toHaveProperty(["io.modelcontextprotocol/tasks"]);
    expect(discovered.tasks).toBeUndefined();
    const extensionCall = await extension.tasks.callTool({ name: "long_job", arguments: { steps: 2 } });
    expect(extensionCall.task?.status).toBe("working");
    const seenViews: string[] = [];
    const extensionResult = await extension.tasks.result(extensionCall.task?.taskId ?? "", {
      onStatus: (task) => seenViews.push(`${task.status}:${task.statusMessage ?? ""}`),
    });
    expect(extensionResult.content).toEqual([{ type: "text", text: "done 2 steps for extension" }]);
    // The tool waited for input (answered through onElicitation via tasks/update) and its progress became the status message.
    expect(seenViews.some((view) => view.startsWith("input_required"))).toBe(true);
    expect(seenViews.at(-1)).toMatch(/^completed:step 2\/2$/);
    // callTool follows a task to its result without the caller seeing it.
    const plain = await extension.callTool({ name: "long_job", arguments: { steps: 1 } });
    expect(plain.content).toEqual([{ type: "text", text: "done 1 steps for extension" }]);
    expect(seen.runs).toBe(3);

    // Cancellation reaches the handler's signal in both eras.
    const coreWait = await core.tasks.callTool({ name: "wait_forever", arguments: {} });
    await core.tasks.cancel(coreWait.task?.taskId ?? "");
    expect((await core.tasks.get(coreWait.task?.taskId ?? "")).status).toBe("cancelled");
    const extensionWait = await extension.tasks.callTool({ name: "wait_forever", arguments: {} });
    await extension.tasks.cancel(extensionWait.task?.taskId ?? "");
    expect((await extension.tasks.get(extensionWait.task?.taskId ?? "")).status).toBe("cancelled");
    await vi.waitFor(() => expect(seen.aborted).toBe(2));
    expect(server.tasks.runningCount).toBe(0);

    // A required-task tool refuses a call that cannot be a task, as each era says.
    await expect(core.callTool({ name: "wait_forever", arguments: {} })).rejects.toMatchObject({ code: -32601 });
    await core.close();
    await extension.close();
  });

  it("the official SDK v1 client drives the same tool through its experimental tasks API", async () => {
    const server = taskServer();
    const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new OfficialClient({ name: "official", version: "1" }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      expect(request.params._meta?.["io.modelcontextprotocol/related-task"]).toBeDefined();
      return { action: "accept", content: { who: "official" } };
    });
    await client.connect(clientSide);
    await client.listTools(); // teaches it which tools run as tasks
    const kinds: string[] = [];
    let taskId: string | undefined;
    let result: unknown;
    for await (const message of client.experimental.tasks.callToolStream(
      { name: "long_job", arguments: { steps: 2 } },
      undefined,
      { task: { ttl: 30_000 } },
    )) {
      kinds.push(message.type);
      if (message.type === "taskCreated") taskId = message.task.taskId;
      if (message.type === "result") result = message.result;
      if (message.type === "error") throw message.error;
    }
    expect(kinds[0]).toBe("taskCreated");
    expect(kinds.at(-1)).toBe("result");
    expect((result as { content: unknown }).content).toEqual([{ type: "text", text: "done 2 steps for official" }]);
    const task = await client.experimental.tasks.getTask(taskId ?? "");
    expect(task.status).toBe("completed");
    const listed = await client.experimental.tasks.listTasks();
    expect(listed.tasks.map((entry) => entry.taskId)).toEqual([taskId]);
    const waiting = client.experimental.tasks.callToolStream({ name: "wait_forever", arguments: {} }, undefined, {
      task: {},
    });
    const created = (await waiting.next()).value as { type: string; task: { taskId: string } };
    expect(created.type).toBe("taskCreated");
    const cancelled = await client.experimental.tasks.cancelTask(created.task.taskId);
    expect(cancelled.status).toBe("cancelled");
    await waiting.return(undefined);
    await client.close();
  });
});

describe("task isolation", () => {
  it("2025-11-25: another session cannot see, poll, fetch or cancel a task (-32602, as for an unknown one)", async () => {
    const server = taskServer();
    const owner = await connected(server, "core");
    const other = await connected(server, "core");
    const { task } = await owner.tasks.callTool({ name: "wait_forever", arguments: {} });
    const taskId = task?.taskId ?? "";
    await expect(other.tasks.get(taskId)).rejects.toMatchObject({ code: -32602 });
    await expect(other.tasks.cancel(taskId)).rejects.toMatchObject({ code: -32602 });
    await expect(other.clientSession.request("tasks/result", { taskId })).rejects.toMatchObject({ code: -32602 });
    expect((await other.tasks.list()).tasks).toEqual([]);
    expect((await owner.tasks.get(taskId)).status).toBe("working");
    await owner.tasks.cancel(taskId);
    await owner.close();
    await other.close();
  });

  it("tasks extension over Streamable HTTP: another principal gets -32602 for tasks/get, tasks/update and tasks/cancel", async () => {
    const server = taskServer();
    const http = new StreamableHttpServer(server, {
      principal: (request) => request.headers.get("x-user") ?? undefined,
    });
    const listening = await listen(http.handle, { port: 0 });
    const clientFor = async (user: string) => {
      const client = new Client({ name: user, version: "1" }, { negotiation: "stateless", tasks: true });
      client.onElicitation(() => ({ action: "accept", content: { who: user } }));
      await client.connect(new StreamableHttpClientTransport(listening.url, { headers: { "x-user": user } }));
      return client;
    };
    const alice = await clientFor("alice");
    const mallory = await clientFor("mallory");
    try {
      const { task } = await alice.tasks.callTool({ name: "long_job", arguments: { steps: 1 } });
      const taskId = task?.taskId ?? "";
      await vi.waitFor(async () => expect((await alice.tasks.get(taskId)).status).toBe("input_required"));
      await expect(mallory.tasks.get(taskId)).rejects.toMatchObject({ code: -32602 });
      await expect(
        mallory.tasks.update(taskId, { "elicitation-1": { action: "accept", content: { who: "mallory" } } }),
      ).rejects.toMatchObject({ code: -32602 });
      await expect(mallory.tasks.cancel(taskId)).rejects.toMatchObject({ code: -32602 });
      const result = await alice.tasks.result(taskId);
      expect(result.content).toEqual([{ type: "text", text: "done 1 steps for alice" }]);
    } finally {
      await alice.close();
      await mallory.close();
      await listening.close();
    }
  });
});
