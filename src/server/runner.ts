/**
 * The server kernel: the initialize gate and version negotiation, validation of every inbound
 * request against the negotiated version, routing to handlers through a middleware chain,
 * validation of every result before it goes out, and a fresh ServerSession per request.
 */

import { Dispatcher, type DispatcherOptions } from "../jsonrpc/dispatcher.js";
import type { JsonRpcNotification, RequestId } from "../jsonrpc/messages.js";
import type { InboundRequest, Params, ProgressToken } from "../jsonrpc/outbound.js";
import type { MessageExtraInfo, Transport } from "../jsonrpc/transport.js";
import { CACHEABLE_METHODS } from "../protocol/caching.js";
import { EnvelopeKey } from "../protocol/envelope.js";
import { CapabilityNotSupportedError, ErrorCode, McpError, SchemaViolationError } from "../protocol/errors.js";
import { INPUT_REQUIRED_METHODS } from "../protocol/input-requests.js";
import { clientRequestResultDefinition, definesMethod } from "../protocol/methods.js";
import type * as Model from "../protocol/model.js";
import {
  isSupportedProtocolVersion,
  type ProtocolVersion,
  STATEFUL_PROTOCOL_VERSIONS,
  STATELESS_PROTOCOL_VERSIONS,
} from "../protocol/versions.js";
import { serializeForVersion } from "../validation/serialize.js";
import {
  validateClientNotification,
  validateClientRequest,
  validateDefinition,
  validateServerResult,
} from "../validation/validate.js";
import { Connection, LOGGING_LEVELS, type LoggingLevel } from "./connection.js";
import { DispatchContext } from "./dispatch-context.js";
import { InputRequiredSignal, InputRound, type RequestStateOptions, RequestStateSealer } from "./input-required.js";
import { ServerSession } from "./server-session.js";
import { detectOpenTelemetry, type OpenTelemetryApi, Telemetry } from "./telemetry.js";

export interface RequestContext {
  /** Request-scoped server-to-client surface (see ServerSession for channel selection). */
  session: ServerSession;
  /** The request's own channel: progress, and whatever should travel with the request. */
  dispatch: DispatchContext;
  connection: Connection;
  requestId: RequestId;
  signal: AbortSignal;
  protocolVersion: ProtocolVersion;
  extra?: MessageExtraInfo;
  /** 2026-07-28 tools/call, prompts/get and resources/read: this run of a multi round-trip request. */
  round?: InputRound;
}

export type RequestHandler = (params: Params | undefined, context: RequestContext) => Params | Promise<Params>;
export type NotificationHandler = (params: Params | undefined, connection: Connection) => void | Promise<void>;

/** What a middleware sees of one inbound message. */
export interface InboundCall {
  kind: "request" | "notification";
  method: string;
  params: Params | undefined;
  protocolVersion: ProtocolVersion | undefined;
  connection: Connection;
  requestId?: RequestId;
}

/**
 * Wraps inbound requests and notifications. Call `next()` to go on (and see its result or error,
 * and time it), or return a result without calling it to short-circuit.
 */
export type Middleware = (call: InboundCall, next: () => Promise<Params | undefined>) => Promise<Params | undefined>;

export interface ServerRunnerOptions {
  serverInfo: Model.Implementation;
  /** What the server declares at initialize; a function is asked at each handshake (capabilities derived from what is registered). */
  capabilities?: Model.ServerCapabilities | (() => Model.ServerCapabilities);
  instructions?: string;
  /** Handshake versions this server accepts (default: all four). */
  protocolVersions?: readonly ProtocolVersion[];
  /** Stateless-lifecycle versions (requests carrying their own `_meta` envelope) it accepts (default: 2026-07-28). */
  statelessProtocolVersions?: readonly ProtocolVersion[];
  middleware?: Middleware[];
  /** Default timeout of the server's own requests to the client. */
  requestTimeout?: number;
  /** Longest a request handler may run, in ms (default 10 minutes; Infinity for none): then -32001. */
  handlerTimeout?: number;
  /** Most requests in flight per connection (session) (default 100): past it, -32003 at once. */
  maxInFlightRequests?: number;
  /**
   * OpenTelemetry tracing: on by default when `@opentelemetry/api` is installed (pass `false` to turn
   * it off, or the API object to use a particular copy).
   */
  telemetry?: OpenTelemetryApi | false;
  onError?: (error: Error) => void;
  /**
   * 2026-07-28 caching hints for cacheable results that carry none (default for each:
   * `{ ttlMs: 0, cacheScope: "private" }`).
   */
  cacheHints?: Partial<Record<string, { ttlMs: number; cacheScope: "public" | "private" }>>;
  /** Sealing of 2026-07-28 `requestState` (keys, rotation, lifetime); see RequestStateSealer. */
  requestState?: RequestStateOptions;
  /**
   * The authenticated principal behind a request, from what the transport knows of it; a sealed
   * requestState only opens for the principal it was issued to. Default: `authInfo` when it is a
   * string, else its `principal`, `clientId` or `sub` field.
   */
  principalOf?: (extra: MessageExtraInfo | undefined) => string | undefined;
}

/**
 * How a transport is served, overriding what the transport's own traits say (see TransportTraits,
 * which transports should declare instead).
 */
export interface ConnectOptions extends DispatcherOptions {
  /** Every request must carry a 2026-07-28-style `_meta` envelope (no handshake on this transport). */
  requireEnvelope?: boolean;
}

export const DEFAULT_HANDLER_TIMEOUT_MS = 10 * 60 * 1000;

export interface ServerConnection {
  connection: Connection;
  dispatcher: Dispatcher;
  /** A standalone session: messages not tied to any request. */
  session: ServerSession;
  close(): Promise<void>;
  closed: Promise<void>;
}

export class ServerRunner {
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();
  readonly protocolVersions: readonly ProtocolVersion[];
  readonly statelessProtocolVersions: readonly ProtocolVersion[];
  private readonly middleware: Middleware[];
  readonly telemetry: Telemetry | undefined;
  private sealer: RequestStateSealer | undefined;

  constructor(readonly options: ServerRunnerOptions) {
    this.protocolVersions = options.protocolVersions ?? STATEFUL_PROTOCOL_VERSIONS;
    for (const version of this.protocolVersions) {
      if (!STATEFUL_PROTOCOL_VERSIONS.includes(version)) {
        throw new Error(`${version} is not a handshake protocol version (${STATEFUL_PROTOCOL_VERSIONS.join(", ")})`);
      }
    }
    this.statelessProtocolVersions = options.statelessProtocolVersions ?? STATELESS_PROTOCOL_VERSIONS;
    this.middleware = [...(options.middleware ?? [])];
    const api = options.telemetry === false ? undefined : (options.telemetry ?? detectOpenTelemetry());
    this.telemetry = api ? new Telemetry(api) : undefined;
    this.setRequestHandler("logging/setLevel", (params, context) => {
      if (!this.capabilities.logging) {
        throw new McpError(
          ErrorCode.MethodNotFound,
          "Method not found: logging/setLevel (the server does not declare logging)",
        );
      }
      return setLevel(params, context);
    });
  }

  get capabilities(): Model.ServerCapabilities {
    const declared = this.options.capabilities;
    return (typeof declared === "function" ? declared() : declared) ?? {};
  }

  /** The newest version this server speaks: the answer to a client asking for one it does not know. */
  get latestProtocolVersion(): ProtocolVersion {
    return this.protocolVersions[this.protocolVersions.length - 1] as ProtocolVersion;
  }

  setRequestHandler(method: string, handler: RequestHandler): this {
    if (method === "initialize" || method === "ping") throw new Error(`${method} is answered by the kernel`);
    this.requestHandlers.set(method, handler);
    return this;
  }

  setNotificationHandler(method: string, handler: NotificationHandler): this {
    this.notificationHandlers.set(method, handler);
    return this;
  }

  use(middleware: Middleware): this {
    this.middleware.push(middleware);
    return this;
  }

  /** Serves a transport as its traits say (options, where given, override them). */
  async connect(transport: Transport, options: ConnectOptions = {}): Promise<ServerConnection> {
    const traits = transport.traits;
    const requireEnvelope = options.requireEnvelope ?? traits?.requireEnvelope ?? false;
    const hasBackChannel = options.hasBackChannel ?? traits?.hasBackChannel ?? true;
    const dispatcher = new Dispatcher(transport, {
      defaultTimeout: this.options.requestTimeout,
      onError: this.options.onError,
      handlerTimeout: this.options.handlerTimeout ?? DEFAULT_HANDLER_TIMEOUT_MS,
      maxInFlightRequests: this.options.maxInFlightRequests,
      ...options,
      hasBackChannel,
    });
    const connection = new Connection(dispatcher, transport.sessionId, hasBackChannel);
    connection.telemetry = this.telemetry;
    let markClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    dispatcher.onclose = () => markClosed();
    dispatcher.setHandler({
      onRequest: (inbound) => {
        const telemetry = this.telemetry;
        if (!telemetry) return this.handleRequest(connection, dispatcher, inbound, requireEnvelope);
        const { method, id, params } = inbound.request;
        const facts = {
          method,
          protocolVersion: connection.protocolVersion,
          sessionId: connection.sessionId,
          requestId: id,
          params,
        };
        return telemetry.traceInbound(facts, () =>
          this.handleRequest(connection, dispatcher, inbound, requireEnvelope),
        );
      },
      onNotification: (notification, extra) => this.handleNotification(connection, notification, extra),
    });
    await dispatcher.start();
    return {
      connection,
      dispatcher,
      session: new ServerSession(connection),
      close: () => dispatcher.close(),
      closed,
    };
  }

  private async handleRequest(
    connection: Connection,
    dispatcher: Dispatcher,
    inbound: InboundRequest,
    requireEnvelope: boolean,
  ): Promise<Params> {
    const { request, extra } = inbound;
    const { method, id } = request;
    const params = request.params;
    const meta = params?._meta as Record<string, unknown> | undefined;
    const enveloped =
      !connection.isInitialized && (requireEnvelope || meta?.[EnvelopeKey.protocolVersion] !== undefined);
    if (enveloped) {
      connection = this.fromEnvelope(connection, meta);
    } else {
      if (method === "initialize") return this.initialize(connection, params);
      if (method === "ping") return {};
    }
    const version = connection.protocolVersion;
    if (!version) {
      throw new McpError(ErrorCode.InvalidRequest, `Invalid Request: ${method} before initialize`);
    }
    if (method === "server/discover" && this.statelessProtocolVersions.includes(version)) return this.discover(version);
    const handler = this.requestHandlers.get(method);
    if (!definesMethod(version, "clientRequests", method) || !handler) {
      throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`, { method, protocolVersion: version });
    }
    validateClientRequest(method, version, params);
    const dispatch = new DispatchContext(dispatcher, id, inbound, progressTokenOf(params), connection.hasBackChannel);
    const round =
      enveloped && INPUT_REQUIRED_METHODS.has(method)
        ? await this.openRound(method, params, extra, version)
        : undefined;
    let signal: AbortSignal | undefined;
    const context: RequestContext = {
      session: new ServerSession(connection, dispatch, false, round),
      dispatch,
      connection,
      requestId: id,
      get signal() {
        signal ??= round ? AbortSignal.any([inbound.signal, round.signal]) : inbound.signal;
        return signal;
      },
      protocolVersion: version,
      extra,
      round,
    };
    const call: InboundCall = { kind: "request", method, params, protocolVersion: version, connection, requestId: id };
    const run = this.runMiddleware(call, async () => handler(params, context));
    let result: Params | undefined;
    try {
      if (!round) {
        result = await run;
      } else {
        run.catch(() => {});
        const outcome = await Promise.race([
          run.then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          ),
          round.needed.then(() => undefined),
        ]);
        // The handler waits on the client (or gave up because of it): ask the client, come back later.
        if (round.needsInput && (outcome === undefined || "error" in outcome)) {
          return await this.inputRequired(method, params, extra, round, version);
        }
        if (outcome && "error" in outcome) throw outcome.error;
        result = outcome?.value;
      }
    } catch (error) {
      if (enveloped && error instanceof CapabilityNotSupportedError) throw missingCapability(error);
      if (error instanceof InputRequiredSignal) {
        throw new McpError(ErrorCode.InternalError, "Internal error: the handler went on after its input round ended");
      }
      throw error;
    }
    return this.checkResult(method, version, result ?? {});
  }

  private get requestStateSealer(): RequestStateSealer {
    this.sealer ??= new RequestStateSealer(this.options.serverInfo.name, this.options.requestState);
    return this.sealer;
  }

  private principalOf(extra: MessageExtraInfo | undefined): string | null {
    if (this.options.principalOf) return this.options.principalOf(extra) ?? null;
    const auth = extra?.authInfo;
    if (typeof auth === "string") return auth;
    if (typeof auth === "object" && auth !== null) {
      for (const field of ["principal", "clientId", "sub"]) {
        const value = (auth as Record<string, unknown>)[field];
        if (typeof value === "string") return value;
      }
    }
    return null;
  }

  /** A run of a 2026-07-28 request that may need the client: answers from its state and responses. */
  private async openRound(
    method: string,
    params: Params | undefined,
    extra: MessageExtraInfo | undefined,
    version: ProtocolVersion,
  ): Promise<InputRound> {
    let answers: Record<string, unknown> = {};
    let state: unknown;
    if (params?.requestState !== undefined) {
      const opened = await this.requestStateSealer.open(params.requestState, method, params, this.principalOf(extra));
      answers = opened.answers;
      state = opened.state;
    }
    const responses = params?.inputResponses;
    if (typeof responses === "object" && responses !== null && !Array.isArray(responses)) {
      answers = { ...answers, ...(responses as Record<string, unknown>) };
    }
    return new InputRound(answers, version, state, params?.requestState !== undefined);
  }

  private async inputRequired(
    method: string,
    params: Params | undefined,
    extra: MessageExtraInfo | undefined,
    round: InputRound,
    version: ProtocolVersion,
  ): Promise<Params> {
    const requestState = await this.requestStateSealer.seal(
      method,
      params,
      this.principalOf(extra),
      round.answersToKeep(),
      round.state,
    );
    const result: Params = { resultType: "input_required", inputRequests: round.inputRequests(), requestState };
    validateDefinition("InputRequiredResult", version, result);
    return result;
  }

  /**
   * 2026-07-28 and later: no handshake; each request names its version, client and capabilities in
   * `_meta`. A ready connection is built from that envelope, for this request only, with no channel
   * back to the client (those versions have no server-to-client requests).
   */
  private fromEnvelope(connection: Connection, meta: Record<string, unknown> | undefined): Connection {
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
    if (!isSupportedProtocolVersion(requested) || !this.statelessProtocolVersions.includes(requested)) {
      const supported = [...this.protocolVersions, ...this.statelessProtocolVersions];
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

  private discover(version: ProtocolVersion): Params {
    const result: Params = {
      resultType: "complete",
      supportedVersions: [...this.protocolVersions, ...this.statelessProtocolVersions],
      capabilities: this.capabilities,
      ttlMs: 0,
      cacheScope: "public",
      _meta: { [EnvelopeKey.serverInfo]: this.options.serverInfo },
    };
    if (this.options.instructions !== undefined) result.instructions = this.options.instructions;
    return this.checkResult("server/discover", version, result);
  }

  /**
   * Results are brought down to the negotiated version (fields it does not define are dropped),
   * then validated before they go out: a server bug is -32603, never bad data on the wire.
   */
  private checkResult(method: string, version: ProtocolVersion, result: Params): Params {
    const definition = clientRequestResultDefinition(version, method);
    // Stateless-lifecycle versions say what kind of result this is; a handler need not.
    let typed = result;
    if (this.statelessProtocolVersions.includes(version)) {
      if (result.resultType === undefined) typed = { resultType: "complete", ...result };
      // Cacheable results always carry their hints in this era.
      if (CACHEABLE_METHODS.has(method) && typed.resultType === "complete") {
        const hint = this.options.cacheHints?.[method];
        if (typed.ttlMs === undefined) typed = { ...typed, ttlMs: hint?.ttlMs ?? 0 };
        if (typed.cacheScope === undefined) typed = { ...typed, cacheScope: hint?.cacheScope ?? "private" };
      }
    }
    const serialized = definition ? (serializeForVersion(definition, version, typed) as Params) : typed;
    try {
      return validateServerResult(method, version, serialized) as Params;
    } catch (error) {
      if (error instanceof SchemaViolationError) {
        this.options.onError?.(error);
        throw new McpError(ErrorCode.InternalError, `Internal error: the server produced an invalid ${method} result`, {
          issues: error.issues,
        });
      }
      throw error;
    }
  }

  private initialize(connection: Connection, params: Params | undefined): Params {
    if (connection.isInitialized) {
      throw new McpError(ErrorCode.InvalidRequest, "Invalid Request: the connection is already initialized");
    }
    const requested = params?.protocolVersion;
    // The spec: answer with the requested version if supported, otherwise with our latest.
    const version =
      isSupportedProtocolVersion(requested) && this.protocolVersions.includes(requested)
        ? requested
        : this.latestProtocolVersion;
    const checked = validateClientRequest("initialize", version, params) as Model.InitializeRequestParams;
    connection.initializeParams = checked;
    connection.protocolVersion = version;
    const result: Params = {
      protocolVersion: version,
      capabilities: this.capabilities,
      serverInfo: this.options.serverInfo,
    };
    if (this.options.instructions !== undefined) result.instructions = this.options.instructions;
    return this.checkResult("initialize", version, result);
  }

  private async handleNotification(
    connection: Connection,
    notification: JsonRpcNotification,
    _extra?: MessageExtraInfo,
  ): Promise<void> {
    const { method, params } = notification;
    const version = connection.protocolVersion;
    if (!version) return; // Nothing but initialize and ping counts before the handshake.
    if (!definesMethod(version, "clientNotifications", method)) return; // Unknown notifications are ignored, as JSON-RPC allows.
    validateClientNotification(method, version, params);
    if (method === "notifications/initialized") connection.initializedNotified = true;
    const handler = this.notificationHandlers.get(method);
    const call: InboundCall = { kind: "notification", method, params, protocolVersion: version, connection };
    await this.runMiddleware(call, async () => {
      await handler?.(params, connection);
      return undefined;
    });
  }

  private runMiddleware(call: InboundCall, last: () => Promise<Params | undefined>): Promise<Params | undefined> {
    const chain = this.middleware;
    const step = (index: number): Promise<Params | undefined> => {
      const middleware = chain[index];
      return middleware ? middleware(call, () => step(index + 1)) : last();
    };
    return step(0);
  }
}

/** 2026-07-28: a capability the request needs and the client did not declare is -32021, naming it. */
function missingCapability(error: CapabilityNotSupportedError): McpError {
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

function progressTokenOf(params: Params | undefined): ProgressToken | undefined {
  const meta = params?._meta;
  if (typeof meta !== "object" || meta === null) return undefined;
  const token = (meta as Params).progressToken;
  return typeof token === "string" || typeof token === "number" ? token : undefined;
}

const setLevel: RequestHandler = (params, context) => {
  const level = params?.level;
  if (!LOGGING_LEVELS.includes(level as LoggingLevel)) {
    throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown logging level ${JSON.stringify(level)}`);
  }
  context.connection.logLevel = level as LoggingLevel;
  return {};
};
