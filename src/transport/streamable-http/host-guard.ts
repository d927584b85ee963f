/**
 * DNS rebinding is refused without the application doing anything: the Host header, and the host
 * of any Origin header, must be on an allow-list (localhost only by default).
 */

import { ErrorCode } from "../../protocol/errors.js";
import { jsonError } from "./json-response.js";

export { LOOPBACK_HOSTS } from "../../protocol/loopback.js";

/** The host of a Host header (or of a URL's host): without its port, lower case. */
function hostname(host: string): string {
  // What /:\d+$/ removes: a colon and the digits after it, at the end.
  let at = host.length - 1;
  while (at >= 0 && host.charCodeAt(at) >= 48 && host.charCodeAt(at) <= 57) at--;
  const bare = at >= 0 && at < host.length - 1 && host.charCodeAt(at) === 58 ? host.slice(0, at) : host;
  return bare.toLowerCase();
}

/** Host header values already found allowed, per allow-list: the same one or two come with every request. */
const ALLOWED_HOSTS = new WeakMap<readonly string[], Set<string>>();
const MAX_REMEMBERED_HOSTS = 64;

/** A 403 answer when the request's Host or Origin is not allowed; undefined when it may go on. */
export function checkOriginAndHost(request: Request, allowed: readonly string[] | "any"): Response | undefined {
  if (allowed === "any") return undefined;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  let remembered = ALLOWED_HOSTS.get(allowed);
  if (remembered === undefined || !remembered.has(host)) {
    if (!allowed.includes(hostname(host)))
      return jsonError(403, ErrorCode.InvalidRequest, `Forbidden: host ${host} is not allowed`);
    if (remembered === undefined) {
      remembered = new Set();
      ALLOWED_HOSTS.set(allowed, remembered);
    }
    if (remembered.size >= MAX_REMEMBERED_HOSTS) remembered.clear();
    remembered.add(host);
  }
  const origin = request.headers.get("origin");
  if (origin) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return jsonError(403, ErrorCode.InvalidRequest, "Forbidden: malformed Origin");
    }
    if (!allowed.includes(hostname(originHost))) {
      return jsonError(403, ErrorCode.InvalidRequest, `Forbidden: origin ${origin} is not allowed`);
    }
  }
  return undefined;
}
