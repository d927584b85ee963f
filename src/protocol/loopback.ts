/**
 * Loopback host names: where a local development server listens. The HTTP server allows only these
 * in Host and Origin by default (DNS rebinding), and the OAuth client follows plain `http:` only to
 * them.
 */

/** The loopback host names, as a URL's `hostname` or a Host header spells them. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** Whether `hostname` (a URL's `hostname`, without a port) is a loopback host. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname.toLowerCase());
}
