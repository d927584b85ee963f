/**
 * Handshakes the client did not send on this connection, replayed so the kernel serves what
 * follows as it would after a real one: a sessionless POST's own (each POST is a new connection),
 * and a restored session's, from the initialize it was opened with.
 */

import type { JsonRpcRequest, RequestId } from "../../jsonrpc/messages.js";
import { HTTP_VERSION_WITHOUT_HEADER } from "../../protocol/features.js";
import type { SessionRecord } from "../../transport/streamable-http/session-store.js";
import {
  type HttpSessionTransport,
  SESSIONLESS_INITIALIZE_ID,
} from "../../transport/streamable-http/session-transport.js";

/** An initialize whose answer nobody reads. */
function replayInitialize(transport: HttpSessionTransport, id: RequestId, params: Record<string, unknown>): void {
  transport.attach(id, { deliver: () => transport.detach(id) });
  transport.onmessage?.({ jsonrpc: "2.0", id, method: "initialize", params });
}

/** A sessionless POST's request needs a connection of the stateful lifecycle at the version its header names. */
export function primeSessionless(transport: HttpSessionTransport, request: Request): void {
  const version = request.headers.get("mcp-protocol-version") ?? HTTP_VERSION_WITHOUT_HEADER;
  replayInitialize(transport, SESSIONLESS_INITIALIZE_ID, {
    protocolVersion: version,
    capabilities: {},
    clientInfo: { name: "stateless", version: "0" },
  });
}

/**
 * A session this process did not open (it restarted, or another replica did): its handshake again,
 * then the state the client set up since (log level, resource subscriptions).
 */
export function replayHandshake(
  transport: HttpSessionTransport,
  initialize: Record<string, unknown>,
  record?: SessionRecord,
): void {
  replayInitialize(transport, "__restored-initialize__", initialize);
  transport.onmessage?.({ jsonrpc: "2.0", method: "notifications/initialized" });
  if (record?.logLevel !== undefined) {
    replayChange(transport, { jsonrpc: "2.0", id: 0, method: "logging/setLevel", params: { level: record.logLevel } });
  }
  for (const uri of record?.resourceSubscriptions ?? []) {
    replayChange(transport, { jsonrpc: "2.0", id: 0, method: "resources/subscribe", params: { uri } });
  }
}

let replays = 0;

/** A request that changes the session's state, served again here under an id of its own; its answer is dropped. */
export function replayChange(transport: HttpSessionTransport, request: JsonRpcRequest): void {
  const id = `__replayed-${++replays}__`;
  transport.attach(id, { deliver: () => transport.detach(id) });
  transport.onmessage?.({ ...request, id });
}
