/**
 * What the server tells a client of itself and which version they will speak: the initialize
 * handshake of the stateful lifecycle (once per connection; the version the client asked for when
 * the server speaks it, else the server's latest), and server/discover, its stateless counterpart.
 */

import type { Params } from "../jsonrpc/outbound.js";
import { EnvelopeKey } from "../protocol/envelope.js";
import { ErrorCode, McpError } from "../protocol/errors.js";
import type * as Model from "../protocol/model.js";
import { isSupportedProtocolVersion, type ProtocolVersion } from "../protocol/versions.js";
import { validateClientRequest } from "../validation/validate.js";
import type { Connection } from "./connection.js";
import type { ResultChecker } from "./result-check.js";

/** The server as a handshake describes it (ServerRunner is one). */
export interface ServerDescription {
  readonly capabilities: Model.ServerCapabilities;
  /** The capabilities declared to a client speaking `version` (with the extensions that apply). */
  capabilitiesFor(version: ProtocolVersion): Model.ServerCapabilities;
  readonly protocolVersions: readonly ProtocolVersion[];
  readonly statelessProtocolVersions: readonly ProtocolVersion[];
  readonly latestProtocolVersion: ProtocolVersion | undefined;
  readonly supportedProtocolVersions: readonly ProtocolVersion[];
  readonly options: { readonly serverInfo: Model.Implementation; readonly instructions?: string | undefined };
}

export function initialize(
  server: ServerDescription,
  connection: Connection,
  params: Params | undefined,
  results: ResultChecker,
): Params {
  if (connection.isInitialized) {
    throw new McpError(ErrorCode.InvalidRequest, "Invalid Request: the connection is already initialized");
  }
  const requested = params?.protocolVersion;
  // The spec: answer with the requested version if supported, otherwise with our latest.
  const version =
    isSupportedProtocolVersion(requested) && server.protocolVersions.includes(requested)
      ? requested
      : server.latestProtocolVersion;
  if (version === undefined) {
    // Only the stateless lifecycle is served: no handshake version to answer with.
    throw new McpError(
      ErrorCode.InvalidParams,
      "Unsupported protocol version: this server has no initialize handshake",
      {
        requested,
        supported: [...server.supportedProtocolVersions],
      },
    );
  }
  const checked = validateClientRequest("initialize", version, params) as Model.InitializeRequestParams;
  connection.initializeParams = checked;
  connection.protocolVersion = version;
  const capabilities = server.capabilitiesFor(version);
  const result: Params = {
    protocolVersion: version,
    capabilities,
    serverInfo: server.options.serverInfo,
  };
  if (server.options.instructions !== undefined) result.instructions = server.options.instructions;
  const answer = results.check("initialize", version, result);
  // Versions whose schema has no `extensions` capability still carry it (SEP-2133 declares extensions at initialize).
  const extensions = (capabilities as { extensions?: unknown }).extensions;
  if (extensions === undefined || (answer.capabilities as Params).extensions !== undefined) return answer;
  return { ...answer, capabilities: { ...(answer.capabilities as Params), extensions } };
}

export function discover(server: ServerDescription, version: ProtocolVersion, results: ResultChecker): Params {
  const result: Params = {
    resultType: "complete",
    supportedVersions: [...server.supportedProtocolVersions],
    capabilities: server.capabilitiesFor(version),
    ttlMs: 0,
    cacheScope: "public",
    _meta: { [EnvelopeKey.serverInfo]: server.options.serverInfo },
  };
  if (server.options.instructions !== undefined) result.instructions = server.options.instructions;
  return results.check("server/discover", version, result);
}
