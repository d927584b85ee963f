/** How an McpServer is configured, and the caching hints its options and resources carry. */

import type { CacheableMethod } from "../../protocol/caching.js";
import type { ProtocolVersion } from "../../protocol/versions.js";
import type { ServerRunnerOptions } from "../../server/runner.js";
import type { NotificationBus } from "./notification-bus.js";
import type { TaskOptions } from "./task-modes.js";

/** Stateless-lifecycle caching hints of a result: how long it stays fresh, and who may share it. */
export interface CacheHint {
  /** How long the result stays fresh, in ms (0: stale at once). */
  ttlMs: number;
  /**
   * Who may share a cached copy: `"public"` (any caller) or `"private"` (the same authorization context
   * only).
   */
  cacheScope: "public" | "private";
}

export type { CacheableMethod };

/** Options of `new McpServer(info, options)`. */
export interface McpServerOptions {
  /** Instructions for the model on how to use the server, sent at the handshake. */
  instructions?: string;
  /**
   * Stateless-lifecycle caching hints per cacheable method (default `{ ttlMs: 0, cacheScope: "private" }`:
   * immediately stale, never shared across authorization contexts). A result that carries its own
   * `ttlMs` / `cacheScope` (a resource reader may return them) keeps them.
   */
  cacheHints?: Partial<Record<CacheableMethod, CacheHint>>;
  /** Stateless-lifecycle requestState sealing: keys (shared by replicas, rotatable) and lifetime. */
  requestState?: ServerRunnerOptions["requestState"];
  /** The authenticated principal behind a request (see ServerRunnerOptions.principalOf). */
  principalOf?: ServerRunnerOptions["principalOf"];
  /** Items per page of every list: tools, resources, resource templates, prompts (default 100). */
  pageSize?: number;
  /**
   * The versions this server speaks, of either lifecycle (default: every version typed-mcp knows but
   * opt-in drafts). A list of stateless-lifecycle versions alone serves that lifecycle only; one
   * stateful version alone, only that handshake; list a draft to speak it.
   */
  protocolVersions?: readonly ProtocolVersion[];
  /** Stateless-lifecycle versions it answers, overriding what `protocolVersions` implies for them (default: every one but opt-in drafts). */
  statelessProtocolVersions?: readonly ProtocolVersion[];
  /** Longest a handler may run, in ms (default 10 minutes); see ServerRunnerOptions. */
  handlerTimeout?: number;
  /** Most requests in flight per session (default 100); see ServerRunnerOptions. */
  maxInFlightRequests?: number;
  /**
   * Several processes serving the same clients: list_changed and resources/updated go through this
   * bus, so that clients connected to any process hear of a change made in any (see `typed-mcp/redis`).
   */
  notificationBus?: NotificationBus;
  /**
   * Tasks (long-running tool calls, both eras): the TaskStore, time to live and polling interval.
   * Tasks are on as soon as a tool declares `execution.taskSupport`; give this to configure them.
   */
  tasks?: TaskOptions;
}
