/** The middleware chain every inbound request and notification goes through on its way to its handler. */

import type { RequestId } from "../jsonrpc/messages.js";
import type { Params } from "../jsonrpc/outbound.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import type { Connection } from "./connection.js";

/** What a middleware sees of one inbound message. */
export interface InboundCall {
  /** Whether the message is a request (answered) or a notification. */
  kind: "request" | "notification";
  /** The message's method. */
  method: string;
  /** The message's params, as received. */
  params: Params | undefined;
  /**
   * The protocol version of the connection (or of the request's envelope); undefined before the handshake.
   */
  protocolVersion: ProtocolVersion | undefined;
  /** The connection the message arrived on. */
  connection: Connection;
  /** The request's id (requests only). */
  requestId?: RequestId;
}

/**
 * Wraps inbound requests and notifications. Call `next()` to go on (and see its result or error,
 * and time it), or return a result without calling it to short-circuit.
 */
export type Middleware = (call: InboundCall, next: () => Promise<Params | undefined>) => Promise<Params | undefined>;

/** Runs `call` through `chain` in order, `last` (the handler) at the end. */
export function runMiddleware(
  chain: readonly Middleware[],
  call: InboundCall,
  last: () => Promise<Params | undefined>,
): Promise<Params | undefined> {
  const step = (index: number): Promise<Params | undefined> => {
    const middleware = chain[index];
    return middleware ? middleware(call, () => step(index + 1)) : last();
  };
  return step(0);
}
