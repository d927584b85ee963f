/**
 * The client side of a connection, in either lifecycle (see `negotiation`). Typed requests whose
 * params and results are validated against the negotiated version, and handlers for what the
 * server asks (validated before they are answered). In the stateless lifecycle every request
 * carries the envelope, input requests are answered by retrying (input-rounds.ts), cacheable
 * results are kept while fresh (result-cache.ts), and `subscriptions/listen` streams are opened
 * (subscriptions.ts).
 */

import type { Extension, ExtensionDefinition } from "../extensions/extension.js";
import { declaresExtension, type ExtensionMethodEntry, ExtensionRegistry } from "../extensions/registry.js";
import { Dispatcher, type DispatcherOptions } from "../jsonrpc/dispatcher.js";
import type { JsonRpcNotification } from "../jsonrpc/messages.js";
import type { CallOptions, InboundRequest, Params } from "../jsonrpc/outbound.js";
import type { Transport } from "../jsonrpc/transport.js";
import { CapabilityNotSupportedError, ErrorCode, McpError, SchemaViolationError } from "../protocol/errors.js";
import { encodeHeaderValue } from "../protocol/mcp-headers.js";
import { definesMethod, type ModelVersion, type ProtocolMethodMaps } from "../protocol/methods.js";
import type * as Model from "../protocol/model.js";
import {
  type Lifecycle,
  type ProtocolVersion,
  STATEFUL_PROTOCOL_VERSIONS,
  STATELESS_PROTOCOL_VERSIONS,
} from "../protocol/versions.js";
import {
  validateClientNotification,
  validateClientRequest,
  validateClientResult,
  validateDefinition,
  validateServerNotification,
  validateServerRequest,
  validateServerResult,
} from "../validation/validate.js";
import { ClientExtension } from "./extensions.js";
import { answerInputRequests, DEFAULT_MAX_INPUT_ROUNDS, InputRounds, isInputRequired } from "./input-rounds.js";
import {
  type InitializedServer,
  initialize,
  type NegotiatingSession,
  type Negotiation,
  negotiate,
} from "./negotiation.js";
import { RequestEnvelope } from "./request-envelope.js";
import { ResultCache } from "./result-cache.js";
import {
  ServerHandlers,
  type ServerNotificationHandler,
  type ServerRequestContext,
  type ServerRequestHandler,
} from "./server-handlers.js";
import { type ListenOptions, type Subscription, Subscriptions } from "./subscriptions.js";

/** Client requests of the newest stateful-lifecycle version: the model ClientSession is typed with. */
type ModelClientRequests = ProtocolMethodMaps[ModelVersion]["clientRequests"];

/** How a ClientSession introduces itself and which lifecycle it speaks. */
export interface ClientSessionOptions {
  /** The client's name and version, sent in the handshake (or each request's envelope). */
  clientInfo: Model.Implementation;
  /**
   * The capabilities this client declares (default: none). Declare only what has a handler: `sampling` with a
   * `sampling/createMessage` handler, and so on.
   */
  capabilities?: Model.ClientCapabilities;
  /** Handshake versions this client accepts, oldest first (default: all but opt-in drafts); it asks for the newest. */
  protocolVersions?: readonly ProtocolVersion[];
  /** Stateless-lifecycle versions this client speaks, oldest first (default: all but opt-in drafts); it asks for the newest. */
  statelessProtocolVersions?: readonly ProtocolVersion[];
  /** Default request timeout in ms (60 s). */
  requestTimeout?: number;
  /**
   * Receives errors that have no caller to throw to (a malformed message from the server, a failing
   * notification listener).
   */
  onError?: (error: Error) => void;
  /**
   * Which lifecycle to speak. "stateful" (default): the initialize handshake, the stateful-lifecycle
   * versions. "stateless": the newest of `statelessProtocolVersions`: no handshake, every request carries the envelope;
   * server/discover is asked once at connect for the server's capabilities. "auto": asks
   * server/discover first; a server that lists a stateless version this client speaks gets the stateless lifecycle, any other
   * (an error, or no such version) gets initialize on the same transport.
   */
  negotiation?: Negotiation;
  /** Stateless lifecycle: most InputRequiredResult rounds one request may take (default 8). */
  maxInputRounds?: number;
  /** Stateless lifecycle: keep cacheable results while their ttlMs says they are fresh (default true). */
  resultCache?: boolean;
  /** The extensions this session knows (default: a registry of its own, filled by `registerExtension`). */
  extensions?: ExtensionRegistry;
}

/**
 * One connection to a server, client side: negotiates the lifecycle, sends typed requests checked
 * against the negotiated version, and answers what the server asks.
 */
export class ClientSession {
  /** The JSON-RPC dispatcher under the session: requests, responses and their timeouts. */
  readonly dispatcher: Dispatcher;
  private readonly protocolVersions: readonly ProtocolVersion[];
  private readonly statelessProtocolVersions: readonly ProtocolVersion[];
  private readonly handlers = new ServerHandlers();
  private readonly envelope: RequestEnvelope;
  private readonly inputRounds: InputRounds;
  private readonly cache = new ResultCache();
  private readonly subscriptions = new Subscriptions();
  private server: InitializedServer | undefined;
  /** True once the stateless lifecycle was chosen: no handshake, an envelope on every request. */
  private stateless = false;
  /** The extensions registered with `registerExtension` (or given in the options). */
  readonly extensions: ExtensionRegistry;

  /**
   * Creates the session on a transport; nothing is sent until `connect()`. `dispatcherOptions` tune the
   * dispatcher below it (timeouts, limits).
   */
  constructor(
    /** The transport the session speaks over; the session starts and closes it. */
    readonly transport: Transport,
    /** The options the session was created with. */
    readonly options: ClientSessionOptions,
    dispatcherOptions: DispatcherOptions = {},
  ) {
    this.extensions = options.extensions ?? new ExtensionRegistry();
    this.protocolVersions = options.protocolVersions ?? STATEFUL_PROTOCOL_VERSIONS;
    this.statelessProtocolVersions = options.statelessProtocolVersions ?? STATELESS_PROTOCOL_VERSIONS;
    this.dispatcher = new Dispatcher(transport, {
      defaultTimeout: options.requestTimeout,
      onError: options.onError,
      ...dispatcherOptions,
    });
    this.dispatcher.setHandler({
      onRequest: (inbound) => this.handleRequest(inbound),
      onNotification: (notification) => this.handleNotification(notification),
    });
    const session = this;
    this.envelope = new RequestEnvelope({
      clientInfo: options.clientInfo,
      get capabilities() {
        return session.capabilities;
      },
    });
    this.inputRounds = new InputRounds(this.dispatcher, this.handlers);
  }

  /** What the server answered to initialize; throws before the handshake. */
  get initializeResult(): InitializedServer {
    if (!this.server) throw new Error("the client session is not initialized: call connect() first");
    return this.server;
  }

  /** The negotiated protocol version; throws before `connect()`. */
  get protocolVersion(): ProtocolVersion {
    return this.initializeResult.protocolVersion;
  }

  /** The capabilities the server declared; throws before `connect()`. */
  get serverCapabilities(): Model.ServerCapabilities {
    return this.initializeResult.capabilities;
  }

  /** Starts the transport and negotiates (see `negotiation`): the handshake, or server/discover. */
  async connect(): Promise<InitializedServer> {
    await this.dispatcher.start();
    return negotiate(this.negotiating(), this.options.negotiation ?? "stateful");
  }

  /** Whether this session speaks the stateless lifecycle. */
  get isStateless(): boolean {
    return this.stateless;
  }

  /**
   * Asks for the newest version this client speaks; accepts an older one the server answers with
   * when this client supports it too, and otherwise closes the connection and fails clearly.
   */
  initialize(): Promise<InitializedServer> {
    return initialize(this.negotiating());
  }

  /** What this client declares: the capabilities given, plus the registered extensions under `extensions`. */
  get capabilities(): Model.ClientCapabilities {
    const capabilities = this.options.capabilities ?? {};
    const extensions = this.extensions.capabilities(undefined);
    if (!extensions) return capabilities;
    const declared = (capabilities as { extensions?: Record<string, unknown> }).extensions;
    return { ...capabilities, extensions: { ...declared, ...extensions } } as Model.ClientCapabilities;
  }

  /**
   * Registers an extension (before connect): it is declared under `capabilities.extensions` at
   * initialize and in every envelope, its methods are known, and the handle it returns sends its
   * requests and answers the server's (typed from the definition).
   */
  registerExtension<D extends ExtensionDefinition>(
    extension: Extension<D>,
    options: { settings?: Readonly<Record<string, unknown>> } = {},
  ): ClientExtension<D> {
    const registered = this.extensions.register(extension, options.settings);
    return new ClientExtension<D>(registered, {
      serverDeclares: (id) => this.server !== undefined && declaresExtension(this.server.capabilities, id),
      sendExtensionRequest: (entry, params, callOptions) => this.sendExtensionRequest(entry, params, callOptions),
      sendExtensionNotification: (entry, params) => this.sendExtensionNotification(entry, params),
      setRequestHandler: (method, handler) => this.setRequestHandler(method, handler),
      onNotification: (method, handler) => this.onNotification(method, handler),
    });
  }

  /** Sends an extension's request: refused unless the server declared the extension; checked both ways. */
  async sendExtensionRequest(entry: ExtensionMethodEntry, params?: Params, options?: CallOptions): Promise<Params> {
    const version = this.protocolVersion;
    const id = entry.extension.id;
    if (!entry.extension.appliesTo(version) || !declaresExtension(this.serverCapabilities, id)) {
      throw new CapabilityNotSupportedError(entry.method, `extensions.${id}`);
    }
    entry.checkParams(params, version);
    let callOptions = options;
    const name = entry.nameParam === undefined ? undefined : params?.[entry.nameParam];
    if (this.stateless && (typeof name === "string" || typeof name === "number")) {
      callOptions = { ...options, headers: { ...options?.headers, "Mcp-Name": encodeHeaderValue(String(name)) } };
    }
    const wire = this.stateless ? this.envelope.wrap(params, version) : params;
    const result = await this.dispatcher.sendRawRequest(entry.method, wire, callOptions);
    entry.checkResult(result, version);
    return result;
  }

  /** Sends an extension's notification (only to a server that declared the extension). */
  async sendExtensionNotification(entry: ExtensionMethodEntry, params?: Params): Promise<void> {
    const id = entry.extension.id;
    if (!declaresExtension(this.serverCapabilities, id)) {
      throw new CapabilityNotSupportedError(entry.method, `extensions.${id}`);
    }
    entry.checkParams(params, this.protocolVersion);
    await this.dispatcher.notify(entry.method, params);
  }

  private negotiating(): NegotiatingSession {
    return {
      outbound: this.dispatcher,
      options: { ...this.options, capabilities: this.capabilities },
      envelope: this.envelope,
      protocolVersions: this.protocolVersions,
      statelessProtocolVersions: this.statelessProtocolVersions,
      adopt: (server, lifecycle) => this.adopt(server, lifecycle),
      close: () => this.close(),
    };
  }

  private adopt(server: InitializedServer, lifecycle: Lifecycle): void {
    this.stateless = lifecycle === "stateless";
    this.server = server;
    this.transport.setProtocolVersion?.(server.protocolVersion);
  }

  /**
   * Any client request the negotiated version defines: params are checked before sending and the
   * result after, against that version. Typed with the newest model; a method the negotiated
   * version lacks is a MethodNotInVersionError before anything is sent.
   */
  request<M extends string>(
    method: M,
    params?: M extends keyof ModelClientRequests ? ModelClientRequests[M]["params"] : Params,
    options?: CallOptions,
  ): Promise<M extends keyof ModelClientRequests ? ModelClientRequests[M]["result"] : Params>;
  async request(method: string, params?: unknown, options?: CallOptions): Promise<unknown> {
    const result = await this.requestRaw(method, params as Params | undefined, options);
    if (this.checkExtensionResult(method, result)) return result;
    const task = (params as Params | undefined)?.task;
    if (typeof task === "object" && task !== null && typeof result.task === "object" && result.task !== null) {
      // A task-augmented request (versions with core tasks) is answered with the task.
      return validateDefinition("CreateTaskResult", this.protocolVersion, result);
    }
    return validateServerResult(method, this.protocolVersion, result);
  }

  /**
   * Answers input requests (a task's `inputRequests`, or an InputRequiredResult's) with this
   * session's handlers, each answer checked: what `tasks/update` sends back.
   */
  answerInputRequests(requests: Record<string, Params>, signal?: AbortSignal): Promise<Params> {
    return answerInputRequests(requests, this.protocolVersion, signal, this.handlers);
  }

  /**
   * A core result carrying a `resultType` a registered extension adds (tasks' `"task"` on tools/call):
   * checked against the extension's schema, true. False for any other result.
   */
  checkExtensionResult(method: string, result: Params): boolean {
    const version = this.protocolVersion;
    const added = this.extensions.resultType(method, result.resultType, version);
    if (!added) return false;
    const issues = added.check(result);
    if (issues.length > 0) throw new SchemaViolationError(`${method} result`, version, issues);
    return true;
  }

  /**
   * A request whose params are checked, but whose final result is returned as received (the
   * caller validates it, e.g. tolerating content blocks newer than the version). In the stateless
   * lifecycle: the envelope is added, cacheable results are served from the cache while fresh, and
   * an InputRequiredResult is answered with this session's handlers and the request retried.
   */
  requestRaw(method: string, params?: Params, options?: CallOptions): Promise<Params> {
    if (this.stateless) return this.requestStateless(method, params, options);
    // The handshake lifecycle: no async frame of its own, the dispatcher's promise is the answer.
    try {
      validateClientRequest(method, this.protocolVersion, params);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.dispatcher.sendRawRequest(method, params, options);
  }

  private async requestStateless(method: string, params?: Params, options?: CallOptions): Promise<Params> {
    const version = this.protocolVersion;
    const first = this.envelope.wrap(params, version);
    validateClientRequest(method, version, first);
    const cacheKey = this.options.resultCache !== false ? this.cache.keyOf(method, params) : undefined;
    if (cacheKey !== undefined) {
      const hit = this.cache.fresh(cacheKey);
      if (hit) return hit;
    }
    const result = await this.dispatcher.sendRawRequest(method, first, options);
    if (isInputRequired(result)) {
      // Retried requests depend on answers outside the cache key: never cached.
      const maxRounds = this.options.maxInputRounds ?? DEFAULT_MAX_INPUT_ROUNDS;
      return this.inputRounds.complete({ method, first, options, version, maxRounds }, result);
    }
    if (cacheKey !== undefined) this.cache.remember(cacheKey, method, params, result);
    return result;
  }

  /** Forgets every cached result. */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * Stateless lifecycle `subscriptions/listen`: opens a stream delivering the change
   * notifications the filter asks for (to onNotification listeners, as usual); cached results they
   * concern go stale.
   */
  listen(filter: Params, options: ListenOptions = {}): Subscription {
    if (!this.stateless)
      throw new Error("subscriptions/listen needs the stateless lifecycle (negotiation: stateless or auto)");
    return this.subscriptions.start(
      (callOptions) => this.requestRaw("subscriptions/listen", { notifications: filter }, callOptions),
      options,
    );
  }

  /**
   * Sends a client notification the negotiated version defines, its params checked first
   * (SchemaViolationError, MethodNotInVersionError).
   */
  async notify(method: string, params?: Params): Promise<void> {
    validateClientNotification(method, this.protocolVersion, params);
    await this.dispatcher.notify(method, params);
  }

  /** `ping`: resolves with the empty result when the server answers. */
  ping(options?: CallOptions): Promise<Model.EmptyResult> {
    return this.request("ping", undefined, options);
  }

  /** `tools/list`: one page of the server's tools (pass `nextCursor` back as `cursor` for the next). */
  listTools(params?: Model.PaginatedRequestParams, options?: CallOptions): Promise<Model.ListToolsResult> {
    return this.request("tools/list", params, options);
  }

  /**
   * `tools/call`: calls a tool. A tool's own failure is a result with `isError: true`, not an exception;
   * protocol errors reject as McpError.
   */
  callTool(params: Model.CallToolRequestParams, options?: CallOptions): Promise<Model.CallToolResult> {
    return this.request("tools/call", params, options);
  }

  /** `resources/list`: one page of the server's resources. */
  listResources(params?: Model.PaginatedRequestParams, options?: CallOptions): Promise<Model.ListResourcesResult> {
    return this.request("resources/list", params, options);
  }

  /** `resources/templates/list`: one page of the server's resource templates. */
  listResourceTemplates(
    params?: Model.PaginatedRequestParams,
    options?: CallOptions,
  ): Promise<Model.ListResourceTemplatesResult> {
    return this.request("resources/templates/list", params, options);
  }

  /** `resources/read`: the contents of one resource. */
  readResource(params: Model.ReadResourceRequestParams, options?: CallOptions): Promise<Model.ReadResourceResult> {
    return this.request("resources/read", params, options);
  }

  /**
   * `resources/subscribe`: asks for `notifications/resources/updated` when the resource changes (needs the
   * server's `resources.subscribe` capability).
   */
  subscribeResource(params: Model.SubscribeRequestParams, options?: CallOptions): Promise<Params> {
    return this.request("resources/subscribe", params, options);
  }

  /** `resources/unsubscribe`: stops the updates of one resource. */
  unsubscribeResource(params: Model.UnsubscribeRequestParams, options?: CallOptions): Promise<Params> {
    return this.request("resources/unsubscribe", params, options);
  }

  /** `prompts/list`: one page of the server's prompts. */
  listPrompts(params?: Model.PaginatedRequestParams, options?: CallOptions): Promise<Model.ListPromptsResult> {
    return this.request("prompts/list", params, options);
  }

  /** `prompts/get`: a prompt's messages for the given arguments. */
  getPrompt(params: Model.GetPromptRequestParams, options?: CallOptions): Promise<Model.GetPromptResult> {
    return this.request("prompts/get", params, options);
  }

  /** `completion/complete`: completion values for a prompt argument or a resource template variable. */
  complete(params: Model.CompleteRequestParams, options?: CallOptions): Promise<Model.CompleteResult> {
    return this.request("completion/complete", params, options);
  }

  /** The stateless lifecycle has no such request: the level rides in every later request's envelope. */
  setLoggingLevel(level: Model.LoggingLevel, options?: CallOptions): Promise<Params> {
    if (this.stateless) {
      this.envelope.logLevel = level;
      return Promise.resolve({});
    }
    return this.request("logging/setLevel", { level }, options);
  }

  /** Tells the server the roots changed (needs the roots.listChanged capability declared). */
  sendRootsListChanged(): Promise<void> {
    return this.notify("notifications/roots/list_changed");
  }

  /** Handles a server request (sampling/createMessage, elicitation/create, roots/list, ...). */
  setRequestHandler(method: string, handler: ServerRequestHandler): this {
    this.handlers.setRequestHandler(method, handler);
    return this;
  }

  /** Listens to a server notification; several listeners may share a method. */
  onNotification(method: string, handler: ServerNotificationHandler): () => void {
    return this.handlers.onNotification(method, handler);
  }

  /** Closes the transport; requests still pending reject with ConnectionClosedError. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async handleRequest(inbound: InboundRequest): Promise<Params> {
    const { request } = inbound;
    const version = this.server?.protocolVersion;
    const { method, params } = request;
    if (!version) {
      if (method === "ping") return {};
      throw new McpError(ErrorCode.InvalidRequest, `Invalid Request: ${method} before initialize completed`);
    }
    const handler = this.handlers.requestHandler(method);
    const extensionMethod = definesMethod(version, "serverRequests", method)
      ? undefined
      : this.extensions.method("serverRequests", method, version);
    if ((!definesMethod(version, "serverRequests", method) && !extensionMethod) || !handler) {
      throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`);
    }
    if (extensionMethod) {
      extensionMethod.checkParams(params, version);
      const answer = await handler(params, requestContext(inbound, version));
      extensionMethod.checkResult(answer, version);
      return answer;
    }
    validateServerRequest(method, version, params);
    const result = await handler(params, requestContext(inbound, version));
    const task = params?.task;
    if (typeof task === "object" && task !== null && typeof result.task === "object" && result.task !== null) {
      // A task-augmented request this client runs as a task (core tasks): answered with the task.
      return validateDefinition("CreateTaskResult", version, result) as Params;
    }
    // An answer this version does not allow would be the client's bug: catch it here, not at the server.
    return validateClientResult(method, version, result) as Params;
  }

  private async handleNotification(notification: JsonRpcNotification): Promise<void> {
    const version = this.server?.protocolVersion;
    const { method, params } = notification;
    if (!version) return;
    if (definesMethod(version, "serverNotifications", method)) {
      validateServerNotification(method, version, params);
    } else {
      const extensionMethod = this.extensions.method("serverNotifications", method, version);
      if (!extensionMethod) return;
      extensionMethod.checkParams(params, version);
    }
    this.cache.invalidate(method, params);
    if (method === "notifications/subscriptions/acknowledged") this.subscriptions.acknowledge(params);
    await this.handlers.notify(method, params);
  }
}

/** Where a request context's shared `signal` accessor finds its request (not enumerable). */
const INBOUND = Symbol("typed-mcp.inbound");
/**
 * One accessor for every context, not a getter made per request: a getter of its own puts each context
 * in dictionary mode and keeps the request alive through scavenges (see handlerContext).
 */
const SIGNAL: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: { [INBOUND]: InboundRequest }) {
    return this[INBOUND].signal;
  },
};

/** What a handler of a server request gets: its id, its signal (made when read) and the version. */
function requestContext(inbound: InboundRequest, version: ProtocolVersion): ServerRequestContext {
  const context = { requestId: inbound.request.id } as ServerRequestContext;
  Object.defineProperty(context, INBOUND, { value: inbound });
  Object.defineProperty(context, "signal", SIGNAL);
  context.protocolVersion = version;
  return context;
}
