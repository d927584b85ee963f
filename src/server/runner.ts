/**
 * The server kernel: the initialize gate and version negotiation (handshake.ts) or the request's
 * own envelope (stateless-envelope.ts), validation of every inbound request against the version in
 * force, routing to handlers through a middleware chain (middleware.ts), input rounds of multi
 * round-trip requests (input-rounds.ts), validation of every result before it goes out
 * (result-check.ts), and a fresh ServerSession per request. ServerRunner puts these together.
 */

import type { Extension, ExtensionDefinition } from "../extensions/extension.js";
import {
  declaresExtension as declares,
  ExtensionRegistry,
  missingExtensionError,
  type RegisteredExtension,
} from "../extensions/registry.js";
import { Dispatcher, type DispatcherOptions } from "../jsonrpc/dispatcher.js";
import type { JsonRpcNotification, JsonRpcRequest, RequestId } from "../jsonrpc/messages.js";
import type { InboundRequest, Params, ProgressToken } from "../jsonrpc/outbound.js";
import type { MessageExtraInfo, Transport } from "../jsonrpc/transport.js";
import { EnvelopeKey, metaOf } from "../protocol/envelope.js";
import { CapabilityNotSupportedError, ErrorCode, McpError, SchemaViolationError } from "../protocol/errors.js";
import { hasFeature } from "../protocol/features.js";
import { INPUT_REQUIRED_METHODS } from "../protocol/input-requests.js";
import { decodeHeaderValue } from "../protocol/mcp-headers.js";
import { definesMethod } from "../protocol/methods.js";
import type * as Model from "../protocol/model.js";
import {
  isStatefulProtocolVersion,
  isStatelessProtocolVersion,
  type ProtocolVersion,
  STATEFUL_PROTOCOL_VERSIONS,
  STATELESS_PROTOCOL_VERSIONS,
} from "../protocol/versions.js";
import { serializeForVersion } from "../validation/serialize.js";
import { validateClientNotification, validateClientRequest, validateDefinition } from "../validation/validate.js";
import { ensureProtocolVersion } from "../validation/validator-modules.js";
import { Connection, LOGGING_LEVELS, type LoggingLevel } from "./connection.js";
import { DispatchContext } from "./dispatch-context.js";
import { ServerExtension } from "./extensions.js";
import { discover, initialize } from "./handshake.js";
import { InputRequiredSignal, type InputRound } from "./input-required.js";
import { type InputRoundOptions, InputRounds } from "./input-rounds.js";
import { type InboundCall, type Middleware, runMiddleware } from "./middleware.js";
import { ResultChecker, type ResultCheckOptions } from "./result-check.js";
import { ServerSession } from "./server-session.js";
import { connectionFromEnvelope, isEnveloped, missingCapability } from "./stateless-envelope.js";
import { detectOpenTelemetry, type OpenTelemetryApi, Telemetry } from "./telemetry.js";

/** What a kernel request handler gets besides the params: the connection, the request's session and channel, its signal. */
export interface RequestContext {
  /** Request-scoped server-to-client surface (see ServerSession for channel selection). */
  session: ServerSession;
  /** The request's own channel: progress, and whatever should travel with the request. */
  dispatch: DispatchContext;
  /** The connection the request arrived on. */
  connection: Connection;
  /** The request's JSON-RPC id. */
  requestId: RequestId;
  /** Aborted when the client cancels the request, the handler's time is up or the connection closes. */
  signal: AbortSignal;
  /** The protocol version the request is served in. */
  protocolVersion: ProtocolVersion;
  /** What the transport knows about the request (HTTP headers, the authenticated caller in `authInfo`). */
  extra?: MessageExtraInfo;
  /** Stateless-lifecycle tools/call, prompts/get and resources/read: this run of a multi round-trip request. */
  round?: InputRound;
  /**
   * Whether the client declared extension `id` for this request: in its initialize capabilities, its
   * envelope, or this request's own `_meta` clientCapabilities (a per-request opt-in).
   */
  declaresExtension(id: string): boolean;
}

/** Answers one client request; what it returns is serialised down to the negotiated version. */
export type RequestHandler = (params: Params | undefined, context: RequestContext) => Params | Promise<Params>;
/** Handles one client notification. */
export type NotificationHandler = (params: Params | undefined, connection: Connection) => void | Promise<void>;

/** The kernel's options: who it is, what it can do, which versions it speaks, and its limits. */
export interface ServerRunnerOptions extends ResultCheckOptions, InputRoundOptions {
  /** The server's name and version, sent at the handshake (and in `server/discover`). */
  serverInfo: Model.Implementation;
  /** What the server declares at initialize; a function is asked at each handshake (capabilities derived from what is registered). */
  capabilities?: Model.ServerCapabilities | (() => Model.ServerCapabilities);
  /** Instructions for the model on how to use the server, sent at the handshake. */
  instructions?: string;
  /** Handshake versions this server accepts (default: all four). */
  protocolVersions?: readonly ProtocolVersion[];
  /** Stateless-lifecycle versions (requests carrying their own `_meta` envelope) it accepts (default: every one but opt-in drafts). */
  statelessProtocolVersions?: readonly ProtocolVersion[];
  /** Middleware run around every inbound request and notification, in order (more with `use`). */
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
}

/**
 * How a transport is served, overriding what the transport's own traits say (see TransportTraits,
 * which transports should declare instead).
 */
export interface ConnectOptions extends DispatcherOptions {
  /** Every request must carry a stateless-lifecycle `_meta` envelope (no handshake on this transport). */
  requireEnvelope?: boolean;
}

/** Longest a request handler may run by default (10 minutes). */
export const DEFAULT_HANDLER_TIMEOUT_MS = 10 * 60 * 1000;

/** One connected transport as `ServerRunner.connect` returns it: close it, or wait for it to close. */
export interface ServerConnection {
  /** The connection's state (negotiated version, client capabilities). */
  connection: Connection;
  /** The connection's dispatcher. */
  dispatcher: Dispatcher;
  /** A standalone session: messages not tied to any request. */
  session: ServerSession;
  /** Closes the transport; resolves once closed. */
  close(): Promise<void>;
  /** Resolves when the connection closes, from either side. */
  closed: Promise<void>;
}

/** Initializes whose version's validators are still loading, by connection (see handleRequest). */
const pendingInitializes = new WeakMap<Connection, Promise<unknown>>();

/** The server kernel: handshake and envelope, validation per version, routing to handlers, result serialisation, middleware. */
export class ServerRunner {
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();
  /** The handshake versions this server accepts. */
  readonly protocolVersions: readonly ProtocolVersion[];
  /** The stateless-lifecycle versions this server accepts. */
  readonly statelessProtocolVersions: readonly ProtocolVersion[];
  private readonly middleware: Middleware[];
  /** The OpenTelemetry tracing, when on. */
  readonly telemetry: Telemetry | undefined;
  private readonly results: ResultChecker;
  private readonly rounds: InputRounds;
  /** The extensions registered with `registerExtension`. */
  readonly extensions = new ExtensionRegistry();

  /**
   * Creates the kernel; handlers are set with `setRequestHandler` and transports served with `connect`.
   * @param options - The kernel's options.
   */
  constructor(readonly options: ServerRunnerOptions) {
    this.protocolVersions = options.protocolVersions ?? STATEFUL_PROTOCOL_VERSIONS;
    for (const version of this.protocolVersions) {
      if (!isStatefulProtocolVersion(version)) {
        throw new Error(`${version} is not a handshake protocol version (${STATEFUL_PROTOCOL_VERSIONS.join(", ")})`);
      }
    }
    this.statelessProtocolVersions = options.statelessProtocolVersions ?? STATELESS_PROTOCOL_VERSIONS;
    for (const version of this.statelessProtocolVersions) {
      if (!isStatelessProtocolVersion(version)) {
        throw new Error(`${version} is not a stateless protocol version (${STATELESS_PROTOCOL_VERSIONS.join(", ")})`);
      }
    }
    if (this.supportedProtocolVersions.length === 0)
      throw new Error("a server must speak at least one protocol version");
    this.results = new ResultChecker(this.statelessProtocolVersions, options);
    this.rounds = new InputRounds(options);
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

  /** The capabilities the server declares (a function in the options is asked anew each time). */
  get capabilities(): Model.ServerCapabilities {
    const declared = this.options.capabilities;
    return (typeof declared === "function" ? declared() : declared) ?? {};
  }

  /** What the server declares to a client speaking `version`: its capabilities plus the extensions that apply. */
  capabilitiesFor(version: ProtocolVersion): Model.ServerCapabilities {
    const capabilities = this.capabilities;
    const extensions = this.extensions.capabilities(version);
    if (!extensions) return capabilities;
    const declared = (capabilities as { extensions?: Record<string, unknown> }).extensions;
    return { ...capabilities, extensions: { ...declared, ...extensions } } as Model.ServerCapabilities;
  }

  /**
   * Registers an extension: its methods become known (validated against its schemas, answered by
   * the handlers set on the handle this returns), it is declared under `capabilities.extensions`
   * in initialize and server/discover, and a client that did not declare it gets -32021 for its
   * methods. `settings` replaces the definition's settings object.
   */
  registerExtension<D extends ExtensionDefinition>(
    extension: Extension<D>,
    options: { settings?: Readonly<Record<string, unknown>> } = {},
  ): ServerExtension<D> {
    const registered = this.extensions.register(extension, options.settings);
    return new ServerExtension<D>(registered, {
      setRequestHandler: (method, handler) => this.setRequestHandler(method, handler),
      setNotificationHandler: (method, handler) => this.setNotificationHandler(method, handler),
    });
  }

  /**
   * The newest handshake version this server speaks: the answer to a client asking for one it does
   * not know (undefined when it speaks only the stateless lifecycle).
   */
  get latestProtocolVersion(): ProtocolVersion | undefined {
    return this.protocolVersions[this.protocolVersions.length - 1];
  }

  /** Every version this server speaks, both lifecycles, oldest first: what a -32022 lists. */
  get supportedProtocolVersions(): readonly ProtocolVersion[] {
    return [...this.protocolVersions, ...this.statelessProtocolVersions];
  }

  /**
   * Sets the handler of request `method` (replacing any earlier one). `initialize` and `ping` are the
   * kernel's: setting them throws.
   */
  setRequestHandler(method: string, handler: RequestHandler): this {
    if (method === "initialize" || method === "ping") throw new Error(`${method} is answered by the kernel`);
    this.requestHandlers.set(method, handler);
    return this;
  }

  /** Sets the handler of notification `method` (replacing any earlier one). */
  setNotificationHandler(method: string, handler: NotificationHandler): this {
    this.notificationHandlers.set(method, handler);
    return this;
  }

  /** Adds a middleware after those already there. */
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
        // Nothing is built for tracing until a tracer is registered.
        if (!telemetry?.tracing) return this.handleRequest(connection, dispatcher, inbound, requireEnvelope);
        const { method, id, params } = inbound.request;
        const facts = {
          method,
          protocolVersion: connection.protocolVersion,
          sessionId: connection.sessionId,
          requestId: id,
          params,
        };
        return telemetry.traceInbound(facts, () =>
          this.handleRequestAsync(connection, dispatcher, inbound, requireEnvelope),
        );
      },
      onNotification: (notification, extra) => this.handleNotification(connection, notification, extra),
      // Batches only where the negotiated version has them (see FEATURE_ONLY_IN); before the handshake none is
      // taken, so an initialize inside a batch is refused with the batch (the spec: it MUST NOT be batched).
      acceptsBatch: () =>
        connection.protocolVersion !== undefined && hasFeature(connection.protocolVersion, "jsonRpcBatches"),
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

  /**
   * Answers a request. The usual one (on an initialized connection or in an envelope, no middleware, a
   * handler that answers synchronously) is answered synchronously: no promise, no extra turn. The rest
   * goes through `handleRequestAsync`.
   */
  private handleRequest(
    connection: Connection,
    dispatcher: Dispatcher,
    inbound: InboundRequest,
    requireEnvelope: boolean,
  ): Params | Promise<Params> {
    const { method, params } = inbound.request;
    const version = connection.protocolVersion;
    if (this.middleware.length === 0 && method !== "initialize" && method !== "ping" && method !== "server/discover") {
      const meta = params?._meta as Record<string, unknown> | undefined;
      if (isEnveloped(connection, meta, requireEnvelope)) {
        return this.handleEnveloped(connection, dispatcher, inbound, meta, requireEnvelope);
      }
    }
    if (
      version === undefined ||
      method === "initialize" ||
      method === "ping" ||
      method === "server/discover" ||
      this.middleware.length > 0 ||
      isEnveloped(connection, params?._meta as Record<string, unknown> | undefined, requireEnvelope)
    ) {
      return this.handleRequestAsync(connection, dispatcher, inbound, requireEnvelope);
    }
    // The version's validators (a no-op once loaded).
    const loading = ensureProtocolVersion(version);
    if (loading) return loading.then(() => this.handleRequestAsync(connection, dispatcher, inbound, requireEnvelope));
    return this.runHandler(connection, dispatcher, inbound, version, false, false);
  }

  /** Answers any request: before the handshake, in an envelope, with middleware, or with a handler that awaits. */
  private async handleRequestAsync(
    connection: Connection,
    dispatcher: Dispatcher,
    inbound: InboundRequest,
    requireEnvelope: boolean,
  ): Promise<Params> {
    const { request, extra } = inbound;
    const { method, id } = request;
    const params = request.params;
    const meta = params?._meta as Record<string, unknown> | undefined;
    const enveloped = isEnveloped(connection, meta, requireEnvelope);
    if (enveloped) {
      connection = connectionFromEnvelope(connection, meta, this);
    } else {
      if (method === "initialize") {
        const answer = initialize(this, connection, params, this.results);
        // The transport learns the version too: an HTTP session takes JSON-RPC batches only where it has them.
        const tellTransport = () => {
          if (connection.protocolVersion) dispatcher.transport.setProtocolVersion?.(connection.protocolVersion);
        };
        if (answer instanceof Promise) {
          // Its version's validators are still loading: what follows the initialize waits for it.
          pendingInitializes.set(connection, answer);
          return answer.finally(() => {
            pendingInitializes.delete(connection);
            tellTransport();
          });
        }
        tellTransport();
        return answer;
      }
      if (method === "ping") return {};
    }
    const pending = connection.protocolVersion ? undefined : pendingInitializes.get(connection);
    if (pending) await pending.catch(() => {});
    const version = connection.protocolVersion;
    if (!version) {
      throw new McpError(ErrorCode.InvalidRequest, `Invalid Request: ${method} before initialize`);
    }
    // The version's validators (a no-op once loaded; awaited where they cannot load synchronously).
    const loading = ensureProtocolVersion(version);
    if (loading) await loading;
    if (method === "server/discover" && this.statelessProtocolVersions.includes(version)) {
      return discover(this, version, this.results);
    }
    const { handler, context } = this.prepareRequest(connection, dispatcher, inbound, version);
    let round: InputRound | undefined;
    if (enveloped && INPUT_REQUIRED_METHODS.has(method)) {
      const opened = this.rounds.open(method, params, extra, version);
      round = opened instanceof Promise ? await opened : opened;
    }
    context.round = round;
    // Without middleware nothing is built for it: the handler is called directly.
    let run: Params | Promise<Params | undefined>;
    try {
      run =
        this.middleware.length === 0
          ? handler(params, context)
          : runMiddleware(
              this.middleware,
              { kind: "request", method, params, protocolVersion: version, connection, requestId: id },
              async () => handler(params, context),
            );
    } catch (error) {
      run = Promise.reject(error);
    }
    const settled = this.settle(run, context, method, params, enveloped);
    return settled instanceof Promise ? await settled : settled;
  }

  /**
   * An enveloped request (the stateless lifecycle) answered in the turn it came in when nothing in it
   * waits: its envelope makes its connection, and a handler that answers synchronously costs no promise.
   * A version whose validators still load, or a requestState to decrypt, goes through `handleRequestAsync`.
   */
  private handleEnveloped(
    connection: Connection,
    dispatcher: Dispatcher,
    inbound: InboundRequest,
    meta: Record<string, unknown> | undefined,
    requireEnvelope: boolean,
  ): Params | Promise<Params> {
    const { method, params } = inbound.request;
    const perRequest = connectionFromEnvelope(connection, meta, this);
    const version = perRequest.protocolVersion as ProtocolVersion;
    const rounds = INPUT_REQUIRED_METHODS.has(method);
    if (ensureProtocolVersion(version) !== undefined || (rounds && params?.requestState !== undefined)) {
      return this.handleRequestAsync(connection, dispatcher, inbound, requireEnvelope);
    }
    return this.runHandler(perRequest, dispatcher, inbound, version, true, rounds);
  }

  /**
   * Runs the handler of a request ready to run (its connection has its version, whose validators are
   * loaded; a round to open needs nothing decrypted) and answers it, synchronously when the handler does.
   */
  private runHandler(
    connection: Connection,
    dispatcher: Dispatcher,
    inbound: InboundRequest,
    version: ProtocolVersion,
    enveloped: boolean,
    openRound: boolean,
  ): Params | Promise<Params> {
    const { method, params } = inbound.request;
    const { handler, context } = this.prepareRequest(connection, dispatcher, inbound, version);
    // The round is opened when first used (nothing is sealed here: it opens synchronously); a handler that
    // answers without asking anything, reading its signal or its session, costs none.
    if (openRound) context.openRoundOnUse(this.rounds);
    let run: Params | Promise<Params | undefined>;
    try {
      run = handler(params, context);
    } catch (error) {
      run = Promise.reject(error);
    }
    return this.settle(run, context, method, params, enveloped);
  }

  /**
   * The answer once the handler ran (`context` has the request's round, version and extra): its checked
   * result, at once when it answered synchronously.
   */
  private settle(
    run: Params | Promise<Params | undefined>,
    context: KernelRequestContext,
    method: string,
    params: Params | undefined,
    enveloped: boolean,
  ): Params | Promise<Params> {
    if (typeof (run as PromiseLike<unknown> | undefined)?.then !== "function") {
      // A handler that answered synchronously costs no extra turn (and, having answered, needs no client).
      return this.checkResult(method, context.protocolVersion, (run as Params | undefined) ?? {}, context, params);
    }
    return this.settleLater(run as Promise<Params | undefined>, context, method, params, enveloped);
  }

  private async settleLater(
    run: Promise<Params | undefined>,
    context: KernelRequestContext,
    method: string,
    params: Params | undefined,
    enveloped: boolean,
  ): Promise<Params> {
    const { round, protocolVersion: version, extra } = context;
    let result: Params | undefined;
    try {
      if (!round) {
        result = await run;
      } else {
        const outcome = await this.rounds.race(run, round);
        // The handler waits on the client (or gave up because of it): ask the client, come back later.
        if (round.needsInput && (outcome === undefined || "error" in outcome)) {
          return await this.rounds.inputRequired(method, params, extra, round, version);
        }
        if (outcome && "error" in outcome) throw outcome.error;
        result = outcome?.value;
      }
    } catch (error) {
      throw handlerFailure(error, enveloped);
    }
    return this.checkResult(method, version, result ?? {}, context, params);
  }

  /**
   * The handler of a request and its context, once the method is known to be served on this version and
   * its params pass the checks; throws the error to answer otherwise.
   */
  private prepareRequest(
    connection: Connection,
    dispatcher: Dispatcher,
    inbound: InboundRequest,
    version: ProtocolVersion,
  ): { handler: RequestHandler; context: KernelRequestContext } {
    const { request, extra } = inbound;
    const { method, id, params } = request;
    const meta = params?._meta as Record<string, unknown> | undefined;
    const handler = this.requestHandlers.get(method);
    const extensionMethod = definesMethod(version, "clientRequests", method)
      ? undefined
      : this.extensions.method("clientRequests", method, version);
    if (
      (!definesMethod(version, "clientRequests", method) && !extensionMethod) ||
      !handler ||
      this.extensions.removing(method, version)
    ) {
      throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`, { method, protocolVersion: version });
    }
    const dispatch = new DispatchContext(
      dispatcher,
      id,
      inbound,
      progressTokenOf(params),
      connection.hasBackChannel,
      meta?.[EnvelopeKey.clientCapabilities],
    );
    // Made before the checks (they ask it what the client declared); its input round is set below.
    const context = new KernelRequestContext(dispatch, connection, id, inbound, version, extra);
    if (extensionMethod) {
      if (
        extensionMethod.extension.definition.clientDeclaration !== "optional" &&
        !context.declares(extensionMethod.extension.id)
      )
        throw missingExtensionError(extensionMethod.extension.id, method);
      extensionMethod.checkParams(params, version);
    } else {
      validateClientRequest(method, version, params);
      this.checkListenFilters(method, params, version, context);
    }
    return { handler, context };
  }

  /**
   * A result on its way out: an extension method's against the extension's schema; a core result
   * carrying a `resultType` an extension adds against that extension's schema (and only to a client
   * that declared it); any other through the core checks.
   */
  private checkResult(
    method: string,
    version: ProtocolVersion,
    result: Params,
    context: KernelRequestContext,
    params?: Params,
  ): Params {
    if (isTaskAugmented(version, params) && typeof result.task === "object" && result.task !== null) {
      // A task-augmented request (versions with core tasks) is answered with the task, not the result.
      return this.checkCreateTaskResult(method, version, result);
    }
    const extensionMethod = definesMethod(version, "clientRequests", method)
      ? undefined
      : this.extensions.method("clientRequests", method, version);
    const added = extensionMethod ? undefined : this.extensions.resultType(method, result.resultType, version);
    if (!extensionMethod && !added) return this.results.check(method, version, result);
    const typed =
      this.statelessProtocolVersions.includes(version) && result.resultType === undefined
        ? { resultType: "complete", ...result }
        : result;
    try {
      if (extensionMethod) {
        extensionMethod.checkResult(typed, version);
      } else if (added) {
        if (!context.declares(added.extension.id)) {
          throw new McpError(
            ErrorCode.InternalError,
            `Internal error: the server answered ${method} with a ${String(result.resultType)} result, which a client that did not declare ${added.extension.id} cannot take`,
          );
        }
        const issues = added.check(typed);
        if (issues.length > 0) throw new SchemaViolationError(`${method} result`, version, issues);
      }
    } catch (error) {
      if (error instanceof SchemaViolationError) {
        this.options.onError?.(error);
        throw new McpError(ErrorCode.InternalError, `Internal error: the server produced an invalid ${method} result`, {
          issues: error.issues,
        });
      }
      throw error;
    }
    return typed;
  }

  private checkCreateTaskResult(method: string, version: ProtocolVersion, result: Params): Params {
    const serialized = serializeForVersion("CreateTaskResult", version, result) as Params;
    try {
      validateDefinition("CreateTaskResult", version, serialized);
    } catch (error) {
      if (error instanceof SchemaViolationError) {
        this.options.onError?.(error);
        throw new McpError(ErrorCode.InternalError, `Internal error: the server produced an invalid ${method} task`, {
          issues: error.issues,
        });
      }
      throw error;
    }
    return serialized;
  }

  /**
   * subscriptions/listen: filter keys extensions add are checked against their schemas, and need
   * the client to declare the extension that adds them (-32021).
   */
  private checkListenFilters(
    method: string,
    params: Params | undefined,
    version: ProtocolVersion,
    context: KernelRequestContext,
  ): void {
    if (method !== "subscriptions/listen" || this.extensions.size === 0) return;
    const filter = params?.notifications;
    if (typeof filter !== "object" || filter === null) return;
    for (const [key, value] of Object.entries(filter)) {
      const added = this.extensions.listenFilter(key, version);
      if (!added) continue;
      if (!context.declares(added.extension.id)) throw missingExtensionError(added.extension.id, `the ${key} filter`);
      const issues = added.check(value);
      if (issues.length > 0)
        throw new SchemaViolationError(`subscriptions/listen notifications.${key}`, version, issues);
    }
  }

  /**
   * Stateless-lifecycle Streamable HTTP: an extension method that mirrors a params field into
   * `Mcp-Name` (tasks/get's `taskId`) must carry the header, matching the body.
   */
  checkRequestHeaders(request: JsonRpcRequest, headers: Headers): string | undefined {
    for (const extension of this.extensions) {
      const field = extension.methods.clientRequests.get(request.method)?.nameParam;
      if (field === undefined) continue;
      const raw = headers.get("mcp-name");
      if (raw === null) return `the Mcp-Name header is required for ${request.method}`;
      const decoded = decodeHeaderValue(raw);
      if (decoded === undefined) return `the Mcp-Name header value '${raw}' is malformed`;
      const bodyValue = request.params?.[field];
      if (decoded !== bodyValue)
        return `Mcp-Name header value '${decoded}' does not match body value '${String(bodyValue)}'`;
    }
    return undefined;
  }

  /** The extensions registered that apply under `version`. */
  extensionsFor(version: ProtocolVersion): RegisteredExtension[] {
    return [...this.extensions].filter((extension) => extension.appliesTo(version));
  }

  private async handleNotification(
    connection: Connection,
    notification: JsonRpcNotification,
    _extra?: MessageExtraInfo,
  ): Promise<void> {
    const { method, params } = notification;
    const pending = connection.protocolVersion ? undefined : pendingInitializes.get(connection);
    if (pending) await pending.catch(() => {});
    const version = connection.protocolVersion;
    if (!version) return; // Nothing but initialize and ping counts before the handshake.
    const loading = ensureProtocolVersion(version);
    if (loading) await loading;
    if (definesMethod(version, "clientNotifications", method)) {
      validateClientNotification(method, version, params);
    } else {
      const extensionMethod = this.extensions.method("clientNotifications", method, version);
      // Unknown notifications, and those of an extension the client did not declare, are ignored, as JSON-RPC allows.
      if (!extensionMethod) return;
      const requestCapabilities = metaOf(params)?.[EnvelopeKey.clientCapabilities];
      const id = extensionMethod.extension.id;
      if (!declares(connection.clientCapabilities, id) && !declares(requestCapabilities, id)) return;
      extensionMethod.checkParams(params, version);
    }
    if (method === "notifications/initialized") connection.initializedNotified = true;
    const handler = this.notificationHandlers.get(method);
    const call: InboundCall = { kind: "notification", method, params, protocolVersion: version, connection };
    await runMiddleware(this.middleware, call, async () => {
      await handler?.(params, connection);
      return undefined;
    });
  }
}

/**
 * A request handler's context. Its ServerSession and its combined signal are made on first use:
 * most handlers use neither, and a busy server answers many requests.
 */
class KernelRequestContext implements RequestContext {
  private madeSession: ServerSession | undefined;
  private madeSignal: AbortSignal | undefined;
  private madeDeclares: ((id: string) => boolean) | undefined;
  private madeRound: InputRound | undefined;
  /** Where the round is opened on first use (see `openRoundOnUse`), until it is. */
  private roundsToOpen: InputRounds | undefined;

  constructor(
    readonly dispatch: DispatchContext,
    readonly connection: Connection,
    readonly requestId: RequestId,
    private readonly inbound: InboundRequest,
    readonly protocolVersion: ProtocolVersion,
    readonly extra: MessageExtraInfo | undefined,
  ) {}

  /** Stateless-lifecycle tools/call, prompts/get and resources/read: this run of a multi round-trip request. */
  get round(): InputRound | undefined {
    const rounds = this.roundsToOpen;
    if (rounds !== undefined) {
      this.roundsToOpen = undefined;
      const { method, params } = this.inbound.request;
      this.madeRound = rounds.open(method, params, this.extra, this.protocolVersion) as InputRound;
    }
    return this.madeRound;
  }

  set round(round: InputRound | undefined) {
    this.roundsToOpen = undefined;
    this.madeRound = round;
  }

  /** Opens the round from `rounds` when it is first read: for a request whose params carry no requestState. */
  openRoundOnUse(rounds: InputRounds): void {
    this.roundsToOpen = rounds;
  }

  /** Whether the client declared extension `id`: at initialize or in its envelope, or in this request's `_meta`. */
  declares(id: string): boolean {
    return declares(this.connection.clientCapabilities, id) || this.dispatch.declaresExtension(id);
  }

  /** `declares` as a function that needs no `this` (made on first read: few handlers ask). */
  get declaresExtension(): (id: string) => boolean {
    this.madeDeclares ??= (id) => this.declares(id);
    return this.madeDeclares;
  }

  get session(): ServerSession {
    this.madeSession ??= new ServerSession(this.connection, this.dispatch, false, this.round);
    return this.madeSession;
  }

  get signal(): AbortSignal {
    this.madeSignal ??= this.round ? AbortSignal.any([this.inbound.signal, this.round.signal]) : this.inbound.signal;
    return this.madeSignal;
  }
}

/** Whether a request asks to run as a task, in a version whose core has tasks (its params carry `task`). */
function isTaskAugmented(version: ProtocolVersion, params: Params | undefined): boolean {
  return (
    typeof params?.task === "object" && params.task !== null && definesMethod(version, "clientRequests", "tasks/get")
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

/** What a handler's failure is answered with: a capability the envelope lacks, or a handler that outlived its input round, get errors of their own. */
function handlerFailure(error: unknown, enveloped: boolean): unknown {
  if (enveloped && error instanceof CapabilityNotSupportedError) return missingCapability(error);
  if (error instanceof InputRequiredSignal) {
    return new McpError(ErrorCode.InternalError, "Internal error: the handler went on after its input round ended");
  }
  return error;
}
