/**
 * The stateless lifecycle's request envelope (2026-07-28 on): what every request carries in its
 * `_meta` in place of a handshake, and the keys results and notifications carry back.
 */

/** The `_meta` keys of the envelope and of what answers it. */
export const EnvelopeKey = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  clientInfo: "io.modelcontextprotocol/clientInfo",
  logLevel: "io.modelcontextprotocol/logLevel",
  /** On a server/discover result. */
  serverInfo: "io.modelcontextprotocol/serverInfo",
  /** On each notification of a subscriptions/listen stream: the listen request's id. */
  subscriptionId: "io.modelcontextprotocol/subscriptionId",
} as const;

/** A request's `_meta`, when it has one. */
export function metaOf(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const meta = params?._meta;
  return typeof meta === "object" && meta !== null && !Array.isArray(meta)
    ? (meta as Record<string, unknown>)
    : undefined;
}

/** The protocol version a request's envelope names, when it names one. */
export function envelopeVersionOf(params: Record<string, unknown> | undefined): unknown {
  return metaOf(params)?.[EnvelopeKey.protocolVersion];
}
