/** Result caching in the stateless lifecycle (2026-07-28): which results carry `ttlMs` and `cacheScope`. */

/** The results a client may keep while fresh, each with the notifications that make it stale. */
export const STALE_AFTER = {
  "tools/list": ["notifications/tools/list_changed"],
  "prompts/list": ["notifications/prompts/list_changed"],
  "resources/list": ["notifications/resources/list_changed"],
  "resources/templates/list": ["notifications/resources/list_changed"],
  "resources/read": ["notifications/resources/updated"],
} as const satisfies Record<string, readonly string[]>;

/** The results of the server's features that 2026-07-28 lets clients cache. */
export type CacheableMethod = keyof typeof STALE_AFTER;

/** Every cacheable result, server/discover included: each always carries its caching hints. */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set(["server/discover", ...Object.keys(STALE_AFTER)]);

/** The notifications after which a cached `method` result is stale (undefined: the result is not cached). */
export function staleAfter(method: string): readonly string[] | undefined {
  return Object.hasOwn(STALE_AFTER, method) ? STALE_AFTER[method as CacheableMethod] : undefined;
}
