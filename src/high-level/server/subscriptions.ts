/**
 * Who hears about changes, in each lifecycle. Stateful: every initialized connection gets the
 * list_changed notifications, and `resources/subscribe` picks, per connection, the URIs whose
 * `resources/updated` it gets. Stateless lifecycle: a `subscriptions/listen` request opens a
 * stream that gets what its filter asks for, until the client cancels it or the server ends it.
 */

import type { Params } from "../../jsonrpc/outbound.js";
import { EnvelopeKey } from "../../protocol/envelope.js";
import { definesMethod } from "../../protocol/methods.js";
import type * as Model from "../../protocol/model.js";
import type { Connection } from "../../server/connection.js";
import type { RequestContext, ServerConnection } from "../../server/runner.js";
import type { ChangingList } from "./change-notifications.js";
import type { TaskStatusChange } from "./notification-bus.js";

const connectionIds = new WeakMap<Connection, string>();

/**
 * A connection's name across processes: `session:{id}` where it has a session id (Streamable HTTP),
 * else `connection:{random}`, stable for the connection's life (stdio, in memory).
 */
export function connectionKey(connection: Connection): string {
  if (connection.sessionId !== undefined) return `session:${connection.sessionId}`;
  let id = connectionIds.get(connection);
  if (!id) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    id = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    connectionIds.set(connection, id);
  }
  return `connection:${id}`;
}

/**
 * The `taskIds` key the tasks extension adds to the listen filter: which of the ids asked for the
 * caller owns (agreed), and how a task's DetailedTask goes out on the stream.
 */
export interface ListenTaskFilter {
  /** The ids among `requested` this caller may hear of, and who the caller is. */
  agree(requested: unknown, context: RequestContext): Promise<{ taskIds: string[]; owner: string } | undefined>;
  /** Sends `notifications/tasks` on the listen stream of `context`. */
  send(context: RequestContext, params: Params): Promise<void>;
}

/** What a `subscriptions/listen` stream asks for (stateless lifecycle). */
export interface SubscriptionFilter {
  /** Hear `notifications/tools/list_changed`. */
  toolsListChanged?: boolean;
  /** Hear `notifications/prompts/list_changed`. */
  promptsListChanged?: boolean;
  /** Hear `notifications/resources/list_changed`. */
  resourcesListChanged?: boolean;
  /** Hear `notifications/resources/updated` for these resource URIs. */
  resourceSubscriptions?: string[];
}

/** An open `subscriptions/listen` stream. */
interface Listener {
  filter: SubscriptionFilter;
  send(method: string, params?: Params): void;
  end(): void;
  /** The task ids agreed (tasks extension), with their owner and how to send one. */
  tasks?: { ids: ReadonlySet<string>; owner: string; send(task: Params): void };
}

export class Subscribers {
  private readonly connections = new Set<Connection>();
  /** Per connection, the resource URIs it subscribed to. */
  private readonly resourceSubscriptions = new Map<Connection, Set<string>>();
  private readonly listeners = new Set<Listener>();
  /** The tasks extension's `taskIds` filter, once the server has tasks. */
  taskFilter: ListenTaskFilter | undefined;

  /** Keeps a connection among the recipients until it closes. */
  track(connected: ServerConnection): void {
    this.connections.add(connected.connection);
    connected.closed.then(() => {
      this.connections.delete(connected.connection);
      this.resourceSubscriptions.delete(connected.connection);
    });
  }

  /** `resources/subscribe` (`on`) and `resources/unsubscribe`. */
  subscribe(params: Params | undefined, context: RequestContext, on: boolean): Params {
    const uri = String(params?.uri);
    let uris = this.resourceSubscriptions.get(context.connection);
    if (!uris) {
      uris = new Set();
      this.resourceSubscriptions.set(context.connection, uris);
    }
    if (on) uris.add(uri);
    else uris.delete(uri);
    return {};
  }

  /**
   * Stateless-lifecycle `subscriptions/listen`: acknowledges the part of the filter this server honours
   * (first, before anything else on the stream), then delivers matching change notifications
   * tagged with the subscription id (the request's id) until the client cancels the request or
   * the server ends it gracefully with `endAll()`.
   */
  async listen(
    params: Params | undefined,
    context: RequestContext,
    capabilities: Model.ServerCapabilities,
  ): Promise<Params> {
    const requested = (params?.notifications ?? {}) as SubscriptionFilter;
    const agreed: SubscriptionFilter = {};
    if (requested.toolsListChanged && capabilities.tools?.listChanged) agreed.toolsListChanged = true;
    if (requested.promptsListChanged && capabilities.prompts?.listChanged) agreed.promptsListChanged = true;
    if (requested.resourcesListChanged && capabilities.resources?.listChanged) agreed.resourcesListChanged = true;
    if (requested.resourceSubscriptions && capabilities.resources?.subscribe) {
      agreed.resourceSubscriptions = [...requested.resourceSubscriptions];
    }
    const meta = { [EnvelopeKey.subscriptionId]: context.requestId };
    const channel = { relatedRequestId: context.requestId };
    const send = (method: string, extra?: Params) =>
      context.session.sendNotification(method, { ...extra, _meta: meta }, channel).catch(() => {
        // The stream is gone; the request's cancellation removes the listener.
      });
    let tasks: Listener["tasks"];
    const taskFilter = this.taskFilter;
    const requestedTaskIds = (requested as Params).taskIds;
    if (taskFilter && requestedTaskIds !== undefined) {
      const taskIds = await taskFilter.agree(requestedTaskIds, context);
      if (taskIds) {
        (agreed as Params).taskIds = taskIds.taskIds;
        tasks = {
          ids: new Set(taskIds.taskIds),
          owner: taskIds.owner,
          send: (task) =>
            void taskFilter.send(context, { ...task, _meta: meta }).catch(() => {
              // As above: a stream that is gone.
            }),
        };
      }
    }
    await send("notifications/subscriptions/acknowledged", { notifications: agreed as Params });
    return await new Promise<Params>((resolve, reject) => {
      const signal = context.signal;
      const listener: Listener = {
        filter: agreed,
        send: (method, extra) => void send(method, extra),
        end: () => {
          this.listeners.delete(listener);
          resolve({ _meta: meta });
        },
        ...(tasks ? { tasks } : {}),
      };
      if (signal.aborted) return reject(signal.reason);
      this.listeners.add(listener);
      signal.addEventListener(
        "abort",
        () => {
          this.listeners.delete(listener);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Ends every open `subscriptions/listen` stream gracefully (its request answered). */
  endAll(): void {
    for (const listener of [...this.listeners]) listener.end();
  }

  /** How many connections (sessions, stdio peers) are live. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** How many `subscriptions/listen` streams are open. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** `notifications/{list}/list_changed` for each list, to every initialized connection and every stream that asked. */
  sendListChanged(lists: readonly ChangingList[]): void {
    for (const connection of this.connections) {
      if (!connection.isInitialized) continue;
      for (const list of lists) {
        connection.outbound.notify(`notifications/${list}/list_changed`).catch(() => {
          // A connection that closed meanwhile; its close handler removes it.
        });
      }
    }
    for (const listener of this.listeners) {
      for (const list of lists) {
        if (listener.filter[`${list}ListChanged`]) listener.send(`notifications/${list}/list_changed`);
      }
    }
  }

  /**
   * A task's status, to its owner only: core tasks, `notifications/tasks/status` to the connection
   * that created the task (if it is here); the tasks extension, `notifications/tasks` on each
   * listen stream of the owner that agreed to this task id.
   */
  sendTaskStatus(change: TaskStatusChange): void {
    if (change.era === "core") {
      for (const connection of this.connections) {
        const version = connection.protocolVersion;
        if (!connection.isInitialized || version === undefined || connectionKey(connection) !== change.connection) {
          continue;
        }
        if (!definesMethod(version, "serverNotifications", "notifications/tasks/status")) continue;
        connection.outbound.notify("notifications/tasks/status", change.task).catch(() => {});
      }
      return;
    }
    for (const listener of this.listeners) {
      const tasks = listener.tasks;
      if (tasks?.owner === change.owner && tasks.ids.has(change.taskId)) tasks.send(change.task);
    }
  }

  /** `notifications/resources/updated` to the connections and streams subscribed to `uri`, and only them. */
  async sendResourceUpdated(uri: string): Promise<void> {
    const sends: Promise<void>[] = [];
    for (const [connection, uris] of this.resourceSubscriptions) {
      if (uris.has(uri) && this.connections.has(connection)) {
        sends.push(connection.outbound.notify("notifications/resources/updated", { uri }).catch(() => {}));
      }
    }
    for (const listener of this.listeners) {
      if (listener.filter.resourceSubscriptions?.includes(uri))
        listener.send("notifications/resources/updated", { uri });
    }
    await Promise.all(sends);
  }
}
