/**
 * The long-running tools of the everything server: the fixtures the conformance suite's `tasks-*`
 * scenarios call, each an ordinary tool handler that declares it may (or must) run as a task. The
 * same handlers serve a 2025-11-25 client (a `tools/call` carrying `task`) and a client of the tasks
 * extension (which gets the task handle unasked).
 */
import { McpError, type McpServer } from "../src/index.js";

/** Waits `ms`, or rejects as soon as `signal` aborts (a cancelled task stops at once). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export function registerTaskTools(server: McpServer): void {
  server.registerTool(
    "greet",
    {
      description: "Greets by name, at once (never a task)",
      inputSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    },
    ({ name }) => ({ content: [{ type: "text", text: `Hello, ${name}!` }] }),
  );

  server.registerTool(
    "slow_compute",
    {
      description: "Sleeps `seconds`, reporting progress, then answers; runs as a task when the client can take one",
      inputSchema: {
        type: "object",
        properties: { seconds: { type: "number", minimum: 0 }, label: { type: "string" } },
        required: ["seconds"],
      },
      execution: { taskSupport: "optional" },
    },
    async ({ seconds, label }, context) => {
      const steps = Math.max(1, Math.ceil(seconds * 4));
      for (let step = 1; step <= steps && seconds > 0; step++) {
        await sleep((seconds * 1000) / steps, context.signal);
        await context.reportProgress({ progress: step, total: steps, message: `step ${step} of ${steps}` });
      }
      return { content: [{ type: "text", text: `computed ${label ?? "result"} after ${seconds}s` }] };
    },
  );

  server.registerTool(
    "failing_job",
    {
      description: "Must run as a task; ends with a tool execution error",
      inputSchema: { type: "object", properties: {} },
      execution: { taskSupport: "required" },
    },
    async (_args, context) => {
      await sleep(300, context.signal);
      return { content: [{ type: "text", text: "the job failed: no such input" }], isError: true };
    },
  );

  server.registerTool(
    "protocol_error_job",
    {
      description: "Runs as a task and fails with a JSON-RPC error",
      inputSchema: { type: "object", properties: {} },
      execution: { taskSupport: "optional" },
    },
    async (_args, context) => {
      await sleep(100, context.signal);
      throw new McpError(-32603, "the job's backend is unavailable");
    },
  );

  server.registerTool(
    "confirm_delete",
    {
      description: "Asks the user to confirm deleting a file, then answers",
      inputSchema: { type: "object", properties: { filename: { type: "string" } }, required: ["filename"] },
      execution: { taskSupport: "optional" },
    },
    async ({ filename }, context) => {
      const answer = await context.elicitForm({
        message: `Delete ${filename}?`,
        requestedSchema: { type: "object", properties: { confirm: { type: "boolean" } }, required: ["confirm"] },
      });
      const confirmed = answer.action === "accept" && answer.content?.confirm === true;
      return { content: [{ type: "text", text: confirmed ? `deleted ${filename}` : `kept ${filename}` }] };
    },
  );

  server.registerTool(
    "multi_input",
    {
      description: "Asks two questions at once",
      inputSchema: { type: "object", properties: {} },
      execution: { taskSupport: "optional" },
    },
    async (_args, context) => {
      const form = {
        type: "object",
        properties: { name: { type: "string" }, confirm: { type: "boolean" } },
      } as const;
      const [first, second] = await Promise.all([
        context.elicitForm({ message: "First name?", requestedSchema: form }),
        context.elicitForm({ message: "Second name?", requestedSchema: form }),
      ]);
      return {
        content: [
          { type: "text", text: `first=${String(first.content?.name)} second=${String(second.content?.name)}` },
        ],
      };
    },
  );

  server.registerTool(
    "test_tool_with_task",
    {
      description: "Asks for a name over multi round-trip requests, then finishes as a task",
      inputSchema: { type: "object", properties: {} },
      execution: { taskSupport: "required", startTask: "manual" },
    },
    async (_args, context) => {
      const answer = await context.elicitForm(
        {
          message: "Your name?",
          requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
        },
        { key: "user_name" },
      );
      await context.startTask?.();
      await sleep(200, context.signal);
      return { content: [{ type: "text", text: `Hello, ${String(answer.content?.name)}!` }] };
    },
  );
}
