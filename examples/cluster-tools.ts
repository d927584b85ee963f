/**
 * The tools a node of a scaled-out everything server adds (`--redis`): each answer names the node
 * that ran it, so that a client (or a test) behind a round-robin balancer can see which process
 * did what, and that a cancellation, a progress report or a change crossed from one process to
 * another.
 */
import type { McpServer } from "../src/index.js";

/** A resource that changes only when `test_update_cluster_resource` is called (never on a timer). */
export const CLUSTER_RESOURCE = "test://cluster-resource";

/**
 * Registers the node's tools on `server`: `test_node_info` (this node's id, and the calls and tasks
 * whose signal aborted here), `test_wait_for_cancel` (waits for its call or task to be cancelled),
 * `test_sampling_progress` (a sampling request that listens for the client's progress) and
 * `test_update_cluster_resource` (changes CLUSTER_RESOURCE from this node).
 */
export function registerClusterTools(server: McpServer, nodeId: string): void {
  /** Labels of the calls (or tasks) whose signal aborted in this process, in order. */
  const aborted: string[] = [];
  let version = 0;
  const noArgs = { type: "object", properties: {} } as const;
  const text = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value) }] });

  server.registerTool(
    "test_node_info",
    { description: "This node's id, and the labels of test_wait_for_cancel calls aborted here", inputSchema: noArgs },
    () => text({ node: nodeId, aborted }),
  );

  server.registerTool(
    "test_wait_for_cancel",
    {
      description:
        "Waits up to `seconds` (default 30) for its call or task to be cancelled; records `label` on this node when it is",
      inputSchema: {
        type: "object",
        properties: { label: { type: "string" }, seconds: { type: "number", minimum: 0 } },
        required: ["label"],
      },
      execution: { taskSupport: "optional" },
    },
    async ({ label, seconds }, context) => {
      const signal = context.signal;
      const cancelled = await new Promise<boolean>((resolve) => {
        if (signal.aborted) return resolve(true);
        const timer = setTimeout(() => resolve(false), (seconds ?? 30) * 1000);
        signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve(true);
          },
          { once: true },
        );
      });
      if (!cancelled) return text({ node: nodeId, label, cancelled: false });
      aborted.push(label);
      throw signal.reason;
    },
  );

  server.registerTool(
    "test_sampling_progress",
    {
      description: "Asks the client's LLM for a message, with a progress token; answers with the progress it heard",
      inputSchema: noArgs,
    },
    async (_args, context) => {
      const progress: number[] = [];
      const answer = await context.session.createMessage(
        { messages: [{ role: "user", content: { type: "text", text: "report progress" } }], maxTokens: 10 },
        { onProgress: (report) => void progress.push(report.progress) },
      );
      return text({ node: nodeId, progress, model: answer.model });
    },
  );

  server.registerResource(
    "cluster-resource",
    CLUSTER_RESOURCE,
    { mimeType: "text/plain", description: "Changes only when test_update_cluster_resource is called" },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/plain", text: `version ${version}` }] }),
  );

  server.registerTool(
    "test_update_cluster_resource",
    { description: `Changes ${CLUSTER_RESOURCE} (resources/updated, raised on this node)`, inputSchema: noArgs },
    async () => {
      version++;
      await server.sendResourceUpdated(CLUSTER_RESOURCE);
      return text({ node: nodeId, version });
    },
  );
}
