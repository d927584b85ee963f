/**
 * The table of outbound requests waiting for their answer, shared by both dispatchers: each entry's
 * timeout (restarted on progress where asked, within a total bound), its abort signal, its progress
 * listener, and giving up (the caller rejected, the peer told).
 */

import { type Deadline, Deadlines } from "./deadlines.js";
import { type JsonRpcError, RequestCancelledError, RequestTimeoutError } from "./errors.js";
import type { RequestId } from "./messages.js";
import { type CallOptions, type Params, type Progress, progressOf } from "./outbound.js";

/** One request waiting for its answer (a class, so that expiring it needs no closure per request). */
class PendingRequest implements Deadline {
  due = 0;
  onAbort: (() => void) | undefined = undefined;

  constructor(
    readonly table: PendingRequests,
    readonly id: RequestId,
    readonly method: string,
    readonly resolve: (result: Params) => void,
    readonly reject: (error: Error) => void,
    readonly onProgress: ((progress: Progress) => void) | undefined,
    readonly timeout: number,
    readonly startedAt: number,
    readonly resetTimeoutOnProgress: boolean,
    readonly maxTotalTimeout: number,
    readonly signal: AbortSignal | undefined,
  ) {}

  expire(): void {
    this.table.giveUp(this.id, new RequestTimeoutError(this.method, this.timeout));
  }
}

export class PendingRequests {
  private readonly entries = new Map<RequestId, PendingRequest>();
  /** Every entry's timeout: one timer for all of them. */
  private readonly deadlines = new Deadlines();

  /**
   * @param gaveUp told after a request was given up (timeout or abort) and its caller rejected,
   *   with the reason to tell the peer ("timeout", or the abort's message).
   * @param onError where a progress listener's exception goes.
   */
  constructor(
    private readonly gaveUp: (id: RequestId, reason: string) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Waits for the answer to `id`: arms its timeout and listens to its signal. */
  add(
    id: RequestId,
    method: string,
    options: CallOptions,
    timeout: number,
    resolve: (result: Params) => void,
    reject: (error: Error) => void,
  ): void {
    const { signal } = options;
    const entry = new PendingRequest(
      this,
      id,
      method,
      resolve,
      reject,
      options.onProgress,
      timeout,
      // Read only to bound progress-restarted timeouts.
      options.resetTimeoutOnProgress ? Date.now() : 0,
      options.resetTimeoutOnProgress ?? false,
      options.maxTotalTimeout ?? Number.POSITIVE_INFINITY,
      signal,
    );
    if (signal) entry.onAbort = () => this.giveUp(id, new RequestCancelledError(method, signal.reason));
    this.entries.set(id, entry);
    this.deadlines.add(entry, timeout);
    if (entry.onAbort) signal?.addEventListener("abort", entry.onAbort, { once: true });
  }

  /** The answer arrived: resolves its caller. False when nobody waits for `id`. */
  resolve(id: RequestId, result: Params): boolean {
    const entry = this.take(id);
    entry?.resolve(result);
    return entry !== undefined;
  }

  /** The request failed: rejects its caller. False when nobody waits for `id`. */
  reject(id: RequestId, error: Error): boolean {
    const entry = this.take(id);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Progress for `id`: true when its caller listens for it (then nobody else should see it). */
  progress(id: RequestId, params: Params): boolean {
    const entry = this.entries.get(id);
    if (!entry?.onProgress) return false;
    if (entry.resetTimeoutOnProgress) {
      const elapsed = Date.now() - entry.startedAt;
      if (elapsed >= entry.maxTotalTimeout) {
        this.giveUp(id, new RequestTimeoutError(entry.method, entry.maxTotalTimeout));
        return true;
      }
      this.deadlines.add(entry, Math.min(entry.timeout, entry.maxTotalTimeout - elapsed));
    }
    try {
      entry.onProgress(progressOf(params));
    } catch (error) {
      this.onError(error instanceof Error ? error : new Error(String(error)));
    }
    return true;
  }

  /** Rejects every caller (the connection closed). */
  rejectAll(error: Error): void {
    for (const id of [...this.entries.keys()]) this.take(id)?.reject(error);
  }

  /** Stops the timeouts' timer, which is kept while idle for the next request (the connection closed). */
  stopTimer(): void {
    this.deadlines.clear();
  }

  /** Gives up on a request: rejects its caller, then has the peer told. */
  giveUp(id: RequestId, error: JsonRpcError): void {
    const entry = this.take(id);
    if (!entry) return;
    entry.reject(error);
    this.gaveUp(id, error instanceof RequestTimeoutError ? "timeout" : error.message);
  }

  private take(id: RequestId): PendingRequest | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    this.deadlines.delete(entry);
    if (entry.onAbort) entry.signal?.removeEventListener("abort", entry.onAbort);
    return entry;
  }
}
