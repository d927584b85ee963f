/**
 * Two in-process peers wired directly to each other's handlers: no transport, no JSON encoding.
 * It keeps the Dispatcher's contract (timeouts, abort, progress, cancellation reaching the peer's
 * handler, typed errors, closing) so tests and embedded setups can swap one for the other; the
 * same contract suite runs against both.
 */
import { ConnectionClosedError, McpError, RequestCancelledError, RequestTimeoutError } from "../errors.js";
import {
  type CallOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type InboundHandler,
  type NotifyOptions,
  type Outbound,
  type Params,
  type Progress,
  toErrorObject,
} from "./dispatcher.js";
import { isRequestId, type RequestId } from "./messages.js";

interface Pending {
  method: string;
  resolve: (result: Params) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: Progress) => void;
  cleanup: () => void;
}

export class DirectDispatcher implements Outbound {
  private peer: DirectDispatcher | undefined;
  private handler: InboundHandler | undefined;
  private nextId = 0;
  private closed = false;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly inbound = new Map<RequestId, AbortController>();

  private constructor(readonly defaultTimeout: number) {}

  static createPair(options: { defaultTimeout?: number } = {}): [DirectDispatcher, DirectDispatcher] {
    const timeout = options.defaultTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const a = new DirectDispatcher(timeout);
    const b = new DirectDispatcher(timeout);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  setHandler(handler: InboundHandler): void {
    this.handler = handler;
  }

  get load(): { pending: number; inFlight: number } {
    return { pending: this.pending.size, inFlight: this.inbound.size };
  }

  sendRawRequest(method: string, params?: Params, options: CallOptions = {}): Promise<Params> {
    const peer = this.peer;
    if (this.closed || !peer) return Promise.reject(new ConnectionClosedError());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new RequestCancelledError(method, signal.reason));
    const id = this.nextId++;
    const outbound = options.onProgress
      ? { ...params, _meta: { ...(params?._meta as Params | undefined), progressToken: id } }
      : params;
    return new Promise<Params>((resolve, reject) => {
      const timeoutMs = options.timeout ?? this.defaultTimeout;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const giveUp = (error: McpError) => {
        if (!this.pending.delete(id)) return;
        cleanup();
        reject(error);
        peer.cancelInbound(id, error instanceof RequestTimeoutError ? "timeout" : error.message);
      };
      const arm = (ms: number) => {
        if (timer) clearTimeout(timer);
        if (Number.isFinite(ms)) timer = setTimeout(() => giveUp(new RequestTimeoutError(method, timeoutMs)), ms);
      };
      const onAbort = () => giveUp(new RequestCancelledError(method, signal?.reason));
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const startedAt = Date.now();
      const maxTotal = options.maxTotalTimeout ?? Number.POSITIVE_INFINITY;
      const onProgress = options.onProgress
        ? (progress: Progress) => {
            if (options.resetTimeoutOnProgress) {
              const elapsed = Date.now() - startedAt;
              if (elapsed >= maxTotal) return giveUp(new RequestTimeoutError(method, maxTotal));
              arm(Math.min(timeoutMs, maxTotal - elapsed));
            }
            options.onProgress?.(progress);
          }
        : undefined;
      this.pending.set(id, { method, resolve, reject, onProgress, cleanup });
      arm(timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      // Like a transport, deliver on a later microtask, never inside the caller's call.
      queueMicrotask(() => peer.receiveRequest(this, id, method, outbound));
    });
  }

  async notify(method: string, params?: Params, _options?: NotifyOptions): Promise<void> {
    const peer = this.peer;
    if (this.closed || !peer) throw new ConnectionClosedError();
    queueMicrotask(() => peer.receiveNotification(method, params));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new ConnectionClosedError();
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.cleanup();
      entry.reject(error);
    }
    for (const controller of this.inbound.values()) controller.abort(error);
    this.inbound.clear();
    await this.peer?.close();
  }

  private receiveRequest(from: DirectDispatcher, id: RequestId, method: string, params: Params | undefined): void {
    if (this.closed) return;
    const handler = this.handler;
    const controller = new AbortController();
    this.inbound.set(id, controller);
    const request = { jsonrpc: "2.0" as const, id, method, ...(params === undefined ? {} : { params }) };
    const answer = handler
      ? Promise.resolve().then(() => handler.onRequest({ request, signal: controller.signal }))
      : Promise.reject(new McpError(-32601, `Method not found: ${method}`));
    answer.then(
      (result) => {
        this.inbound.delete(id);
        if (!controller.signal.aborted) from.settle(id, result, undefined);
      },
      (error: unknown) => {
        this.inbound.delete(id);
        if (controller.signal.aborted) return;
        // The same mapping as on the wire: an McpError keeps its code, anything else is -32603.
        const wire = toErrorObject(error);
        from.settle(id, undefined, new McpError(wire.code, wire.message, wire.data));
      },
    );
  }

  private settle(id: RequestId, result: Params | undefined, error: McpError | undefined): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.cleanup();
    if (error) entry.reject(error);
    else entry.resolve(result ?? {});
  }

  private cancelInbound(id: RequestId, reason: unknown): void {
    const controller = this.inbound.get(id);
    if (!controller) return;
    this.inbound.delete(id);
    controller.abort(reason);
  }

  private receiveNotification(method: string, params: Params | undefined): void {
    if (this.closed) return;
    if (method === "notifications/cancelled" && isRequestId(params?.requestId)) {
      this.cancelInbound(params.requestId, params.reason ?? "cancelled by the peer");
    } else if (method === "notifications/progress" && isRequestId(params?.progressToken)) {
      const entry = this.pending.get(params.progressToken);
      if (entry?.onProgress) {
        const progress: Progress = { progress: Number(params.progress) };
        if (typeof params.total === "number") progress.total = params.total;
        if (typeof params.message === "string") progress.message = params.message;
        entry.onProgress(progress);
        return;
      }
    }
    const notification = { jsonrpc: "2.0" as const, method, ...(params === undefined ? {} : { params }) };
    Promise.resolve(this.handler?.onNotification(notification)).catch(() => {});
  }
}
