/**
 * The client side of a connection, in either era: initialize with negotiation (up to 2025-11-25),
 * or no handshake at all (2026-07-28: every request carries its envelope in `_meta`; sampling,
 * elicitation and roots come back as InputRequiredResult and are answered by retrying), or "auto":
 * ask server/discover and pick. Typed requests whose results are validated against the negotiated
 * version, handlers for what the server asks (validated before they are answered), a result cache
 * honouring 2026-07-28 caching hints, and `subscriptions/listen` streams.
 */

import { Dispatcher, type DispatcherOptions } from "../jsonrpc/dispatcher.js";
import type { JsonRpcNotification, RequestId } from "../jsonrpc/messages.js";
import type { CallOptions, InboundRequest, Params } from "../jsonrpc/outbound.js";
import type { Transport } from "../jsonrpc/transport.js";
import { staleAfter } from "../protocol/caching.js";
import { canonicalJson } from "../protocol/canonical-json.js";
import { EnvelopeKey } from "../protocol/envelope.js";
import { ErrorCode, McpError, SchemaViolationError, UnsupportedProtocolVersionError } from "../protocol/errors.js";
import { inputRequestKind } from "../protocol/input-requests.js";
import { definesMethod, type ProtocolMethodMaps } from "../protocol/methods.js";
import type * as Model from "../protocol/model.js";
import {
  isSupportedProtocolVersion,
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

/** Client requests of the newest handshake version: the model ClientSession is typed with. */
type ModelClientRequests = ProtocolMethodMaps["2025-11-25"]["clientRequests"];

export interface ClientSessionOptions {
  clientInfo: Model.Implementation;
  capabilities?: Model.ClientCapabilities;
  /** Handshake versions this client accepts, oldest first (default: all four); it asks for the newest. */
  protocolVersions?: readonly ProtocolVersion[];
  /** Default request timeout in ms (60 s). */
  requestTimeout?: number;
  onError?: (error: Error) => void;
  /**
   * Which lifecycle to speak. "stateful" (default): the initialize handshake, versions up to
   * 2025-11-25. "stateless": pinned to 2026-07-28: no handshake, every request carries the envelope;
   * server/discover is asked once at connect for the server's capabilities. "auto": asks
   * server/discover first; a server that lists 2026-07-28 gets the stateless lifecycle, any other
   * (an error, or no such version) gets initialize on the same transport.
   */
  negotiation?: "stateful" | "stateless" | "auto";
  /** 2026-07-28: most InputRequiredResult rounds one request may take (default 8). */
  maxInputRounds?: number;
  /** 2026-07-28: keep cacheable results while their ttlMs says they are fresh (default true). */
  resultCache?: boolean;
}

/** A `subscriptions/listen` stream (2026-07-28). */
export interface Subscription {
  /** Its id: the JSON-RPC id of the listen request, carried by every notification on it. */
  readonly id: RequestId;
  /** What the server agreed to deliver (it leaves out what it does not support). */
  readonly acknowledged: Promise<Params>;
  /** Settles when the subscription ends: resolved by the server's graceful end, rejected by a failure. */
  readonly closed: Promise<void>;
  /** Ends it (closes the stream over HTTP; notifications/cancelled on stdio). */
  close(): void;
}

export interface ServerRequestContext {
  requestId: RequestId;
  signal: AbortSignal;
  protocolVersion: ProtocolVersion;
}

export type ServerRequestHandler = (
  params: Params | undefined,
  context: ServerRequestContext,
) => Params | Promise<Params>;
export type ServerNotificationHandler = (params: Params | undefined) => void | Promise<void>;

/** The answer to initialize, as the client keeps it. */
export interface InitializedServer {
  protocolVersion: ProtocolVersion;
  capabilities: Model.ServerCapabilities;
  serverInfo: Model.Implementation;
  instructions?: string;
}

function cacheKeyOf(method: string, params: Params | undefined): string {
  const { _meta: _ignored, ...rest } = params ?? {};
  return `${method} ${canonicalJson(rest)}`;
}

export class ClientSession {
  readonly dispatcher: Dispatcher;
  private readonly protocolVersions: readonly ProtocolVersion[];
  private readonly requestHandlers = new Map<string, ServerRequestHandler>();
  private readonly notificationHandlers = new Map<string, ServerNotificationHandler[]>();
  private server: InitializedServer | undefined;
  /** True once the stateless era (2026-07-28) was chosen: no handshake, an envelope on every request. */
  private stateless = false;
  /** 2026-07-28 has no logging/setLevel: the level travels in each request's envelope. */
  private logLevel: Model.LoggingLevel | undefined;
  private readonly cache = new Map<string, { method: string; uri?: string; expires: number; result: Params }>();
  private readonly subscriptions = new Map<RequestId, (filter: Params) => void>();

  constructor(
    readonly transport: Transport,
    readonly options: ClientSessionOptions,
    dispatcherOptions: DispatcherOptions = {},
  ) {
    this.protocolVersions = options.protocolVersions ?? STATEFUL_PROTOCOL_VERSIONS;
    this.dispatcher = new Dispatcher(transport, {
      defaultTimeout: options.requestTimeout,
      onError: options.onError,
      ...dispatcherOptions,
    });
    this.dispatcher.setHandler({
      onRequest: (inbound) => this.handleRequest(inbound),
      onNotification: (notification) => this.handleNotification(notification),
    });
    this.requestHandlers.set("ping", () => ({}));
  }

  /** What the server answered to initialize; throws before the handshake. */
  get initializeResult(): InitializedServer {
    if (!this.server) throw new Error("the client session is not initialized: call connect() first");
    return this.server;
  }

  get protocolVersion(): ProtocolVersion {
    return this.initializeResult.protocolVersion;
  }

  get serverCapabilities(): Model.ServerCapabilities {
    return this.initializeResult.capabilities;
  }

  /** Starts the transport and negotiates (see `negotiation`): the handshake, or server/discover. */
  async connect(): Promise<InitializedServer> {
    await this.dispatcher.start();
    const negotiation = this.options.negotiation ?? "stateful";
    if (negotiation === "stateful") return this.initialize();
    const discovered = await this.discover().catch((error: unknown) => {
      if (negotiation === "stateless") throw error;
      return undefined;
    });
    if (discovered) return discovered;
    return this.initialize();
  }

  /** Whether this session speaks the stateless lifecycle (2026-07-28). */
  get isStateless(): boolean {
    return this.stateless;
  }

  /**
   * 2026-07-28: asks server/discover (with the envelope) and, when the server lists a stateless-lifecycle
   * version this client speaks, adopts it. Undefined when it lists none (an "auto" client then
   * falls back to initialize); a pinned client fails with UnsupportedProtocolVersionError.
   */
  private async discover(): Promise<InitializedServer | undefined> {
    let version = STATELESS_PROTOCOL_VERSIONS[STATELESS_PROTOCOL_VERSIONS.length - 1] as ProtocolVersion;
    let result: Params;
    try {
      result = await this.dispatcher.sendRawRequest("server/discover", this.envelope(undefined, version));
    } catch (error) {
      // -32022 lists what the server speaks: retry once with the newest stateless-lifecycle one we share.
      const supported =
        error instanceof McpError && error.code === ErrorCode.UnsupportedProtocolVersion
          ? (error.data as { supported?: unknown } | undefined)?.supported
          : undefined;
      const shared = Array.isArray(supported)
        ? STATELESS_PROTOCOL_VERSIONS.filter((v) => supported.includes(v)).at(-1)
        : undefined;
      if (!shared) throw error;
      version = shared;
      result = await this.dispatcher.sendRawRequest("server/discover", this.envelope(undefined, version));
    }
    const supported = Array.isArray(result.supportedVersions) ? (result.supportedVersions as unknown[]) : [];
    if (!supported.includes(version)) {
      if (this.options.negotiation === "stateless") {
        throw new UnsupportedProtocolVersionError(version, supported.map(String) as never);
      }
      return undefined;
    }
    const checked = validateServerResult("server/discover", version, result) as unknown as Params;
    const meta = checked._meta as Record<string, unknown> | undefined;
    const serverInfo = (meta?.[EnvelopeKey.serverInfo] ?? checked.serverInfo) as Model.Implementation | undefined;
    this.stateless = true;
    this.server = {
      protocolVersion: version,
      capabilities: checked.capabilities as Model.ServerCapabilities,
      serverInfo: serverInfo ?? { name: "unknown", version: "" },
      ...(typeof checked.instructions === "string" ? { instructions: checked.instructions } : {}),
    };
    this.transport.setProtocolVersion?.(version);
    return this.server;
  }

  /** The request's params with the 2026-07-28 envelope added to `_meta`. */
  private envelope(params: Params | undefined, version: ProtocolVersion): Params {
    const meta: Params = {
      ...(params?._meta as Params | undefined),
      [EnvelopeKey.protocolVersion]: version,
      [EnvelopeKey.clientInfo]: this.options.clientInfo,
      [EnvelopeKey.clientCapabilities]: this.options.capabilities ?? {},
    };
    if (this.logLevel !== undefined) meta[EnvelopeKey.logLevel] = this.logLevel;
    return { ...params, _meta: meta };
  }

  /**
   * Asks for the newest version this client speaks; accepts an older one the server answers with
   * when this client supports it too, and otherwise closes the connection and fails clearly.
   */
  async initialize(): Promise<InitializedServer> {
    const requested = this.protocolVersions[this.protocolVersions.length - 1] as ProtocolVersion;
    const params: Params = {
      protocolVersion: requested,
      capabilities: this.options.capabilities ?? {},
      clientInfo: this.options.clientInfo,
    };
    validateClientRequest("initialize", requested, params);
    const result = await this.dispatcher.sendRawRequest("initialize", params);
    const answered = result.protocolVersion;
    if (!isSupportedProtocolVersion(answered) || !this.protocolVersions.includes(answered)) {
      await this.close();
      throw new UnsupportedProtocolVersionError(String(answered), this.protocolVersions);
    }
    const checked = validateServerResult("initialize", answered, result) as Model.InitializeResult;
    this.server = {
      protocolVersion: answered,
      capabilities: checked.capabilities,
      serverInfo: checked.serverInfo,
      ...(checked.instructions !== undefined ? { instructions: checked.instructions } : {}),
    };
    this.transport.setProtocolVersion?.(answered);
    await this.dispatcher.notify("notifications/initialized");
    return this.server;
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
    return validateServerResult(method, this.protocolVersion, result);
  }

  /**
   * A request whose params are checked, but whose final result is returned as received (the
   * caller validates it, e.g. tolerating content blocks newer than the version). In the stateless
   * era: the envelope is added, cacheable results are served from the cache while fresh, and an
   * InputRequiredResult is answered with this session's handlers and the request retried.
   */
  async requestRaw(method: string, params?: Params, options?: CallOptions): Promise<Params> {
    const version = this.protocolVersion;
    if (!this.stateless) {
      validateClientRequest(method, version, params);
      return await this.dispatcher.sendRawRequest(method, params, options);
    }
    const first = this.envelope(params, version);
    validateClientRequest(method, version, first);
    const cacheKey = this.options.resultCache !== false && staleAfter(method) ? cacheKeyOf(method, params) : undefined;
    if (cacheKey !== undefined) {
      const hit = this.cache.get(cacheKey);
      if (hit && hit.expires > Date.now()) return hit.result;
      this.cache.delete(cacheKey);
    }
    let current = first;
    const most = this.options.maxInputRounds ?? 8;
    for (let round = 0; ; round++) {
      const result = await this.dispatcher.sendRawRequest(method, current, options);
      if (result.resultType !== "input_required") {
        // Retried requests depend on answers outside the cache key: never cached.
        if (cacheKey !== undefined && round === 0) this.remember(cacheKey, method, params, result);
        return result;
      }
      validateDefinition("InputRequiredResult", version, result);
      if (round >= most) {
        throw new McpError(
          ErrorCode.InternalError,
          `${method}: the server still wanted input after ${most} rounds (maxInputRounds)`,
        );
      }
      const inputResponses = await this.answerInputRequests(
        (result.inputRequests ?? {}) as Record<string, Params>,
        version,
        options?.signal,
      );
      current = { ...first, inputResponses };
      if (result.requestState !== undefined) current.requestState = result.requestState;
    }
  }

  /** Answers every input request of an InputRequiredResult with this session's handlers. */
  private async answerInputRequests(
    requests: Record<string, Params>,
    version: ProtocolVersion,
    signal: AbortSignal | undefined,
  ): Promise<Params> {
    const entries = await Promise.all(
      Object.entries(requests).map(async ([key, request]) => {
        const method = String(request.method);
        const handler = this.requestHandlers.get(method);
        const definition = inputRequestKind(method)?.result;
        if (!handler || !definition) {
          throw new McpError(
            ErrorCode.MethodNotFound,
            `the server asked for ${method} (input ${key}) and this client has no handler for it`,
          );
        }
        const answer = await handler(request.params as Params | undefined, {
          requestId: key,
          signal: signal ?? new AbortController().signal,
          protocolVersion: version,
        });
        try {
          validateDefinition(definition, version, answer);
        } catch (error) {
          if (error instanceof SchemaViolationError) {
            throw new McpError(ErrorCode.InternalError, `the ${method} handler's answer is not a valid ${definition}`, {
              issues: error.issues,
            });
          }
          throw error;
        }
        return [key, answer] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  private remember(key: string, method: string, params: Params | undefined, result: Params): void {
    const ttl = typeof result.ttlMs === "number" ? result.ttlMs : 0;
    if (!(ttl > 0)) return;
    const uri = typeof params?.uri === "string" ? params.uri : undefined;
    this.cache.set(key, { method, ...(uri === undefined ? {} : { uri }), expires: Date.now() + ttl, result });
  }

  /** A change notification makes the cached results it concerns stale at once. */
  private invalidate(notification: string, params: Params | undefined): void {
    for (const [key, entry] of this.cache) {
      if (!(staleAfter(entry.method) as readonly string[] | undefined)?.includes(notification)) continue;
      if (notification === "notifications/resources/updated" && entry.uri !== params?.uri) continue;
      this.cache.delete(key);
    }
  }

  /** Forgets every cached result. */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * 2026-07-28 `subscriptions/listen`: opens a stream delivering the change notifications the
   * filter asks for (to onNotification listeners, as usual); cached results they concern go stale.
   */
  listen(filter: Params, options: Omit<CallOptions, "onRequestId" | "signal"> = {}): Subscription {
    if (!this.stateless)
      throw new Error("subscriptions/listen needs the 2026-07-28 era (negotiation: stateless or auto)");
    const controller = new AbortController();
    let id: RequestId = -1;
    let acknowledge: (filter: Params) => void = () => {};
    const acknowledged = new Promise<Params>((resolve) => {
      acknowledge = resolve;
    });
    const closed = this.requestRaw(
      "subscriptions/listen",
      { notifications: filter },
      {
        timeout: Number.POSITIVE_INFINITY,
        ...options,
        signal: controller.signal,
        onRequestId: (assigned) => {
          id = assigned;
          this.subscriptions.set(assigned, acknowledge);
        },
      },
    ).then(
      () => undefined,
      (error: unknown) => {
        if (controller.signal.aborted) return undefined;
        throw error;
      },
    );
    closed.finally(() => this.subscriptions.delete(id)).catch(() => {});
    return {
      get id() {
        return id;
      },
      acknowledged,
      closed,
      close: () => controller.abort("subscription closed by the client"),
    };
  }

  async notify(method: string, params?: Params): Promise<void> {
    validateClientNotification(method, this.protocolVersion, params);
    await this.dispatcher.notify(method, params);
  }

  ping(options?: CallOptions): Promise<Model.EmptyResult> {
    return this.request("ping", undefined, options);
  }

  listTools(params?: Model.PaginatedRequestParams, options?: CallOptions): Promise<Model.ListToolsResult> {
    return this.request("tools/list", params, options);
  }

  callTool(params: Model.CallToolRequestParams, options?: CallOptions): Promise<Model.CallToolResult> {
    return this.request("tools/call", params, options);
  }

  listResources(params?: Model.PaginatedRequestParams, options?: CallOptions): Promise<Model.ListResourcesResult> {
    return this.request("resources/list", params, options);
  }

  listResourceTemplates(
    params?: Model.PaginatedRequestParams,
    options?: CallOptions,
  ): Promise<Model.ListResourceTemplatesResult> {
    return this.request("resources/templates/list", params, options);
  }

  readResource(params: Model.ReadResourceRequestParams, options?: CallOptions): Promise<Model.ReadResourceResult> {
    return this.request("resources/read", params, options);
  }

  subscribeResource(params: Model.SubscribeRequestParams, options?: CallOptions): Promise<Params> {
    return this.request("resources/subscribe", params, options);
  }

  unsubscribeResource(params: Model.UnsubscribeRequestParams, options?: CallOptions): Promise<Params> {
    return this.request("resources/unsubscribe", params, options);
  }

  listPrompts(params?: Model.PaginatedRequestParams, options?: CallOptions): Promise<Model.ListPromptsResult> {
    return this.request("prompts/list", params, options);
  }

  getPrompt(params: Model.GetPromptRequestParams, options?: CallOptions): Promise<Model.GetPromptResult> {
    return this.request("prompts/get", params, options);
  }

  complete(params: Model.CompleteRequestParams, options?: CallOptions): Promise<Model.CompleteResult> {
    return this.request("completion/complete", params, options);
  }

  /** In the stateless era there is no such request: the level rides in every later request's envelope. */
  setLoggingLevel(level: Model.LoggingLevel, options?: CallOptions): Promise<Params> {
    if (this.stateless) {
      this.logLevel = level;
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
    this.requestHandlers.set(method, handler);
    return this;
  }

  /** Listens to a server notification; several listeners may share a method. */
  onNotification(method: string, handler: ServerNotificationHandler): () => void {
    const list = this.notificationHandlers.get(method) ?? [];
    list.push(handler);
    this.notificationHandlers.set(method, list);
    return () => {
      const current = this.notificationHandlers.get(method);
      if (current)
        this.notificationHandlers.set(
          method,
          current.filter((h) => h !== handler),
        );
    };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async handleRequest(inbound: InboundRequest): Promise<Params> {
    const { request } = inbound;
    const version = this.server?.protocolVersion;
    const { method, params, id } = request;
    if (!version) {
      if (method === "ping") return {};
      throw new McpError(ErrorCode.InvalidRequest, `Invalid Request: ${method} before initialize completed`);
    }
    const handler = this.requestHandlers.get(method);
    if (!definesMethod(version, "serverRequests", method) || !handler) {
      throw new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`);
    }
    validateServerRequest(method, version, params);
    const result = await handler(params, {
      requestId: id,
      get signal() {
        return inbound.signal;
      },
      protocolVersion: version,
    });
    // An answer this version does not allow would be the client's bug: catch it here, not at the server.
    return validateClientResult(method, version, result) as Params;
  }

  private async handleNotification(notification: JsonRpcNotification): Promise<void> {
    const version = this.server?.protocolVersion;
    const { method, params } = notification;
    if (!version) return;
    if (!definesMethod(version, "serverNotifications", method)) return;
    validateServerNotification(method, version, params);
    if (this.cache.size > 0) this.invalidate(method, params);
    if (method === "notifications/subscriptions/acknowledged") {
      const id = (params?._meta as Params | undefined)?.[EnvelopeKey.subscriptionId] as RequestId | undefined;
      if (id !== undefined) this.subscriptions.get(id)?.((params?.notifications ?? {}) as Params);
    }
    const handlers = this.notificationHandlers.get(method);
    if (!handlers?.length) return;
    for (const handler of handlers) await handler(params);
  }
}
