/**
 * Handshakes the client did not send on this connection, replayed so the kernel serves what
 * follows as it would after a real one: a sessionless POST's own (each POST is a new connection),
 * and a restored session's, from the initialize it was opened with.
 */

import type { RequestId } from "../../jsonrpc/messages.js";
import { HTTP_VERSION_WITHOUT_HEADER } from "../../protocol/features.js";
import type { HttpSessionTransport } from "../../transport/streamable-http/session-transport.js";

/** An initialize whose answer nobody reads. */
function replayInitialize(transport: HttpSessionTransport, id: RequestId, params: Record<string, unknown>): void {
  transport.attach(id, { deliver: () => transport.detach(id) });
  transport.onmessage?.({ jsonrpc: "2.0", id, method: "initialize", params });
}

/** A sessionless POST's request needs a connection of the stateful lifecycle at the version its header names. */
export function primeSessionless(transport: HttpSessionTransport, request: Request): void {
  const version = request.headers.get("mcp-protocol-version") ?? HTTP_VERSION_WITHOUT_HEADER;
  replayInitialize(transport, "__stateless-initialize__", {
    protocolVersion: version,
    capabilities: {},
    clientInfo: { name: "stateless", version: "0" },
  });
}

/** A session this process did not open (it restarted, or another replica did): its handshake again. */
export function replayHandshake(transport: HttpSessionTransport, initialize: Record<string, unknown>): void {
  replayInitialize(transport, "__restored-initialize__", initialize);
  transport.onmessage?.({ jsonrpc: "2.0", method: "notifications/initialized" });
}
