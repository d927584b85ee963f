/**
 * One per inbound request: an Outbound bound to that request, so that what a handler sends
 * (progress, logs, sampling, elicitation) travels with the request — on Streamable HTTP, on the
 * originating POST's response stream.
 */

import { declaresExtension } from "../extensions/registry.js";
import type { RequestId } from "../jsonrpc/messages.js";
import type { CallOptions, NotifyOptions, Outbound, Params, ProgressToken } from "../jsonrpc/outbound.js";
import { NoBackChannelError } from "../protocol/errors.js";

export class DispatchContext implements Outbound {
  /** Creates the channel of one inbound request; the kernel makes one per request. */
  constructor(
    private readonly connectionOutbound: Outbound,
    /** The id of the inbound request this channel belongs to. */
    readonly requestId: RequestId,
    private readonly inbound: { readonly signal: AbortSignal },
    /** The caller's progress token, from the request's `_meta`. */
    readonly progressToken: ProgressToken | undefined,
    /** Whether requests to the client can be sent from here. */
    readonly hasBackChannel: boolean,
    /** The client capabilities this request's own `_meta` declares (a per-request opt-in), if any. */
    readonly requestCapabilities?: unknown,
  ) {}

  /** Whether this request's own `_meta` declares extension `id`. */
  declaresExtension(id: string): boolean {
    return declaresExtension(this.requestCapabilities, id);
  }

  /** Aborted when the client cancels the request or the connection closes. */
  get signal(): AbortSignal {
    return this.inbound.signal;
  }

  /**
   * Sends a request to the client on this request's channel. Rejects at once with NoBackChannelError where
   * requests to the client cannot be sent.
   */
  sendRawRequest(method: string, params?: Params, options: CallOptions = {}): Promise<Params> {
    if (!this.hasBackChannel) return Promise.reject(new NoBackChannelError(method));
    return this.connectionOutbound.sendRawRequest(method, params, { ...options, relatedRequestId: this.requestId });
  }

  /** Sends a notification to the client on this request's channel (its SSE stream on HTTP). */
  notify(method: string, params?: Params, options: NotifyOptions = {}): Promise<void> {
    return this.connectionOutbound.notify(method, params, { ...options, relatedRequestId: this.requestId });
  }

  /** Reports progress against the caller's token; does nothing when the caller did not ask for progress. */
  async progress(progress: number, total?: number, message?: string): Promise<void> {
    if (this.progressToken === undefined) return;
    const params: Params = { progressToken: this.progressToken, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    await this.notify("notifications/progress", params);
  }
}
