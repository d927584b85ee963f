/**
 * An extension as a server registered it: the typed handle `ServerRunner.registerExtension`
 * returns, through which its request and notification handlers are set and its own server-to-client
 * messages are sent. The handlers go into the kernel's ordinary tables; the kernel knows the methods
 * from the registry and checks them against the extension's schemas.
 */
import type {
  ExtensionDefinition,
  ExtensionMethodName,
  ExtensionParams,
  ExtensionResult,
} from "../extensions/extension.js";
import type { ExtensionMethodEntry, RegisteredExtension } from "../extensions/registry.js";
import type { Params } from "../jsonrpc/outbound.js";
import type { Connection } from "./connection.js";
import type { NotificationHandler, RequestContext, RequestHandler } from "./runner.js";
import type { ServerSession, SessionCallOptions, SessionNotifyOptions } from "./server-session.js";

/** Answers one of an extension's client requests; typed from the extension's definition. */
export type ExtensionRequestHandler<D extends ExtensionDefinition, M extends string> = (
  params: ExtensionParams<D, "clientRequests", M>,
  context: RequestContext,
) => ExtensionResult<D, "clientRequests", M> | Promise<ExtensionResult<D, "clientRequests", M>>;

/** Handles one of an extension's client notifications. */
export type ExtensionNotificationHandler<D extends ExtensionDefinition, M extends string> = (
  params: ExtensionParams<D, "clientNotifications", M>,
  connection: Connection,
) => void | Promise<void>;

/** Where a ServerExtension puts its handlers (the kernel's tables). */
export interface ExtensionHandlerTables {
  /** Sets the handler of client request `method`. */
  setRequestHandler(method: string, handler: RequestHandler): unknown;
  /** Sets the handler of client notification `method`. */
  setNotificationHandler(method: string, handler: NotificationHandler): unknown;
}

/** A registered extension, server side: set its handlers, send its messages, ask who declared it. */
export class ServerExtension<D extends ExtensionDefinition = ExtensionDefinition> {
  /** Wraps a registration for one kernel; `registerExtension` makes these. */
  constructor(
    /** The compiled registration (schemas, settings). */
    readonly registered: RegisteredExtension,
    private readonly tables: ExtensionHandlerTables,
  ) {}

  /** The extension's identifier, as declared in capabilities. */
  get id(): D["id"] {
    return this.registered.id;
  }

  private entry(
    direction: "clientRequests" | "clientNotifications" | "serverRequests" | "serverNotifications",
    method: string,
  ): ExtensionMethodEntry {
    const entry = this.registered.methods[direction].get(method);
    if (!entry) throw new Error(`the ${this.id} extension has no ${direction} method ${method}`);
    return entry;
  }

  /** Answers client request `method` (one the extension adds). */
  setRequestHandler<M extends ExtensionMethodName<D, "clientRequests">>(
    method: M,
    handler: ExtensionRequestHandler<D, M>,
  ): this {
    this.entry("clientRequests", method);
    this.tables.setRequestHandler(method, handler as unknown as RequestHandler);
    return this;
  }

  /** Handles client notification `method` (one the extension adds). */
  setNotificationHandler<M extends ExtensionMethodName<D, "clientNotifications">>(
    method: M,
    handler: ExtensionNotificationHandler<D, M>,
  ): this {
    this.entry("clientNotifications", method);
    this.tables.setNotificationHandler(method, handler as unknown as NotificationHandler);
    return this;
  }

  /** Whether the client behind `session` declared this extension. */
  isDeclaredBy(session: ServerSession): boolean {
    return session.checkExtension(this.id);
  }

  /** Sends the extension's server request `method` (CapabilityNotSupportedError when the client did not declare it). */
  request<M extends ExtensionMethodName<D, "serverRequests">>(
    session: ServerSession,
    method: M,
    params: ExtensionParams<D, "serverRequests", M>,
    options?: SessionCallOptions,
  ): Promise<ExtensionResult<D, "serverRequests", M>> {
    return session.sendExtensionRequest(this.entry("serverRequests", method), params as Params, options);
  }

  /** Sends the extension's server notification `method` (CapabilityNotSupportedError when the client did not declare it). */
  notify<M extends ExtensionMethodName<D, "serverNotifications">>(
    session: ServerSession,
    method: M,
    params: ExtensionParams<D, "serverNotifications", M>,
    options?: SessionNotifyOptions,
  ): Promise<void> {
    return session.sendExtensionNotification(this.entry("serverNotifications", method), params as Params, options);
  }
}
