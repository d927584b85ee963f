/**
 * Which URLs the OAuth client may reach, and through which fetch. Only `https:` is followed, and
 * `http:` on a loopback host (a development server) or when the application allows it; anything
 * else (`javascript:`, `file:`, a custom scheme in an authorization URL) is refused before use.
 */
import * as oauth from "oauth4webapi";
import { isLoopbackHost } from "../../protocol/loopback.js";
import { OAuthClientError } from "./errors.js";

/** The fetch and URL rules every request of one provider goes through. */
export interface HttpPolicy {
  /**
   * The fetch every request of the provider goes through (the provider's `fetch` option, else the global
   * one).
   */
  fetch: typeof fetch;
  /** Throws `insecure_url` unless `url` may be followed. */
  check(url: URL, what: string): void;
  /** Whether `url` is plain http that the policy allows (oauth4webapi must be told). */
  allowsHttp(url: URL): boolean;
}

/** The default policy: https anywhere, http only on loopback hosts unless `allowHttp`. */
export function httpPolicy(fetchImpl: typeof fetch, allowHttp: boolean): HttpPolicy {
  const allowsHttp = (url: URL) => url.protocol === "http:" && (allowHttp || isLoopbackHost(url.hostname));
  return {
    fetch: fetchImpl,
    allowsHttp,
    check(url, what) {
      if (url.protocol === "https:" || allowsHttp(url)) return;
      throw new OAuthClientError(
        "insecure_url",
        `refusing to follow the ${what} URL: scheme ${url.protocol} is not allowed`,
      );
    },
  };
}

/** oauth4webapi's request options for `policy`: its fetch, and plain http where the policy allows it. */
export function insecureOption(
  policy: HttpPolicy,
  url: URL | string | undefined,
): oauth.HttpRequestOptions<"GET" | "POST", unknown> {
  const options: oauth.HttpRequestOptions<"GET" | "POST", unknown> = {
    [oauth.customFetch]: (target, init) => policy.fetch(target, init as RequestInit),
  };
  if (url && policy.allowsHttp(new URL(url))) options[oauth.allowInsecureRequests] = true;
  return options;
}
