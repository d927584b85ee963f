/**
 * McpServer: the high-level server. Tools, resources and RFC 6570 resource templates, prompts,
 * completions, subscriptions, server-side pagination of every list, list_changed notifications
 * coalesced per tick, and a request-scoped handler context. Each feature lives in its own module;
 * this class registers their handlers with the kernel (ServerRunner) and derives the capabilities.
 */

import type { Extension, ExtensionDefinition } from "../../extensions/extension.js";
import type { SchemaInput } from "../../json-schema/standard-schema.js";
import type { JsonRpcRequest } from "../../jsonrpc/messages.js";
import type { Transport } from "../../jsonrpc/transport.js";
import type * as Model from "../../protocol/model.js";
import { lifecycleOf, type ProtocolVersion } from "../../protocol/versions.js";
import type { ServerExtension } from "../../server/extensions.js";
import type { ConnectOptions, ServerConnection } from "../../server/runner.js";
import { type RequestHandler, ServerRunner } from "../../server/runner.js";
import { tasksExtension } from "../../tasks/extension.js";
import { ListChangeBatcher } from "./change-notifications.js";
import { complete } from "./completions.js";
import type { ServerChange } from "./notification-bus.js";
import type { McpServerOptions } from "./options.js";
import { type PromptArgsSchema, type PromptConfig, type PromptHandler, Prompts } from "./prompts.js";
import type { UpdatableItem } from "./registry.js";
import {
  type RegisteredResource,
  type RegisteredResourceTemplate,
  type ResourceMetadata,
  type ResourceReader,
  Resources,
  type ResourceTemplateConfig,
  type TemplateReader,
} from "./resources.js";
import { ServerTasks } from "./server-tasks.js";
import { Subscribers } from "./subscriptions.js";
import { type RegisteredTool, type ToolConfig, type ToolHandler, Tools } from "./tools.js";

/**
 * The high-level server: register tools, resources, templates and prompts, connect a transport, and
 * it answers every protocol version and both lifecycles, validating what comes in and what goes out.
 */
export class McpServer {
  /** The kernel under the server: handshake, validation, routing (for what McpServer does not wrap). */
  readonly runner: ServerRunner;
  private readonly subscribers = new Subscribers();
  private readonly listChanges = new ListChangeBatcher((lists) => this.announce({ kind: "listChanged", lists }));
  private readonly tools: Tools;
  private readonly resources: Resources;
  private readonly prompts: Prompts;
  private serverTasks: ServerTasks | undefined;

  /**
   * Creates a server; register tools, resources and prompts, then `connect` transports. Throws when
   * `pageSize` is not a positive integer.
   */
  constructor(
    /** The server's name and version, sent to clients. */
    readonly serverInfo: Model.Implementation,
    /** The options the server was created with. */
    readonly options: McpServerOptions = {},
  ) {
    const pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error("pageSize must be a positive integer");
    // Every tool definition must be valid in each version the server speaks (known once the runner is made).
    this.tools = new Tools(
      pageSize,
      () => this.listChanges.changed("tools"),
      () => this.runner.supportedProtocolVersions,
      () => this.tasks,
    );
    this.resources = new Resources(pageSize, () => this.listChanges.changed("resources"));
    this.prompts = new Prompts(pageSize, () => this.listChanges.changed("prompts"));
    const { tools, resources, prompts, subscribers } = this;
    const completers = { prompts, resources };
    this.runner = new ServerRunner({
      serverInfo,
      capabilities: () => this.capabilities(),
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
      ...(options.protocolVersions
        ? {
            protocolVersions: options.protocolVersions.filter((version) => lifecycleOf(version) === "stateful"),
            statelessProtocolVersions: options.protocolVersions.filter(
              (version) => lifecycleOf(version) === "stateless",
            ),
          }
        : {}),
      // Named on their own, the stateless-lifecycle versions win over what protocolVersions implied.
      ...(options.statelessProtocolVersions ? { statelessProtocolVersions: options.statelessProtocolVersions } : {}),
      ...(options.cacheHints ? { cacheHints: options.cacheHints } : {}),
      ...(options.requestState ? { requestState: options.requestState } : {}),
      ...(options.principalOf ? { principalOf: options.principalOf } : {}),
      handlerTimeout: options.handlerTimeout,
      maxInFlightRequests: options.maxInFlightRequests,
    })
      .setRequestHandler("subscriptions/listen", (params, context) =>
        subscribers.listen(params, context, this.capabilities()),
      )
      .setRequestHandler("tools/list", (params, context) => tools.list(params, context.protocolVersion))
      .setRequestHandler("tools/call", (params, context) => tools.call(params, context))
      .setRequestHandler("resources/list", (params) => resources.list(params))
      .setRequestHandler("resources/templates/list", (params) => resources.listTemplates(params))
      .setRequestHandler("resources/read", (params, context) => resources.read(params, context))
      .setRequestHandler("resources/subscribe", (params, context) => subscribers.subscribe(params, context, true))
      .setRequestHandler("resources/unsubscribe", (params, context) => subscribers.subscribe(params, context, false))
      .setRequestHandler("prompts/list", (params) => prompts.list(params))
      .setRequestHandler("prompts/get", (params, context) => prompts.get(params, context))
      .setRequestHandler("completion/complete", (params) => complete(params, completers));
    options.notificationBus?.subscribe((change) => {
      this.deliver(change).catch(() => {});
    });
    if (options.tasks) void this.tasks;
  }

  /**
   * The server's tasks (made on first use: by `options.tasks`, or the first tool that may run as a
   * task): the tasks extension registered through `registerExtension`, the core task methods,
   * and the TaskStore.
   */
  get tasks(): ServerTasks {
    if (!this.serverTasks) {
      this.serverTasks = new ServerTasks(
        this.options.tasks ?? {},
        this.runner.registerExtension(tasksExtension),
        (method, handler) => this.runner.setRequestHandler(method, handler as RequestHandler),
        // Status notifications take the path list_changed takes: the bus when there is one.
        (change) => this.announce(change),
      );
      this.subscribers.taskFilter = this.serverTasks.listenFilter();
    }
    return this.serverTasks;
  }

  /** A change, published on the bus when there is one (every process delivers it), else delivered here. */
  private async announce(change: ServerChange): Promise<void> {
    const bus = this.options.notificationBus;
    if (bus) {
      try {
        await bus.publish(change);
        return;
      } catch {
        // The bus is unreachable: this process's own clients still hear of it.
      }
    }
    await this.deliver(change);
  }

  private async deliver(change: ServerChange): Promise<void> {
    if (change.kind === "listChanged") this.subscribers.sendListChanged(change.lists);
    else if (change.kind === "taskStatus") this.subscribers.sendTaskStatus(change);
    else await this.subscribers.sendResourceUpdated(change.uri);
  }

  /** Derived from what is registered when a client connects: a server with no prompts declares none. */
  capabilities(): Model.ServerCapabilities {
    const capabilities: Model.ServerCapabilities = { logging: {} };
    if (this.tools.size > 0) capabilities.tools = { listChanged: true };
    if (this.resources.size > 0) capabilities.resources = { listChanged: true, subscribe: true };
    if (this.prompts.size > 0) capabilities.prompts = { listChanged: true };
    if (this.prompts.offersCompletions() || this.resources.offersCompletions()) capabilities.completions = {};
    // The core tasks (versions without them drop the field; the extension is declared on its own).
    if (this.serverTasks) capabilities.tasks = { list: {}, cancel: {}, requests: { tools: { call: {} } } };
    return capabilities;
  }

  /**
   * Registers an extension (see `defineExtension`): the same call as `ServerRunner.registerExtension`;
   * set its handlers on the handle it returns.
   */
  registerExtension<D extends ExtensionDefinition>(
    extension: Extension<D>,
    options?: { settings?: Readonly<Record<string, unknown>> },
  ): ServerExtension<D> {
    return this.runner.registerExtension(extension, options);
  }

  /**
   * Registers a tool: its arguments are checked against the input schema before the handler runs and its
   * structured result against the output schema. Connected clients hear of it through
   * `notifications/tools/list_changed`. Throws when the name is taken or the schemas cannot be served
   * (InvalidToolError).
   */
  registerTool<const Input extends SchemaInput | undefined, const Output extends SchemaInput | undefined>(
    name: string,
    config: ToolConfig<Input, Output>,
    handler: ToolHandler<Input, Output>,
  ): RegisteredTool {
    return this.tools.register(name, config, handler);
  }

  /** A resource at a fixed URI. */
  registerResource(name: string, uri: string, metadata: ResourceMetadata, read: ResourceReader): RegisteredResource {
    return this.resources.registerResource(name, uri, metadata, read);
  }

  /** A family of resources addressed by an RFC 6570 template. */
  registerResourceTemplate(
    name: string,
    uriTemplate: string,
    config: ResourceTemplateConfig,
    read: TemplateReader,
  ): RegisteredResourceTemplate {
    return this.resources.registerTemplate(name, uriTemplate, config, read);
  }

  /**
   * Registers a prompt; its arguments are checked against `config.arguments` before the handler runs. Throws
   * when the name is taken.
   */
  registerPrompt<const Args extends PromptArgsSchema | undefined = undefined>(
    name: string,
    config: PromptConfig<Args>,
    handler: PromptHandler<Args>,
  ): UpdatableItem<PromptConfig<PromptArgsSchema | undefined>, PromptHandler<PromptArgsSchema | undefined>> {
    return this.prompts.register(name, config, handler);
  }

  /**
   * Serves a transport (stdio, in-memory, or a session of the HTTP handler); resolves once the transport is
   * started.
   */
  async connect(transport: Transport, options?: ConnectOptions): Promise<ServerConnection> {
    const connected = await this.runner.connect(transport, options);
    this.subscribers.track(connected);
    return connected;
  }

  /**
   * Stateless-lifecycle Streamable HTTP: every argument a tool marks with `x-mcp-header` that has a value
   * must come with a matching `Mcp-Param-{name}` header (Base64 sentinel decoded, integers compared
   * as numbers). The transport answers a disagreement with -32020 and HTTP 400.
   */
  checkRequestHeaders(request: JsonRpcRequest, headers: Headers): string | undefined {
    if (request.method !== "tools/call") return this.runner.checkRequestHeaders(request, headers);
    return this.tools.checkHeaders(request, headers);
  }

  /**
   * The OAuth scopes a request needs: the `scopes` of the tool it calls, the resource it reads or
   * the prompt it gets. Over Streamable HTTP behind an auth gate (`typed-mcp/auth`), a caller whose
   * token lacks any of them gets HTTP 403 `insufficient_scope` naming them all, before the request
   * is served (the spec's step-up challenge).
   */
  requiredScopes(method: string, params: unknown): readonly string[] | undefined {
    const named = (params as { name?: unknown; uri?: unknown } | undefined) ?? {};
    if (method === "tools/call") return this.tools.scopesOf(named.name);
    if (method === "prompts/get") return this.prompts.scopesOf(named.name);
    if (method === "resources/read") return this.resources.scopesOf(named.uri);
    return undefined;
  }

  /** Tells the clients subscribed to `uri` (and only them) that it changed. */
  sendResourceUpdated(uri: string): Promise<void> {
    return this.announce({ kind: "resourceUpdated", uri });
  }

  /** Ends every open `subscriptions/listen` stream gracefully (its request answered), e.g. at shutdown. */
  endSubscriptions(): void {
    this.subscribers.endAll();
  }

  /** Every protocol version this server speaks, both lifecycles, oldest first. */
  get supportedProtocolVersions(): readonly ProtocolVersion[] {
    return this.runner.supportedProtocolVersions;
  }

  /** How many connections (sessions, stdio peers) this server is serving now. */
  get connectionCount(): number {
    return this.subscribers.connectionCount;
  }

  /** How many `subscriptions/listen` streams are open. */
  get subscriptionCount(): number {
    return this.subscribers.listenerCount;
  }
}
