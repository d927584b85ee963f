/**
 * The stateless lifecycle's envelope as this client fills it: every request names, in its `_meta`,
 * the protocol version, this client and its capabilities, and the log level it last asked for.
 */
import type { Params } from "../jsonrpc/outbound.js";
import { EnvelopeKey } from "../protocol/envelope.js";
import type * as Model from "../protocol/model.js";
import type { ProtocolVersion } from "../protocol/versions.js";

export class RequestEnvelope {
  /** The stateless lifecycle has no logging/setLevel: the level travels in each request's envelope. */
  logLevel: Model.LoggingLevel | undefined;

  constructor(private readonly client: { clientInfo: Model.Implementation; capabilities?: Model.ClientCapabilities }) {}

  /** The request's params with the envelope added to `_meta`. */
  wrap(params: Params | undefined, version: ProtocolVersion): Params {
    const meta: Params = {
      ...(params?._meta as Params | undefined),
      [EnvelopeKey.protocolVersion]: version,
      [EnvelopeKey.clientInfo]: this.client.clientInfo,
      [EnvelopeKey.clientCapabilities]: this.client.capabilities ?? {},
    };
    if (this.logLevel !== undefined) meta[EnvelopeKey.logLevel] = this.logLevel;
    return { ...params, _meta: meta };
  }
}
