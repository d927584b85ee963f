/**
 * The client side of a handshake-era connection: initialize with negotiation, typed requests
 * whose results are validated against the negotiated version, and handlers for the server's
 * requests (sampling, elicitation, roots, ping) whose answers are validated before they are sent.
 */

import type { ProtocolMethodMaps } from "../../generated/registry.js";
import { ErrorCode, McpError, UnsupportedProtocolVersionError } from "../errors.js";
import {
  type CallOptions,
  Dispatcher,
  type DispatcherOptions,
  type InboundRequest,
  type Params,
} from "../jsonrpc/dispatcher.js";
import type { JsonRpcNotification, RequestId } from "../jsonrpc/messages.js";
import type * as Model from "../model.js";
import { HANDSHAKE_PROTOCOL_VERSIONS, isSupportedProtocolVersion, type ProtocolVersion } from "../protocol-versions.js";
import type { Transport } from "../transport/transport.js";
import {
  getMethodTable,
  validateClientNotification,
  validateClientRequest,
  validateClientResult,
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

export class ClientSession {
  readonly dispatcher: Dispatcher;
  private readonly protocolVersions: readonly ProtocolVersion[];
  private readonly requestHandlers = new Map<string, ServerRequestHandler>();
  private readonly notificationHandlers = new Map<string, ServerNotificationHandler[]>();
  private server: InitializedServer | undefined;

  constructor(
    readonly transport: Transport,
    readonly options: ClientSessionOptions,
    dispatcherOptions: DispatcherOptions = {},
  ) {
    this.protocolVersions = options.protocolVersions ?? HANDSHAKE_PROTOCOL_VERSIONS;
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

  /** Starts the transport and performs the handshake. */
  async connect(): Promise<InitializedServer> {
    await this.dispatcher.start();
    return this.initialize();
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
    const version = this.protocolVersion;
    validateClientRequest(method, version, params);
    const result = await this.dispatcher.sendRawRequest(method, params as Params | undefined, options);
    return validateServerResult(method, version, result);
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

  setLoggingLevel(level: Model.LoggingLevel, options?: CallOptions): Promise<Params> {
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
    const table = getMethodTable(version).serverRequests as Record<string, unknown>;
    const handler = this.requestHandlers.get(method);
    if (!Object.hasOwn(table, method) || !handler) {
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
    const handlers = this.notificationHandlers.get(method);
    if (!version || !handlers?.length) return;
    const table = getMethodTable(version).serverNotifications as Record<string, unknown>;
    if (!Object.hasOwn(table, method)) return;
    validateServerNotification(method, version, params);
    for (const handler of handlers) await handler(params);
  }
}
