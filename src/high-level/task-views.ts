/**
 * The client's view of tasks, shared by the part of Client.tasks loaded at once (tasks-client.ts) and
 * the calls loaded on first use (task-calls.ts), so that neither imports the other but through the
 * lazy `import()`.
 */

import type { Params } from "../jsonrpc/outbound.js";
import type * as Model from "../protocol/model.js";
import type { TaskError, TaskStatus } from "../tasks/task-store.js";

/** A task as a poll shows it, the same in both eras (the core tasks' `ttl`/`pollInterval` named as the extension names them). */
export interface TaskView {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttlMs: number | null;
  pollIntervalMs?: number;
  /** `completed` (tasks extension: inlined in the poll). */
  result?: Params;
  /** `failed` (tasks extension). */
  error?: TaskError;
  /** `input_required` (tasks extension): what the task waits for. */
  inputRequests?: Record<string, { method: string; params?: Params }>;
}

/** How a task is awaited. */
export interface AwaitTaskOptions {
  signal?: AbortSignal;
  /** Told of every poll's view of the task. */
  onStatus?: (task: TaskView) => void;
  /** Polling interval when the server suggests none, in ms (default 1000). */
  defaultPollIntervalMs?: number;
}

/** A tool call's outcome when tasks may be involved: the result at once, or a task to follow. */
export type TaskCallOutcome =
  | { result: Model.CallToolResult; task?: undefined }
  | { task: TaskView; result?: undefined };
