/**
 * Several processes serving one server's clients (behind a load balancer with no affinity): a
 * change made in one of them (a tool registered, a resource updated) must reach the clients
 * connected to every one. With a bus, McpServer publishes its changes on it instead of telling
 * its own clients, and tells its own clients of every change the bus brings, its own included.
 */
import type { ChangingList } from "./change-notifications.js";

/** A change clients hear of: lists that changed, or a resource that was updated. */
export type ServerChange = { kind: "listChanged"; lists: ChangingList[] } | { kind: "resourceUpdated"; uri: string };

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
]);
