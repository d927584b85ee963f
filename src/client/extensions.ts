/**
 * An extension as a client registered it: the typed handle `ClientSession.registerExtension`
 * returns. Its requests go out with the envelope (stateless lifecycle) and the `Mcp-Name` header the
 * extension names, checked against the extension's schemas both ways; the server's requests and
 * notifications it adds reach the handlers set here.
 */
import type {
  ExtensionDefinition,
  ExtensionDirection,
  ExtensionMethodName,
  ExtensionParams,
  ExtensionResult,
} from "../extensions/extension.js";
import type { ExtensionMethodEntry, RegisteredExtension } from "../extensions/registry.js";
import type { CallOptions, Params } from "../jsonrpc/outbound.js";
import type { ServerNotificationHandler, ServerRequestContext, ServerRequestHandler } from "./server-handlers.js";

/** What a ClientExtension needs of its session. */
export interface ExtensionClientHost {
  /** Whether the server declared extension `id` (initialize or server/discover capabilities). */
  serverDeclares(id: string): boolean;
  /** Sends an extension's request (params checked against its schema) and returns the checked result. */
  sendExtensionRequest(entry: ExtensionMethodEntry, params: Params | undefined, options?: CallOptions): Promise<Params>;
  /** Sends an extension's notification, params checked against its schema. */
  sendExtensionNotification(entry: ExtensionMethodEntry, params: Params | undefined): Promise<void>;
  /** Sets the handler of a server request `method`. */
  setRequestHandler(method: string, handler: ServerRequestHandler): unknown;
  /** Adds a listener for a server notification `method`; returns the function that removes it. */
  onNotification(method: string, handler: ServerNotificationHandler): () => void;
}

/** A registered extension, client side: send its requests, answer and listen to the server's. */
export class ClientExtension<D extends ExtensionDefinition = ExtensionDefinition> {
  /** Wraps a registration for one session; `registerExtension` makes these. */
  constructor(
    /** The compiled registration (schemas, settings). */
    readonly registered: RegisteredExtension,
    private readonly host: ExtensionClientHost,
  ) {}

  /** The extension's identifier (`"io.modelcontextprotocol/tasks"`, ...), as declared in capabilities. */
  get id(): D["id"] {
    return this.registered.id;
  }

  /** Whether the connected server declared this extension. */
  get isDeclaredByServer(): boolean {
    return this.host.serverDeclares(this.id);
  }

  private entry(direction: ExtensionDirection, method: string): ExtensionMethodEntry {
    const entry = this.registered.methods[direction].get(method);
    if (!entry) throw new Error(`the ${this.id} extension has no ${direction} method ${method}`);
    return entry;
  }

  /** Sends the extension's request `method`; CapabilityNotSupportedError when the server did not declare the extension. */
  async request<M extends ExtensionMethodName<D, "clientRequests">>(
    method: M,
    params: ExtensionParams<D, "clientRequests", M>,
    options?: CallOptions,
  ): Promise<ExtensionResult<D, "clientRequests", M>> {
    const result = await this.host.sendExtensionRequest(
      this.entry("clientRequests", method),
      params as Params,
      options,
    );
    return result as ExtensionResult<D, "clientRequests", M>;
  }

  /** Sends the extension's notification `method`. */
  notify<M extends ExtensionMethodName<D, "clientNotifications">>(
    method: M,
    params: ExtensionParams<D, "clientNotifications", M>,
  ): Promise<void> {
    return this.host.sendExtensionNotification(this.entry("clientNotifications", method), params as Params);
  }

  /** Answers the extension's server request `method`. */
  setRequestHandler<M extends ExtensionMethodName<D, "serverRequests">>(
    method: M,
    handler: (
      params: ExtensionParams<D, "serverRequests", M>,
      context: ServerRequestContext,
    ) => ExtensionResult<D, "serverRequests", M> | Promise<ExtensionResult<D, "serverRequests", M>>,
  ): this {
    this.entry("serverRequests", method);
    this.host.setRequestHandler(method, handler as unknown as ServerRequestHandler);
    return this;
  }

  /** Listens to the extension's server notification `method`; the function returned removes the listener. */
  onNotification<M extends ExtensionMethodName<D, "serverNotifications">>(
    method: M,
    handler: (params: ExtensionParams<D, "serverNotifications", M>) => void | Promise<void>,
  ): () => void {
    this.entry("serverNotifications", method);
    return this.host.onNotification(method, handler as unknown as ServerNotificationHandler);
  }
}
