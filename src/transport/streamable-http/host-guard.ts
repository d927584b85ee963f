/**
 * DNS rebinding is refused without the application doing anything: the Host header, and the host
 * of any Origin header, must be on an allow-list (localhost only by default).
 */

import { ErrorCode } from "../../protocol/errors.js";
import { jsonError } from "./json-response.js";

export { LOOPBACK_HOSTS } from "../../protocol/loopback.js";

/** A 403 answer when the request's Host or Origin is not allowed; undefined when it may go on. */
export function checkOriginAndHost(request: Request, allowed: readonly string[] | "any"): Response | undefined {
  if (allowed === "any") return undefined;
  const hostname = (host: string) => host.replace(/:\d+$/, "").toLowerCase();
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (!allowed.includes(hostname(host)))
    return jsonError(403, ErrorCode.InvalidRequest, `Forbidden: host ${host} is not allowed`);
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
