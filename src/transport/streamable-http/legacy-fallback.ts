/**
 * The backwards-compatibility rule of Streamable HTTP: a server that refuses the initialize POST
 * (400, 404 or 405) may be a legacy HTTP+SSE server; the client opens its stream and
 * carries on through it.
 */
import type { JsonRpcMessage } from "../../jsonrpc/messages.js";
import type { HttpClientLink } from "./client-link.js";
import { LegacySseClientTransport } from "./legacy-sse-client.js";

/** Whether the answer to `message` says the server may only speak the HTTP+SSE transport. */
export function refusesStreamableHttp(message: JsonRpcMessage, response: Response, link: HttpClientLink): boolean {
  return (
    isInitializeRequest(message) && [400, 404, 405].includes(response.status) && link.options.legacyFallback !== false
  );
}

export function isInitializeRequest(message: JsonRpcMessage): boolean {
  return "method" in message && message.method === "initialize" && "id" in message;
}

/** Connects to the server's HTTP+SSE stream; what comes through it reaches the Streamable HTTP transport's callbacks. */
export async function connectLegacySse(link: HttpClientLink, onclose: () => void): Promise<LegacySseClientTransport> {
  const legacy = new LegacySseClientTransport(link.url, { fetch: link.fetch, headers: link.options.headers });
  legacy.onmessage = (message, extra) => link.deliver(message, extra);
  legacy.onerror = (error) => link.report(error);
  legacy.onclose = onclose;
  await legacy.start();
  return legacy;
}
