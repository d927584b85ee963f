/**
 * What McpServer's tasks share between the part loaded at once (server-tasks.ts) and the machinery
 * loaded on first use (tasks.ts): the options and tool-facing types, and which era of tasks a version
 * speaks. Both import from here, so neither imports the other but through the lazy `import()`.
 */

import { definesMethod } from "../../protocol/methods.js";
import { isStatelessProtocolVersion, type ProtocolVersion } from "../../protocol/versions.js";
import type { RequestContext } from "../../server/runner.js";
import type { TaskStore } from "../../tasks/task-store.js";
import type { TaskStatusChange } from "./notification-bus.js";

/** Whether a tool may run as a task: never (the default), when the client can take one, or always. */
export type TaskSupport = "forbidden" | "optional" | "required";

/** McpServer's `tasks` option. */
export interface TaskOptions {
  /** Where task records live (default: a bounded InMemoryTaskStore). */
  store?: TaskStore;
  /** A task's time to live, in ms, when the client asks for none (default 10 minutes). */
  ttlMs?: number;
  /** The longest time to live a client may ask for, in ms (default 1 hour). */
  maxTtlMs?: number;
  /** The polling interval suggested to clients, in ms (default 500). */
  pollIntervalMs?: number;
  /**
   * Who owns a task created by this request (default: the authenticated principal when there is
   * one, else the session; stateless requests without a principal share one owner, and the
   * unguessable task id is the only handle).
   */
  ownerOf?: (context: RequestContext) => string | undefined;
}

/** What ToolContext gains when the tool may run as a task. */
export interface TaskToolContext {
  /**
   * Starts the task now, if the call runs as one and it has not started: the client gets the task
   * handle, and the rest of the handler runs in the background. Tools start at once unless their
   * config says `startTask: "manual"` (to gather input over multi round-trip requests first).
   */
  startTask(): Promise<void>;
  /** The running task's id, once started (undefined when the call does not run as a task). */
  readonly taskId: string | undefined;
}

/** Whether a protocol version has tasks: the core (experimental) tasks or the tasks extension (stateless lifecycle). */
export function versionHasTasks(version: ProtocolVersion): boolean {
  return isStatelessProtocolVersion(version) || definesMethod(version, "clientRequests", "tasks/get");
}

/** Which tasks a version speaks: the tasks extension, or the core tasks. */
export type Era = "extension" | "core";

/** The era of a version that has tasks. */
export function eraOf(version: ProtocolVersion): Era {
  return definesMethod(version, "clientRequests", "tasks/get") ? "core" : "extension";
}

/** How one tools/call runs as a task: its era and time to live. */
export interface TaskMode {
  /** The era the call runs in. */
  era: Era;
  /** The task's time to live, in ms (null: unlimited). */
  ttlMs: number | null;
}

/** What the machinery of tasks.ts reads from the ServerTasks it serves. */
export interface TaskHost {
  /** Where task records live. */
  readonly store: TaskStore;
  /** The polling interval suggested to clients, in ms. */
  readonly pollIntervalMs: number;
  /** Who owns a task created by this request. */
  ownerOf(context: RequestContext): string;
  /** Where status changes go (McpServer's notification path). */
  announce(change: TaskStatusChange): Promise<void>;
}
