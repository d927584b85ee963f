/**
 * Choosing the lifecycle at connect. "stateful": the initialize handshake, which settles on a
 * stateful-lifecycle version. "stateless": server/discover (with the envelope) at the newest
 * stateless-lifecycle version the client speaks.
 * "auto": server/discover first; a server that lists no stateless-lifecycle version this client
 * speaks (or answers with an error) gets initialize on the same transport.
 */
import type { Outbound, Params } from "../jsonrpc/outbound.js";
import { EnvelopeKey } from "../protocol/envelope.js";
import { ErrorCode, McpError, UnsupportedProtocolVersionError } from "../protocol/errors.js";
import type * as Model from "../protocol/model.js";
import { isSupportedProtocolVersion, type Lifecycle, type ProtocolVersion } from "../protocol/versions.js";
import { validateClientRequest, validateServerResult } from "../validation/validate.js";
import { ensureProtocolVersion } from "../validation/validator-modules.js";
import type { RequestEnvelope } from "./request-envelope.js";

/**
 * Which lifecycle a client session speaks: `"stateful"` (the initialize handshake, the default),
 * `"stateless"` (no handshake; every request carries its envelope) or `"auto"` (asks `server/discover`, then
 * takes the stateless lifecycle when the server speaks a version of it, else initializes).
 */
export type Negotiation = "stateful" | "stateless" | "auto";

/** The answer to initialize (or server/discover), as the client keeps it. */
export interface InitializedServer {
  /** The protocol version negotiated (stateful) or chosen (stateless). */
  protocolVersion: ProtocolVersion;
  /** The capabilities the server declared. */
  capabilities: Model.ServerCapabilities;
  /** The server's name and version. */
  serverInfo: Model.Implementation;
  /** The server's instructions for the model, when it gave any. */
  instructions?: string;
}

/** What negotiating needs of the session it negotiates for. */
export interface NegotiatingSession {
  readonly outbound: Outbound;
  readonly options: { clientInfo: Model.Implementation; capabilities?: Model.ClientCapabilities };
  readonly envelope: RequestEnvelope;
  /** Handshake versions the client accepts, oldest first; it asks for the newest. */
  readonly protocolVersions: readonly ProtocolVersion[];
  /** Stateless-lifecycle versions the client speaks, oldest first; server/discover asks for the newest. */
  readonly statelessProtocolVersions: readonly ProtocolVersion[];
  /** From now on the session speaks `lifecycle` with this server (before anything else is sent). */
  adopt(server: InitializedServer, lifecycle: Lifecycle): void;
  close(): Promise<void>;
}

export async function negotiate(session: NegotiatingSession, negotiation: Negotiation): Promise<InitializedServer> {
  if (negotiation === "stateful") return initialize(session);
  const discovered = await discover(session, negotiation).catch((error: unknown) => {
    if (negotiation === "stateless") throw error;
    return undefined;
  });
  if (discovered) return discovered;
  return initialize(session);
}

/**
 * Asks for the newest version this client speaks; accepts an older one the server answers with
 * when this client supports it too, and otherwise closes the connection and fails clearly.
 */
export async function initialize(session: NegotiatingSession): Promise<InitializedServer> {
  const { protocolVersions } = session;
  const requested = protocolVersions[protocolVersions.length - 1] as ProtocolVersion;
  const params: Params = {
    protocolVersion: requested,
    capabilities: session.options.capabilities ?? {},
    clientInfo: session.options.clientInfo,
  };
  await ensureProtocolVersion(requested);
  validateClientRequest("initialize", requested, params);
  const result = await session.outbound.sendRawRequest("initialize", params);
  const answered = result.protocolVersion;
  if (!isSupportedProtocolVersion(answered) || !protocolVersions.includes(answered)) {
    await session.close();
    throw new UnsupportedProtocolVersionError(String(answered), protocolVersions);
  }
  await ensureProtocolVersion(answered);
  const checked = validateServerResult("initialize", answered, result) as Model.InitializeResult;
  const server: InitializedServer = {
    protocolVersion: answered,
    capabilities: checked.capabilities,
    serverInfo: checked.serverInfo,
    ...(checked.instructions !== undefined ? { instructions: checked.instructions } : {}),
  };
  session.adopt(server, "stateful");
  await session.outbound.notify("notifications/initialized");
  return server;
}

/**
 * Asks server/discover and, when the server lists a stateless-lifecycle version this client
 * speaks, adopts it. Undefined when it lists none (an "auto" client then falls back to
 * initialize); a pinned client fails with UnsupportedProtocolVersionError.
 */
async function discover(session: NegotiatingSession, negotiation: Negotiation): Promise<InitializedServer | undefined> {
  const spoken = session.statelessProtocolVersions;
  let version = spoken[spoken.length - 1] as ProtocolVersion;
  let result: Params;
  try {
    result = await session.outbound.sendRawRequest("server/discover", session.envelope.wrap(undefined, version));
  } catch (error) {
    // -32022 lists what the server speaks: retry once with the newest stateless-lifecycle one we share.
    const supported =
      error instanceof McpError && error.code === ErrorCode.UnsupportedProtocolVersion
        ? (error.data as { supported?: unknown } | undefined)?.supported
        : undefined;
    const shared = Array.isArray(supported) ? spoken.filter((v) => supported.includes(v)).at(-1) : undefined;
    if (!shared) throw error;
    version = shared;
    result = await session.outbound.sendRawRequest("server/discover", session.envelope.wrap(undefined, version));
  }
  const supported = Array.isArray(result.supportedVersions) ? (result.supportedVersions as unknown[]) : [];
  if (!supported.includes(version)) {
    if (negotiation === "stateless") {
      throw new UnsupportedProtocolVersionError(version, supported.map(String) as never);
    }
    return undefined;
  }
  await ensureProtocolVersion(version);
  const checked = validateServerResult("server/discover", version, result) as unknown as Params;
  const meta = checked._meta as Record<string, unknown> | undefined;
  const serverInfo = (meta?.[EnvelopeKey.serverInfo] ?? checked.serverInfo) as Model.Implementation | undefined;
  const server: InitializedServer = {
    protocolVersion: version,
    capabilities: checked.capabilities as Model.ServerCapabilities,
    serverInfo: serverInfo ?? { name: "unknown", version: "" },
    ...(typeof checked.instructions === "string" ? { instructions: checked.instructions } : {}),
  };
  session.adopt(server, "stateless");
  return server;
}
