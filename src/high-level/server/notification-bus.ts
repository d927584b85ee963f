/**
 * Several processes serving one server's clients (behind a load balancer with no affinity): a
 * change made in one of them (a tool registered, a resource updated) must reach the clients
 * connected to every one. With a bus, McpServer publishes its changes on it instead of telling
 * its own clients, and tells its own clients of every change the bus brings, its own included.
 */
import type { ChangingList } from "./change-notifications.js";

/**
 * A task's status changed: its owner's clients hear of it. `era` says how: `"core"`, a
 * `notifications/tasks/status` carrying `task` to the connection that created it (`connection`, a
 * session id across processes); `"extension"`, a `notifications/tasks` carrying `task` on every
 * `subscriptions/listen` stream of the same owner that asked for this task id.
 */
export interface TaskStatusChange {
  /** Tells this change from the others. */
  kind: "taskStatus";
  /** The task. */
  taskId: string;
  /** Who owns it (a session or a principal): only its clients hear of it. */
  owner: string;
  /** Which tasks: the core tasks, or the tasks extension. */
  era: "core" | "extension";
  /** Core tasks: the connection that created the task (`session:{id}` across processes). */
  connection?: string;
  /** The task as its era shows it (the core `Task`, or the extension's `DetailedTask`). */
  task: Record<string, unknown>;
}

/** A change clients hear of: lists that changed, a resource that was updated, or a task's status. */
export type ServerChange =
  | { kind: "listChanged"; lists: ChangingList[] }
  | { kind: "resourceUpdated"; uri: string }
  | TaskStatusChange;

/** Carries ServerChanges between the processes serving the same clients (see `typed-mcp/redis`). */
export interface NotificationBus {
  /** Sends a change to every process, this one included; rejects when the bus cannot be reached. */
  publish(change: ServerChange): Promise<void>;
  /** Calls `listener` with every change published by any process; returns the unsubscription. */
  subscribe(listener: (change: ServerChange) => void): () => void;
}

/** The notifications a bus delivers in every process: a process that cannot carry one to a client drops it. */
export const BUS_NOTIFICATIONS: ReadonlySet<string> = new Set([
  "notifications/tools/list_changed",
  "notifications/resources/list_changed",
  "notifications/prompts/list_changed",
  "notifications/resources/updated",
  "notifications/tasks/status",
  "notifications/tasks",
]);
