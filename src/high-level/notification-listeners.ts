/**
 * A client's notification listeners, which may be added before `connect()` (as the official SDK
 * allows): they are kept here and attached to each session the client connects.
 */
import type { Params } from "../jsonrpc/outbound.js";
import type * as Model from "../protocol/model.js";

/** Listens to one server notification, with its params typed by method for the methods the protocol defines. */
export type NotificationListener<M extends string> = (
  params: M extends keyof Model.ServerNotifications ? Model.ServerNotifications[M]["params"] : Params | undefined,
) => void | Promise<void>;

type Attach = (method: string, listener: (params: Params | undefined) => void | Promise<void>) => () => void;

export class NotificationListeners {
  private readonly listeners = new Set<{
    method: string;
    listener: NotificationListener<string>;
    detach?: () => void;
  }>();
  private attach: Attach | undefined;

  /** Adds a listener (to the current session too, if one is connected); the function returned removes it. */
  add(method: string, listener: NotificationListener<string>): () => void {
    const entry: { method: string; listener: NotificationListener<string>; detach?: () => void } = { method, listener };
    this.listeners.add(entry);
    if (this.attach) entry.detach = this.attach(method, listener as never);
    return () => {
      this.listeners.delete(entry);
      entry.detach?.();
    };
  }

  /** Attaches every listener to a newly connected session. */
  connect(attach: Attach): void {
    this.attach = attach;
    for (const entry of this.listeners) entry.detach = attach(entry.method, entry.listener as never);
  }
}
