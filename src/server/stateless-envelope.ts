/**
 * The stateless lifecycle in the kernel: no handshake; each request names its
 * version, client and capabilities in its `_meta` envelope, and is served on a connection built
 * from that envelope for it alone, with no channel back to the client (those versions have no
 * server-to-client requests). A capability the request needs and the client did not declare is
 * answered with -32021, naming it.
 */

import { EnvelopeKey } from "../protocol/envelope.js";
import { type CapabilityNotSupportedError, ErrorCode, McpError } from "../protocol/errors.js";
import type * as Model from "../protocol/model.js";
import { isSupportedProtocolVersion, type ProtocolVersion } from "../protocol/versions.js";
import { Connection, type LoggingLevel } from "./connection.js";

/**
 * Whether a request is served from its envelope: on a connection no handshake has initialized, when
 * the transport requires envelopes or the request names a version in one.
 */
export function isEnveloped(
  connection: Connection,
  meta: Record<string, unknown> | undefined,
  requireEnvelope: boolean,
): boolean {
  return !connection.isInitialized && (requireEnvelope || meta?.[EnvelopeKey.protocolVersion] !== undefined);
}

/** A ready connection for one request, from its envelope: -32602 when it lacks one, -32022 for a version not served. */
export function connectionFromEnvelope(
  connection: Connection,
  meta: Record<string, unknown> | undefined,
  server: {
    readonly statelessProtocolVersions: readonly ProtocolVersion[];
    readonly supportedProtocolVersions: readonly ProtocolVersion[];
  },
): Connection {
  const requested = meta?.[EnvelopeKey.protocolVersion];
  const capabilities = meta?.[EnvelopeKey.clientCapabilities];
  if (typeof requested !== "string" || typeof capabilities !== "object" || capabilities === null) {
    const missing = [
      ...(typeof requested === "string" ? [] : [EnvelopeKey.protocolVersion]),
      ...(typeof capabilities === "object" && capabilities !== null ? [] : [EnvelopeKey.clientCapabilities]),
    ];
    throw new McpError(
      ErrorCode.InvalidParams,
      `Invalid params: the request's _meta must name ${missing.join(" and ")} (there is no initialize handshake in this protocol version)`,
      { missing },
    );
  }
  if (!isSupportedProtocolVersion(requested) || !server.statelessProtocolVersions.includes(requested)) {
    const supported = [...server.supportedProtocolVersions];
    throw new McpError(ErrorCode.UnsupportedProtocolVersion, `Unsupported protocol version: ${requested}`, {
      requested,
      supported,
    });
  }
  const perRequest = new Connection(connection.outbound, connection.sessionId, false);
  perRequest.protocolVersion = requested;
  perRequest.telemetry = connection.telemetry;
  perRequest.initializeParams = {
    protocolVersion: requested,
    capabilities: capabilities as Model.ClientCapabilities,
    clientInfo: (meta?.[EnvelopeKey.clientInfo] ?? {
      name: "unknown",
      version: "0",
    }) as Model.Implementation,
  };
  const level = meta?.[EnvelopeKey.logLevel];
  if (typeof level === "string") perRequest.logLevel = level as LoggingLevel;
  else perRequest.logsOff = true;
  return perRequest;
}

/** A capability the request needs and the client did not declare: -32021, naming it. */
export function missingCapability(error: CapabilityNotSupportedError): McpError {
  const requiredCapabilities: Record<string, unknown> = {};
  let node = requiredCapabilities;
  for (const key of error.capability.split(".")) {
    const next: Record<string, unknown> = {};
    node[key] = next;
    node = next;
  }
  return new McpError(
    ErrorCode.MissingRequiredClientCapability,
    `Missing required client capability: ${error.capability} (needed for ${error.method})`,
    { requiredCapabilities },
  );
}
