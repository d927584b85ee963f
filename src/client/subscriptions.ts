/**
 * `subscriptions/listen` streams (stateless lifecycle): one long-lived request per
 * subscription, whose id every notification on it carries; the server first acknowledges what it
 * agreed to deliver, and the subscription ends when the request does.
 */
import type { RequestId } from "../jsonrpc/messages.js";
import type { CallOptions, Params } from "../jsonrpc/outbound.js";
import { EnvelopeKey } from "../protocol/envelope.js";

/** A `subscriptions/listen` stream (stateless lifecycle). */
export interface Subscription {
  /** Its id: the JSON-RPC id of the listen request, carried by every notification on it. */
  readonly id: RequestId;
  /** What the server agreed to deliver (it leaves out what it does not support). */
  readonly acknowledged: Promise<Params>;
  /** Settles when the subscription ends: resolved by the server's graceful end, rejected by a failure. */
  readonly closed: Promise<void>;
  /** Ends it (closes the stream over HTTP; notifications/cancelled on stdio). */
  close(): void;
}

/**
 * Options of `ClientSession.listen`: a request's call options (timeout, progress, headers), without the id
 * callback and the abort signal (close the subscription instead).
 */
export type ListenOptions = Omit<CallOptions, "onRequestId" | "signal">;

export class Subscriptions {
  /** Open subscriptions by id, each with what settles its `acknowledged`. */
  private readonly open = new Map<RequestId, (filter: Params) => void>();

  /** Starts one: `listen` sends the subscriptions/listen request with the options given. */
  start(listen: (options: CallOptions) => Promise<Params>, options: ListenOptions): Subscription {
    const controller = new AbortController();
    let id: RequestId = -1;
    let acknowledge: (filter: Params) => void = () => {};
    const acknowledged = new Promise<Params>((resolve) => {
      acknowledge = resolve;
    });
    const closed = listen({
      timeout: Number.POSITIVE_INFINITY,
      ...options,
      signal: controller.signal,
      onRequestId: (assigned) => {
        id = assigned;
        this.open.set(assigned, acknowledge);
      },
    }).then(
      () => undefined,
      (error: unknown) => {
        if (controller.signal.aborted) return undefined;
        throw error;
      },
    );
    closed.finally(() => this.open.delete(id)).catch(() => {});
    return {
      get id() {
        return id;
      },
      acknowledged,
      closed,
      close: () => controller.abort("subscription closed by the client"),
    };
  }

  /** notifications/subscriptions/acknowledged: settles the `acknowledged` of the subscription it names. */
  acknowledge(params: Params | undefined): void {
    const id = (params?._meta as Params | undefined)?.[EnvelopeKey.subscriptionId] as RequestId | undefined;
    if (id !== undefined) this.open.get(id)?.((params?.notifications ?? {}) as Params);
  }
}
