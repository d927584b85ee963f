/**
 * The stateless lifecycle's result cache: results of cacheable requests kept while their `ttlMs`
 * says they are fresh, keyed by method and params (without `_meta`), and dropped at once by the
 * change notification that concerns them.
 */
import type { Params } from "../jsonrpc/outbound.js";
import { staleAfter } from "../protocol/caching.js";
import { canonicalJson } from "../protocol/canonical-json.js";

interface CachedResult {
  method: string;
  /** resources/read: the resource, so only its own notifications/resources/updated makes it stale. */
  uri?: string;
  expires: number;
  result: Params;
}

export class ResultCache {
  private readonly entries = new Map<string, CachedResult>();

  /** The key `method` with `params` is cached under, or undefined when its results are never cached. */
  keyOf(method: string, params: Params | undefined): string | undefined {
    if (!staleAfter(method)) return undefined;
    const { _meta: _ignored, ...rest } = params ?? {};
    return `${method} ${canonicalJson(rest)}`;
  }

  /** The result kept under `key` while fresh; a stale one is forgotten. */
  fresh(key: string): Params | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.result;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps a result for as long as its `ttlMs` says (not at all without one). */
  remember(key: string, method: string, params: Params | undefined, result: Params): void {
    const ttl = typeof result.ttlMs === "number" ? result.ttlMs : 0;
    if (!(ttl > 0)) return;
    const uri = typeof params?.uri === "string" ? params.uri : undefined;
    this.entries.set(key, { method, ...(uri === undefined ? {} : { uri }), expires: Date.now() + ttl, result });
  }

  /** A change notification makes the cached results it concerns stale at once. */
  invalidate(notification: string, params: Params | undefined): void {
    if (this.entries.size === 0) return;
    for (const [key, entry] of this.entries) {
      if (!(staleAfter(entry.method) as readonly string[] | undefined)?.includes(notification)) continue;
      if (notification === "notifications/resources/updated" && entry.uri !== params?.uri) continue;
      this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
