/**
 * Client: the high-level client over any transport. Typed calls, `*All` helpers that walk every
 * page, structured-content validation against each tool's outputSchema (compiled once per schema),
 * handlers for sampling, elicitation and roots, cached lists refreshed on list_changed, and
 * tolerance for content block types newer than the negotiated version.
 */
import { ClientSession, type ClientSessionOptions } from "../client/client-session.js";
import { ClientExtension } from "../client/extensions.js";
import type { InitializedServer } from "../client/negotiation.js";
import type { ServerRequestHandler } from "../client/server-handlers.js";
import type { Subscription } from "../client/subscriptions.js";
import type { Extension, ExtensionDefinition } from "../extensions/extension.js";
import { declaresExtension, ExtensionRegistry } from "../extensions/registry.js";
import { type CompiledSchema, compileJsonSchema, type JsonSchemaObject } from "../json-schema/compile.js";
import type { CallOptions, Params } from "../jsonrpc/outbound.js";
import type { Transport } from "../jsonrpc/transport.js";
import { ErrorCode, McpError, SchemaViolationError } from "../protocol/errors.js";
import { hasFeature } from "../protocol/features.js";
import { encodeHeaderValue, type MirroredParam, mirroredParams, mirroredValue } from "../protocol/mcp-headers.js";
import type * as Model from "../protocol/model.js";
import { tasksExtension } from "../tasks/extension.js";
import { validateServerResult } from "../validation/validate.js";
import { type NotificationListener, NotificationListeners } from "./notification-listeners.js";
import { type ClientTaskOptions, ClientTaskReceiver } from "./task-receiver.js";
import { TaskClient } from "./tasks-client.js";

/** A content block of a type the negotiated version does not know: kept, not a failure. */
export interface UnknownContentBlock {
  /** The block's type, as the server sent it. */
  type: string;
  [key: string]: unknown;
}

/** A tool's result as the Client returns it: content blocks of unknown types are kept. */
export type CallToolResult = Omit<Model.CallToolResult, "content"> & {
  /**
   * The result's content blocks; a block of a type the negotiated version does not know is kept as an
   * UnknownContentBlock.
   */
  content: Array<Model.ContentBlock | UnknownContentBlock>;
};

/** ClientSession's options, plus how the Client keeps its cached lists fresh. */
export interface ClientOptions extends Omit<ClientSessionOptions, "capabilities" | "clientInfo"> {
  /**
   * Capabilities to declare besides those the handlers imply (`onSampling` declares `sampling`, and so on).
   */
  capabilities?: Model.ClientCapabilities;
  /** Re-fetch cached lists (all pages) when the server says they changed; debounced by this many ms (default 50). */
  refreshOnListChanged?: boolean;
  /**
   * With `refreshOnListChanged`: how long to wait for more change notifications before re-fetching, in ms
   * (default 50).
   */
  listChangedDebounceMs?: number;
  /**
   * Take tasks (the tasks extension, declared in every request; opt-in as extensions are): a tool
   * call the server answers with a task is followed to its result by `callTool`, and `tasks` gives
   * the whole lifecycle. The core tasks (of the version before the extension) need no option (a call asks for a task explicitly).
   */
  tasks?: boolean;
  /**
   * Versions with the core tasks: run the server's `sampling/createMessage` and
   * `elicitation/create` as tasks when it asks for one, in a task store of this client, answering
   * its `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel`. Declares
   * `capabilities.tasks` (list, cancel, and the requests whose handler is set) unless the
   * capabilities given declare it. The `onSampling`/`onElicitation` handlers are the same.
   */
  receiveTasks?: boolean | ClientTaskOptions;
}

/** Answers sampling/createMessage. */
export type SamplingHandler = (
  params: Model.CreateMessageRequestParams,
) => Model.CreateMessageResult | Promise<Model.CreateMessageResult>;
/** Answers elicitation/create. */
export type ElicitationHandler = (
  params: Model.ElicitRequestParams,
) => Model.ElicitResult | Promise<Model.ElicitResult>;
/** Answers roots/list with the client's roots. */
export type RootsHandler = () => Model.Root[] | Promise<Model.Root[]>;

const KNOWN_CONTENT = new Set(["text", "image", "audio", "resource", "resource_link"]);

type ListName = "tools" | "resources" | "prompts";

/** The high-level MCP client: connect it to a transport, then call the server's features. */
export class Client {
  private session: ClientSession | undefined;
  private readonly outputValidators = new Map<string, CompiledSchema>();
  private readonly toolSchemas = new Map<string, JsonSchemaObject>();
  /** Per tool, the arguments it mirrors into Mcp-Param-* headers (stateless lifecycle, x-mcp-header). */
  private readonly mirrored = new Map<string, MirroredParam[]>();
  private readonly cache = new Map<ListName, unknown[]>();
  private readonly refreshTimers = new Map<ListName, ReturnType<typeof setTimeout>>();
  private sampling: SamplingHandler | undefined;
  private elicitation: { handler: ElicitationHandler; applyDefaults: boolean } | undefined;
  private roots: RootsHandler | undefined;
  private server: InitializedServer | undefined;
  private readonly listeners = new NotificationListeners();
  /** The extensions registered with `registerExtension`, shared with each session. */
  private readonly extensions = new ExtensionRegistry();
  /** Extension request handlers set before connect(). */
  private readonly extensionHandlers = new Map<string, ServerRequestHandler>();

  /** Tasks, both eras: call as a task, poll, update, cancel, await the result. */
  readonly tasks: TaskClient;
  /** The tasks the server asked this client to run (with `receiveTasks`); undefined without it. */
  receivedTasks: ClientTaskReceiver | undefined;

  /**
   * Creates a client; nothing is sent until `connect`. Set the handlers (`onSampling`, `onElicitation`,
   * `onRoots`) first.
   */
  constructor(
    /** The client's name and version, sent to the server. */
    readonly clientInfo: Model.Implementation,
    /** The options the client was created with. */
    readonly options: ClientOptions = {},
  ) {
    const extension = options.tasks ? this.registerExtension(tasksExtension) : undefined;
    this.tasks = new TaskClient(() => this.connected, extension);
  }

  /** Answers sampling/createMessage; declares the sampling capability. Call before connect(). */
  onSampling(handler: SamplingHandler): this {
    this.sampling = handler;
    return this;
  }

  /**
   * Answers elicitation/create; declares the elicitation capability (form mode). With
   * `applyDefaults`, an accepted form is completed with the schema's defaults for fields left out.
   */
  onElicitation(handler: ElicitationHandler, options: { applyDefaults?: boolean } = {}): this {
    this.elicitation = { handler, applyDefaults: options.applyDefaults ?? false };
    return this;
  }

  /** Answers roots/list; declares the roots capability. */
  onRoots(handler: RootsHandler): this {
    this.roots = handler;
    return this;
  }

  /**
   * Connects over `transport` and negotiates (see the `negotiation` option), declaring the capabilities the
   * handlers imply. Rejects with the server's error, or UnsupportedProtocolVersionError when no version is
   * shared.
   */
  async connect(transport: Transport): Promise<InitializedServer> {
    const capabilities: Model.ClientCapabilities = { ...this.options.capabilities };
    if (this.sampling) capabilities.sampling ??= {};
    if (this.elicitation) capabilities.elicitation ??= { form: { applyDefaults: this.elicitation.applyDefaults } };
    if (this.roots) capabilities.roots ??= { listChanged: true };
    const receiving = this.options.receiveTasks;
    if (receiving && (this.sampling || this.elicitation)) {
      (capabilities as { tasks?: unknown }).tasks ??= {
        list: {},
        cancel: {},
        requests: {
          ...(this.sampling ? { sampling: { createMessage: {} } } : {}),
          ...(this.elicitation ? { elicitation: { create: {} } } : {}),
        },
      };
    }
    const session = new ClientSession(transport, {
      ...this.options,
      clientInfo: this.clientInfo,
      capabilities,
      extensions: this.extensions,
    });
    this.session = session;
    for (const [method, handler] of this.extensionHandlers) session.setRequestHandler(method, handler);
    const receiver = receiving
      ? new ClientTaskReceiver(receiving === true ? {} : receiving, (params) =>
          session.notify("notifications/tasks/status", params),
        )
      : undefined;
    this.receivedTasks = receiver;
    /** The handler as is, or run as a task when the server asks for one and this client takes them. */
    const maybeTask =
      (method: string, handler: ServerRequestHandler): ServerRequestHandler =>
      (params, context) => {
        if (!receiver || !ClientTaskReceiver.asked(params, context.protocolVersion)) return handler(params, context);
        const { task: _task, ...plain } = params as Params;
        return receiver.start(method, params, context.protocolVersion, async () => handler(plain, context));
      };
    if (receiver) {
      session.setRequestHandler("tasks/get", (params) => receiver.get(params));
      session.setRequestHandler("tasks/result", (params, context) => receiver.result(params, context.signal));
      session.setRequestHandler("tasks/list", (params) => receiver.list(params));
      session.setRequestHandler("tasks/cancel", (params) => receiver.cancel(params));
    }
    const sampling = this.sampling;
    if (sampling) {
      session.setRequestHandler(
        "sampling/createMessage",
        maybeTask("sampling/createMessage", async (params) => (await sampling(params as never)) as never),
      );
    }
    const elicitation = this.elicitation;
    if (elicitation) {
      session.setRequestHandler(
        "elicitation/create",
        maybeTask("elicitation/create", async (params) => {
          const answer = await elicitation.handler(params as unknown as Model.ElicitRequestParams);
          return (elicitation.applyDefaults ? withDefaults(params as Params, answer) : answer) as unknown as Params;
        }),
      );
    }
    const roots = this.roots;
    if (roots) session.setRequestHandler("roots/list", async () => ({ roots: await roots() }));
    for (const list of ["tools", "resources", "prompts"] as const) {
      session.onNotification(`notifications/${list}/list_changed`, () => this.listChanged(list));
    }
    this.listeners.connect((method, listener) => session.onNotification(method, listener));
    this.server = await session.connect();
    return this.server;
  }

  /**
   * Registers an extension (before connect()): the same call as `ClientSession.registerExtension`.
   * It is declared under `capabilities.extensions`; the handle sends its requests and answers the
   * server's, typed from the definition.
   */
  registerExtension<D extends ExtensionDefinition>(
    extension: Extension<D>,
    options: { settings?: Readonly<Record<string, unknown>> } = {},
  ): ClientExtension<D> {
    const registered = this.extensions.register(extension, options.settings);
    return new ClientExtension<D>(registered, {
      serverDeclares: (id) => declaresExtension(this.session?.serverCapabilities, id),
      sendExtensionRequest: (entry, params, callOptions) =>
        this.connected.sendExtensionRequest(entry, params, callOptions),
      sendExtensionNotification: (entry, params) => this.connected.sendExtensionNotification(entry, params),
      setRequestHandler: (method, handler) => {
        this.extensionHandlers.set(method, handler);
        this.session?.setRequestHandler(method, handler);
      },
      onNotification: (method, handler) => this.listeners.add(method, handler as never),
    });
  }

  /** The underlying session (after connect()): the kernel-level client, for what this class does not wrap. */
  get clientSession(): ClientSession {
    return this.connected;
  }

  private get connected(): ClientSession {
    if (!this.session) throw new Error("the client is not connected: call connect() first");
    return this.session;
  }

  /** The server's name and version from the handshake (or discovery); undefined before connect(). */
  getServerVersion(): Model.Implementation | undefined {
    return this.server?.serverInfo;
  }

  /** The server's capabilities; undefined before connect(). */
  getServerCapabilities(): Model.ServerCapabilities | undefined {
    return this.server?.capabilities;
  }

  /** The server's instructions, if it gave any. */
  getInstructions(): string | undefined {
    return this.server?.instructions;
  }

  /** The capabilities the server declared; throws before `connect`. */
  get serverCapabilities(): Model.ServerCapabilities {
    return this.connected.serverCapabilities;
  }

  /** The negotiated protocol version; throws before `connect`. */
  get protocolVersion(): string {
    return this.connected.protocolVersion;
  }

  /** `ping`: resolves when the server answers. */
  ping(options?: CallOptions): Promise<Model.EmptyResult> {
    return this.connected.ping(options);
  }

  /**
   * In the stateless lifecycle a tool whose x-mcp-header annotations break the rules
   * is left out of the listing (reported through `onError`), as the spec requires, so one bad tool
   * spoils nothing else.
   */
  async listTools(params?: Model.PaginatedRequestParams, options?: CallOptions): Promise<Model.ListToolsResult> {
    const result = await this.connected.listTools(params, options);
    const kept: Model.Tool[] = [];
    for (const tool of result.tools) {
      const mirrored = mirroredParams(tool.inputSchema);
      if (typeof mirrored === "string" && this.connected.isStateless) {
        this.options.onError?.(new Error(`tool ${JSON.stringify(tool.name)} left out: ${mirrored}`));
        continue;
      }
      if (typeof mirrored !== "string" && mirrored.length > 0) this.mirrored.set(tool.name, mirrored);
      else this.mirrored.delete(tool.name);
      this.rememberTool(tool);
      kept.push(tool);
    }
    return kept.length === result.tools.length ? result : { ...result, tools: kept };
  }

  /** Whether this client speaks the stateless lifecycle. */
  get isStateless(): boolean {
    return this.connected.isStateless;
  }

  /** Stateless lifecycle: a `subscriptions/listen` stream; its notifications reach `onNotification` listeners. */
  listen(filter: {
    toolsListChanged?: boolean;
    promptsListChanged?: boolean;
    resourcesListChanged?: boolean;
    resourceSubscriptions?: string[];
    /** The tasks extension (declared with `tasks: true`): `notifications/tasks` for these of the caller's tasks. */
    taskIds?: string[];
  }): Subscription {
    return this.connected.listen(filter as Params);
  }

  /** Every tool, all pages; cached until the server says the list changed. */
  async listToolsAll(options?: CallOptions): Promise<Model.Tool[]> {
    return this.all(
      "tools",
      (cursor) => this.listTools(cursor === undefined ? undefined : { cursor }, options),
      (page) => page.tools,
    );
  }

  /** Every resource, all pages; cached until the server says the list changed. */
  async listResourcesAll(options?: CallOptions): Promise<Model.Resource[]> {
    return this.all(
      "resources",
      (cursor) => this.connected.listResources(cursor === undefined ? undefined : { cursor }, options),
      (page) => page.resources,
    );
  }

  /** Every resource template, all pages (not cached: templates have no list_changed of their own). */
  async listResourceTemplatesAll(options?: CallOptions): Promise<Model.ResourceTemplate[]> {
    return this.all(
      undefined,
      (cursor) => this.connected.listResourceTemplates(cursor === undefined ? undefined : { cursor }, options),
      (page) => page.resourceTemplates,
    );
  }

  /** Every prompt, all pages; cached until the server says the list changed. */
  async listPromptsAll(options?: CallOptions): Promise<Model.Prompt[]> {
    return this.all(
      "prompts",
      (cursor) => this.connected.listPrompts(cursor === undefined ? undefined : { cursor }, options),
      (page) => page.prompts,
    );
  }

  /** `resources/list`: one page of the server's resources. */
  listResources(params?: Model.PaginatedRequestParams, options?: CallOptions) {
    return this.connected.listResources(params, options);
  }

  /** `resources/templates/list`: one page of the server's resource templates. */
  listResourceTemplates(params?: Model.PaginatedRequestParams, options?: CallOptions) {
    return this.connected.listResourceTemplates(params, options);
  }

  /** `resources/read`: the contents of one resource. */
  readResource(params: Model.ReadResourceRequestParams, options?: CallOptions) {
    return this.connected.readResource(params, options);
  }

  /** `resources/subscribe`: asks for `notifications/resources/updated` when the resource changes. */
  subscribeResource(params: Model.SubscribeRequestParams, options?: CallOptions) {
    return this.connected.subscribeResource(params, options);
  }

  /** `resources/unsubscribe`: stops the updates of one resource. */
  unsubscribeResource(params: Model.UnsubscribeRequestParams, options?: CallOptions) {
    return this.connected.unsubscribeResource(params, options);
  }

  /** `prompts/list`: one page of the server's prompts. */
  listPrompts(params?: Model.PaginatedRequestParams, options?: CallOptions) {
    return this.connected.listPrompts(params, options);
  }

  /** `prompts/get`: a prompt's messages for the given arguments. */
  getPrompt(params: Model.GetPromptRequestParams, options?: CallOptions) {
    return this.connected.getPrompt(params, options);
  }

  /** `completion/complete`: completion values for a prompt argument or a resource template variable. */
  complete(params: Model.CompleteRequestParams, options?: CallOptions) {
    return this.connected.complete(params, options);
  }

  /**
   * `logging/setLevel`: the least severe log messages the server should send (in the stateless lifecycle,
   * sent with every later request).
   */
  setLoggingLevel(level: Model.LoggingLevel, options?: CallOptions) {
    return this.connected.setLoggingLevel(level, options);
  }

  /** Listens to a server notification, typed by method; may be called before connect(). Returns the remover. */
  onNotification<const M extends string>(method: M, handler: NotificationListener<M>): () => void {
    return this.listeners.add(method, handler as NotificationListener<string>);
  }

  /**
   * Calls a tool. Content blocks of types this version does not know are kept (as
   * UnknownContentBlock) rather than failing the result; the rest is validated, and structured
   * content is checked against the tool's outputSchema when the tool is known from a listing.
   */
  async callTool(params: Model.CallToolRequestParams, options?: CallOptions): Promise<CallToolResult> {
    const session = this.connected;
    const mirrored = session.isStateless ? this.mirrored.get(params.name) : undefined;
    let callOptions = options;
    if (mirrored) {
      // Stateless lifecycle over Streamable HTTP: the annotated arguments go in Mcp-Param-* headers too.
      const headers: Record<string, string> = { ...options?.headers };
      for (const param of mirrored) {
        const value = mirroredValue(params.arguments, param);
        if (value !== undefined) headers[`mcp-param-${param.name.toLowerCase()}`] = encodeHeaderValue(String(value));
      }
      callOptions = { ...options, headers };
    }
    let raw = await session.requestRaw("tools/call", params as unknown as Params, callOptions);
    if (raw.resultType === "task" && session.checkExtensionResult("tools/call", raw)) {
      // The server chose to run it as a task (the client declared tasks): follow it to the end.
      raw = (await this.tasks.result(
        String(raw.taskId),
        options?.signal ? { signal: options.signal } : {},
      )) as unknown as Params;
    }
    const content = Array.isArray(raw.content) ? (raw.content as Array<{ type?: unknown }>) : undefined;
    const known = content?.filter((block) => typeof block?.type === "string" && KNOWN_CONTENT.has(block.type));
    validateServerResult(
      "tools/call",
      session.protocolVersion,
      known && known.length !== content?.length ? { ...raw, content: known } : raw,
    );
    const result = raw as unknown as CallToolResult;
    const validator = this.outputValidator(params.name);
    if (validator && !result.isError) {
      if (result.structuredContent === undefined && hasFeature(session.protocolVersion, "structuredContent")) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `${params.name} declares an outputSchema but returned no structuredContent`,
        );
      }
      if (result.structuredContent !== undefined) {
        const issues = validator.issues(result.structuredContent);
        if (issues.length > 0)
          throw new SchemaViolationError(`${params.name} structuredContent`, session.protocolVersion, issues);
      }
    }
    return result;
  }

  /** Stops the list refreshes and closes the session and its transport. */
  async close(): Promise<void> {
    for (const timer of this.refreshTimers.values()) clearTimeout(timer);
    this.refreshTimers.clear();
    await this.session?.close();
  }

  private rememberTool(tool: Model.Tool): void {
    const schema = tool.outputSchema as JsonSchemaObject | undefined;
    if (!schema) {
      this.toolSchemas.delete(tool.name);
      return;
    }
    // Compiled once per distinct schema, not on every listing.
    const previous = this.toolSchemas.get(tool.name);
    if (previous && JSON.stringify(previous) === JSON.stringify(schema)) return;
    this.toolSchemas.set(tool.name, schema);
    this.outputValidators.delete(tool.name);
  }

  private outputValidator(name: string): CompiledSchema | undefined {
    let validator = this.outputValidators.get(name);
    if (!validator) {
      const schema = this.toolSchemas.get(name);
      if (!schema) return undefined;
      validator = compileJsonSchema(schema);
      this.outputValidators.set(name, validator);
    }
    return validator;
  }

  /** Walks every page; with a list name, the result is cached until that list changes. */
  private async all<P extends { nextCursor?: string }, T>(
    list: ListName | undefined,
    fetchPage: (cursor: string | undefined) => Promise<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const cached = list === undefined ? undefined : this.cache.get(list);
    if (cached) return cached as T[];
    const collected: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await fetchPage(cursor);
      collected.push(...items(page));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    if (list !== undefined) this.cache.set(list, collected);
    return collected;
  }

  private listChanged(list: ListName): void {
    this.cache.delete(list);
    if (!this.options.refreshOnListChanged) return;
    clearTimeout(this.refreshTimers.get(list));
    this.refreshTimers.set(
      list,
      setTimeout(() => {
        this.refreshTimers.delete(list);
        const refresh =
          list === "tools"
            ? this.listToolsAll()
            : list === "resources"
              ? this.listResourcesAll()
              : this.listPromptsAll();
        refresh.catch(() => {});
      }, this.options.listChangedDebounceMs ?? 50),
    );
  }
}

/** Fills the fields an accepted form left out with the requested schema's defaults. */
function withDefaults(params: Params, answer: Model.ElicitResult): Model.ElicitResult {
  if (answer.action !== "accept") return answer;
  const schema = params.requestedSchema as { properties?: Record<string, { default?: unknown }> } | undefined;
  const content: Record<string, unknown> = { ...answer.content };
  for (const [field, spec] of Object.entries(schema?.properties ?? {})) {
    if (content[field] === undefined && spec.default !== undefined) content[field] = spec.default;
  }
  return { ...answer, content: content as Model.ElicitResult["content"] };
}
