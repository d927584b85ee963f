/**
 * McpServer: the high-level server. Tools (plain JSON Schema compiled once at registration,
 * arguments validated before the handler runs, structured output checked), resources and RFC 6570
 * resource templates, prompts, completions, subscriptions, server-side pagination of every list,
 * list_changed notifications coalesced per tick, and a request-scoped handler context.
 */

import { type CompiledSchema, compileJsonSchema, type JsonSchemaObject } from "../json-schema/compile.js";
import type { InferSchema } from "../json-schema/infer.js";
import type { JsonRpcRequest } from "../jsonrpc/messages.js";
import type { Params } from "../jsonrpc/outbound.js";
import type { Transport } from "../jsonrpc/transport.js";
import type { CacheableMethod } from "../protocol/caching.js";
import { EnvelopeKey } from "../protocol/envelope.js";
import { ErrorCode, McpError } from "../protocol/errors.js";
import {
  decodeHeaderValue,
  headerMatches,
  type MirroredParam,
  mirroredParams,
  mirroredValue,
} from "../protocol/mcp-headers.js";
import type * as Model from "../protocol/model.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import type { Connection, LoggingLevel } from "../server/connection.js";
import type { AskOptions, InputRound } from "../server/input-required.js";
import type { ConnectOptions, RequestContext, ServerConnection, ServerRunnerOptions } from "../server/runner.js";
import { ServerRunner } from "../server/runner.js";
import { ServerSession } from "../server/server-session.js";
import { paginate } from "./pagination.js";
import { UriTemplate, type Variables } from "./uri-template.js";

export interface ToolConfig<Input extends JsonSchemaObject | undefined, Output extends JsonSchemaObject | undefined> {
  title?: string;
  description?: string;
  /** Plain JSON Schema for the arguments (write it `as const` to type the handler's arguments). */
  inputSchema?: Input;
  /** Plain JSON Schema for `structuredContent`; when given, every successful result must carry matching structured content. */
  outputSchema?: Output;
  annotations?: Model.ToolAnnotations;
  icons?: Model.Icon[];
  _meta?: Record<string, unknown>;
}

/** What a tool handler gets besides its arguments. Everything it sends travels with the request. */
export interface ToolContext {
  /** The request's ServerSession, request-scoped by default (`{ standalone: true }` to send outside the request). */
  session: ServerSession;
  requestId: RequestContext["requestId"];
  signal: AbortSignal;
  protocolVersion: ProtocolVersion;
  reportProgress(progress: number, total?: number, message?: string): Promise<void>;
  log(level: LoggingLevel, data: unknown, logger?: string): Promise<void>;
  /**
   * Sampling, elicitation and roots work the same for every protocol version; the handler never
   * branches on it. Up to 2025-11-25 each is a real request to the client on this request's stream.
   * From 2026-07-28 there are no server-to-client requests: the first ask the client has not yet
   * answered ends this run of the handler (its promise rejects with InputRequiredSignal and
   * `signal` aborts), the client gets an InputRequiredResult listing every ask still open, and when
   * it retries the request with the answers **the handler runs again from the start**: asks
   * already answered now resolve at once, in order. So code before an ask may run more than once:
   * keep side effects after the asks, or make them idempotent. Asks are matched to answers by
   * `key`; the default key is the kind and position of the ask ("elicitation-1", ...), which is
   * stable when the handler asks in the same order each run. A client that did not declare the
   * capability gets -32021 (CapabilityNotSupportedError inside the handler, which may catch it).
   */
  createMessage(params: Model.CreateMessageRequestParams, options?: AskOptions): Promise<Model.CreateMessageResult>;
  elicitForm(params: Omit<Model.ElicitRequestFormParams, "mode">, options?: AskOptions): Promise<Model.ElicitResult>;
  listRoots(options?: AskOptions): Promise<Model.ListRootsResult>;
  /**
   * 2026-07-28 tools/call, prompts/get, resources/read: this run of the multi round-trip request
   * (`resumed` after a round trip; `state` is JSON kept, sealed, for the next run). Undefined for
   * handshake versions, where asks are real requests.
   */
  inputRound?: InputRound;
  /**
   * Over Streamable HTTP with an event store: end this request's stream now and let the client
   * resume it later (polling, SEP-1699). Undefined where the transport cannot.
   */
  closeSseStream?: () => void;
}

type ToolResult<Output> = Omit<Model.CallToolResult, "structuredContent"> & {
  structuredContent?: Output extends JsonSchemaObject ? InferSchema<Output> : Model.CallToolResult["structuredContent"];
};

export type ToolHandler<Input, Output> = (
  args: Input extends JsonSchemaObject ? InferSchema<Input> : Record<string, unknown>,
  context: ToolContext,
) => ToolResult<Output> | Promise<ToolResult<Output>>;

interface ToolEntry {
  name: string;
  definition: Model.Tool;
  input: CompiledSchema | undefined;
  output: CompiledSchema | undefined;
  handler: ToolHandler<JsonSchemaObject | undefined, JsonSchemaObject | undefined>;
  enabled: boolean;
  /** Arguments mirrored into Mcp-Param-* headers over 2026-07-28 Streamable HTTP (x-mcp-header). */
  mirrored: MirroredParam[];
}

export interface RegisteredTool {
  readonly name: string;
  enable(): void;
  disable(): void;
  remove(): void;
}

export type ResourceMetadata = Omit<Model.Resource, "uri" | "name"> & {
  /** 2026-07-28 caching hints for this resource's reads (default: the server's resources/read hint). */
  cache?: CacheHint;
};
export type ResourceReader = (
  uri: URL,
  context: ToolContext,
) => Model.ReadResourceResult | Promise<Model.ReadResourceResult>;
export type TemplateReader = (
  uri: URL,
  variables: Variables,
  context: ToolContext,
) => Model.ReadResourceResult | Promise<Model.ReadResourceResult>;
/** Suggests values for a prompt argument or template variable, given what was typed so far. */
export type Completer = (
  value: string,
  context: { arguments?: Record<string, string> },
) => string[] | Promise<string[]>;

export interface ResourceTemplateConfig extends Omit<Model.ResourceTemplate, "uriTemplate" | "name"> {
  /** Lists the concrete resources the template stands for, if enumerable. */
  list?: () => Model.Resource[] | Promise<Model.Resource[]>;
  /** Completions for the template's variables. */
  complete?: Record<string, Completer>;
  /** 2026-07-28 caching hints for reads of the template's resources (default: the server's). */
  cache?: CacheHint;
}

export interface PromptArgumentConfig {
  description?: string;
  required?: boolean;
  complete?: Completer;
}

export interface PromptConfig {
  title?: string;
  description?: string;
  icons?: Model.Icon[];
  arguments?: Record<string, PromptArgumentConfig>;
}

export type PromptHandler = (
  args: Record<string, string>,
  context: ToolContext,
) => Model.GetPromptResult | Promise<Model.GetPromptResult>;

interface ResourceEntry {
  definition: Model.Resource;
  read: ResourceReader;
  enabled: boolean;
  cache: CacheHint | undefined;
}

interface TemplateEntry {
  definition: Model.ResourceTemplate;
  template: UriTemplate;
  config: ResourceTemplateConfig;
  read: TemplateReader;
  enabled: boolean;
}

interface PromptEntry {
  definition: Model.Prompt;
  config: PromptConfig;
  handler: PromptHandler;
  enabled: boolean;
}

/** A registered resource, template or prompt. */
export interface RegisteredItem {
  enable(): void;
  disable(): void;
  remove(): void;
}

/** 2026-07-28 caching hints of a result: how long it stays fresh, and who may share it. */
export interface CacheHint {
  ttlMs: number;
  cacheScope: "public" | "private";
}

export type { CacheableMethod };

/** What a `subscriptions/listen` stream asks for (2026-07-28). */
export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

interface Listener {
  filter: SubscriptionFilter;
  send(method: string, params?: Params): void;
  end(): void;
}

export interface McpServerOptions {
  instructions?: string;
  /**
   * 2026-07-28 caching hints per cacheable method (default `{ ttlMs: 0, cacheScope: "private" }`:
   * immediately stale, never shared across authorization contexts). A result that carries its own
   * `ttlMs` / `cacheScope` (a resource reader may return them) keeps them.
   */
  cacheHints?: Partial<Record<CacheableMethod, CacheHint>>;
  /** 2026-07-28 requestState sealing: keys (shared by replicas, rotatable) and lifetime. */
  requestState?: ServerRunnerOptions["requestState"];
  /** The authenticated principal behind a request (see ServerRunnerOptions.principalOf). */
  principalOf?: ServerRunnerOptions["principalOf"];
  /** Items per page of tools/list (default 100). */
  pageSize?: number;
  protocolVersions?: readonly ProtocolVersion[];
  /** Longest a handler may run, in ms (default 10 minutes); see ServerRunnerOptions. */
  handlerTimeout?: number;
  /** Most requests in flight per session (default 100); see ServerRunnerOptions. */
  maxInFlightRequests?: number;
}

/** Versions before 2025-06-18 have no structuredContent: it is mirrored as text for them. */
const STRUCTURED_CONTENT_SINCE: ProtocolVersion = "2025-06-18";

export class McpServer {
  readonly runner: ServerRunner;
  private readonly tools = new Map<string, ToolEntry>();
  private readonly resources = new Map<string, ResourceEntry>();
  private readonly templates = new Map<string, TemplateEntry>();
  private readonly prompts = new Map<string, PromptEntry>();
  /** Per connection, the resource URIs it subscribed to. */
  private readonly subscriptions = new Map<Connection, Set<string>>();
  private readonly pendingListChanges = new Set<"tools" | "resources" | "prompts">();
  private readonly connections = new Set<Connection>();
  /** Open 2026-07-28 `subscriptions/listen` streams. */
  private readonly listeners = new Set<Listener>();
  private readonly pageSize: number;

  constructor(
    readonly serverInfo: Model.Implementation,
    readonly options: McpServerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1) throw new Error("pageSize must be a positive integer");
    this.runner = new ServerRunner({
      serverInfo,
      capabilities: () => this.capabilities(),
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
      ...(options.protocolVersions ? { protocolVersions: options.protocolVersions } : {}),
      ...(options.cacheHints ? { cacheHints: options.cacheHints } : {}),
      ...(options.requestState ? { requestState: options.requestState } : {}),
      ...(options.principalOf ? { principalOf: options.principalOf } : {}),
      handlerTimeout: options.handlerTimeout,
      maxInFlightRequests: options.maxInFlightRequests,
    })
      .setRequestHandler("subscriptions/listen", (params, context) => this.listen(params, context))
      .setRequestHandler("tools/list", (params) => this.listTools(params))
      .setRequestHandler("tools/call", (params, context) => this.callTool(params, context))
      .setRequestHandler("resources/list", (params) => this.listResources(params))
      .setRequestHandler("resources/templates/list", (params) => this.listTemplates(params))
      .setRequestHandler("resources/read", (params, context) => this.readResource(params, context))
      .setRequestHandler("resources/subscribe", (params, context) => this.subscribe(params, context, true))
      .setRequestHandler("resources/unsubscribe", (params, context) => this.subscribe(params, context, false))
      .setRequestHandler("prompts/list", (params) => this.listPrompts(params))
      .setRequestHandler("prompts/get", (params, context) => this.getPrompt(params, context))
      .setRequestHandler("completion/complete", (params) => this.complete(params));
  }

  /** Derived from what is registered when a client connects: a server with no prompts declares none. */
  capabilities(): Model.ServerCapabilities {
    const capabilities: Model.ServerCapabilities = { logging: {} };
    if (this.tools.size > 0) capabilities.tools = { listChanged: true };
    if (this.resources.size > 0 || this.templates.size > 0) {
      capabilities.resources = { listChanged: true, subscribe: true };
    }
    if (this.prompts.size > 0) capabilities.prompts = { listChanged: true };
    const completes =
      [...this.prompts.values()].some((p) => Object.values(p.config.arguments ?? {}).some((a) => a.complete)) ||
      [...this.templates.values()].some((t) => t.config.complete && Object.keys(t.config.complete).length > 0);
    if (completes) capabilities.completions = {};
    return capabilities;
  }

  registerTool<const Input extends JsonSchemaObject | undefined, const Output extends JsonSchemaObject | undefined>(
    name: string,
    config: ToolConfig<Input, Output>,
    handler: ToolHandler<Input, Output>,
  ): RegisteredTool {
    if (this.tools.has(name)) throw new Error(`a tool named ${JSON.stringify(name)} is already registered`);
    const inputSchema = (config.inputSchema ?? { type: "object" }) as JsonSchemaObject;
    const definition: Model.Tool = { name, inputSchema: inputSchema as Model.Tool["inputSchema"] };
    if (config.title !== undefined) definition.title = config.title;
    if (config.description !== undefined) definition.description = config.description;
    if (config.outputSchema !== undefined) definition.outputSchema = config.outputSchema as Model.Tool["outputSchema"];
    if (config.annotations !== undefined) definition.annotations = config.annotations;
    if (config.icons !== undefined) definition.icons = config.icons;
    if (config._meta !== undefined) definition._meta = config._meta;
    const mirrored = mirroredParams(inputSchema);
    if (typeof mirrored === "string") throw new Error(`tool ${JSON.stringify(name)}: ${mirrored}`);
    const entry: ToolEntry = {
      name,
      definition,
      mirrored,
      // Compiled here, once: never per tools/list or per call.
      input: compileJsonSchema(inputSchema),
      output: config.outputSchema ? compileJsonSchema(config.outputSchema) : undefined,
      handler: handler as ToolEntry["handler"],
      enabled: true,
    };
    this.tools.set(name, entry);
    this.listChanged("tools");
    return { name, ...this.handle(this.tools, name, entry, "tools") };
  }

  async connect(transport: Transport, options?: ConnectOptions): Promise<ServerConnection> {
    const connected = await this.runner.connect(transport, options);
    this.connections.add(connected.connection);
    connected.closed.then(() => {
      this.connections.delete(connected.connection);
      this.subscriptions.delete(connected.connection);
    });
    return connected;
  }

  /**
   * 2026-07-28 Streamable HTTP: every argument a tool marks with `x-mcp-header` that has a value
   * must come with a matching `Mcp-Param-{name}` header (Base64 sentinel decoded, integers compared
   * as numbers). The transport answers a disagreement with -32020 and HTTP 400.
   */
  checkRequestHeaders(request: JsonRpcRequest, headers: Headers): string | undefined {
    if (request.method !== "tools/call") return undefined;
    const tool = this.tools.get(String(request.params?.name));
    if (!tool || tool.mirrored.length === 0) return undefined;
    for (const param of tool.mirrored) {
      const value = mirroredValue(request.params?.arguments, param);
      if (value === undefined) continue;
      const raw = headers.get(`mcp-param-${param.name}`);
      if (raw === null)
        return `the Mcp-Param-${param.name} header is required (arguments.${param.path.join(".")} has a value)`;
      const text = decodeHeaderValue(raw);
      if (text === undefined) return `the Mcp-Param-${param.name} header value is malformed`;
      if (!headerMatches(text, value, param.type)) {
        return `Mcp-Param-${param.name} header value '${text}' does not match body value '${String(value)}'`;
      }
    }
    return undefined;
  }

  /** Several changes in one tick become one list_changed notification per list and connection. */
  private listChanged(kind: "tools" | "resources" | "prompts"): void {
    if (this.pendingListChanges.size === 0) {
      queueMicrotask(() => {
        const kinds = [...this.pendingListChanges];
        this.pendingListChanges.clear();
        for (const connection of this.connections) {
          if (!connection.isInitialized) continue;
          for (const changed of kinds) {
            connection.outbound.notify(`notifications/${changed}/list_changed`).catch(() => {
              // A connection that closed meanwhile; its close handler removes it.
            });
          }
        }
        for (const listener of this.listeners) {
          for (const changed of kinds) {
            if (listener.filter[`${changed}ListChanged`]) listener.send(`notifications/${changed}/list_changed`);
          }
        }
      });
    }
    this.pendingListChanges.add(kind);
  }

  private handle<T extends { enabled: boolean }>(
    map: Map<string, T>,
    key: string,
    entry: T,
    kind: "tools" | "resources" | "prompts",
  ): RegisteredItem {
    return {
      enable: () => {
        if (!entry.enabled) {
          entry.enabled = true;
          this.listChanged(kind);
        }
      },
      disable: () => {
        if (entry.enabled) {
          entry.enabled = false;
          this.listChanged(kind);
        }
      },
      remove: () => {
        if (map.get(key) === entry) {
          map.delete(key);
          this.listChanged(kind);
        }
      },
    };
  }

  /** A resource at a fixed URI. */
  registerResource(name: string, uri: string, metadata: ResourceMetadata, read: ResourceReader): RegisteredItem {
    if (this.resources.has(uri)) throw new Error(`a resource at ${uri} is already registered`);
    const { cache, ...listed } = metadata;
    const entry: ResourceEntry = { definition: { ...listed, name, uri }, read, enabled: true, cache };
    this.resources.set(uri, entry);
    this.listChanged("resources");
    return this.handle(this.resources, uri, entry, "resources");
  }

  /** A family of resources addressed by an RFC 6570 template. */
  registerResourceTemplate(
    name: string,
    uriTemplate: string,
    config: ResourceTemplateConfig,
    read: TemplateReader,
  ): RegisteredItem {
    if (this.templates.has(name))
      throw new Error(`a resource template named ${JSON.stringify(name)} is already registered`);
    const { list: _list, complete: _complete, cache: _cache, ...metadata } = config;
    const entry: TemplateEntry = {
      definition: { ...metadata, name, uriTemplate },
      template: new UriTemplate(uriTemplate),
      config,
      read,
      enabled: true,
    };
    this.templates.set(name, entry);
    this.listChanged("resources");
    return this.handle(this.templates, name, entry, "resources");
  }

  registerPrompt(name: string, config: PromptConfig, handler: PromptHandler): RegisteredItem {
    if (this.prompts.has(name)) throw new Error(`a prompt named ${JSON.stringify(name)} is already registered`);
    const definition: Model.Prompt = { name };
    if (config.title !== undefined) definition.title = config.title;
    if (config.description !== undefined) definition.description = config.description;
    if (config.icons !== undefined) definition.icons = config.icons;
    if (config.arguments) {
      definition.arguments = Object.entries(config.arguments).map(([argument, spec]) => {
        const out: Model.PromptArgument = { name: argument };
        if (spec.description !== undefined) out.description = spec.description;
        if (spec.required !== undefined) out.required = spec.required;
        return out;
      });
    }
    const entry: PromptEntry = { definition, config, handler, enabled: true };
    this.prompts.set(name, entry);
    this.listChanged("prompts");
    return this.handle(this.prompts, name, entry, "prompts");
  }

  /** Tells the clients subscribed to `uri` (and only them) that it changed. */
  async sendResourceUpdated(uri: string): Promise<void> {
    const sends: Promise<void>[] = [];
    for (const [connection, uris] of this.subscriptions) {
      if (uris.has(uri) && this.connections.has(connection)) {
        sends.push(connection.outbound.notify("notifications/resources/updated", { uri }).catch(() => {}));
      }
    }
    for (const listener of this.listeners) {
      if (listener.filter.resourceSubscriptions?.includes(uri))
        listener.send("notifications/resources/updated", { uri });
    }
    await Promise.all(sends);
  }

  private async listResources(params: Params | undefined): Promise<Params> {
    const fixed = [...this.resources.values()].filter((entry) => entry.enabled).map((entry) => entry.definition);
    const listed: Model.Resource[] = [...fixed];
    for (const entry of this.templates.values()) {
      if (entry.enabled && entry.config.list) listed.push(...(await entry.config.list()));
    }
    const page = paginate("resources", listed, params?.cursor, this.pageSize);
    return withCursor({ resources: page.items }, page.nextCursor);
  }

  private listTemplates(params: Params | undefined): Params {
    const all = [...this.templates.values()].filter((entry) => entry.enabled).map((entry) => entry.definition);
    const page = paginate("resources/templates", all, params?.cursor, this.pageSize);
    return withCursor({ resourceTemplates: page.items }, page.nextCursor);
  }

  private async readResource(params: Params | undefined, context: RequestContext): Promise<Params> {
    const uri = String(params?.uri);
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: ${JSON.stringify(uri)} is not a URI`, { uri });
    }
    const fixed = this.resources.get(uri);
    if (fixed?.enabled)
      return withHint((await fixed.read(url, this.toolContext(context))) as unknown as Params, fixed.cache);
    for (const entry of this.templates.values()) {
      if (!entry.enabled) continue;
      const variables = entry.template.match(uri);
      if (variables) {
        const read = (await entry.read(url, variables, this.toolContext(context))) as unknown as Params;
        return withHint(read, entry.config.cache);
      }
    }
    // The spec's code for a resource that does not exist.
    throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
  }

  /**
   * 2026-07-28 `subscriptions/listen`: acknowledges the part of the filter this server honours
   * (first, before anything else on the stream), then delivers matching change notifications
   * tagged with the subscription id (the request's id) until the client cancels the request or
   * the server ends it gracefully with `endSubscriptions()`.
   */
  private async listen(params: Params | undefined, context: RequestContext): Promise<Params> {
    const requested = (params?.notifications ?? {}) as SubscriptionFilter;
    const capabilities = this.capabilities();
    const agreed: SubscriptionFilter = {};
    if (requested.toolsListChanged && capabilities.tools?.listChanged) agreed.toolsListChanged = true;
    if (requested.promptsListChanged && capabilities.prompts?.listChanged) agreed.promptsListChanged = true;
    if (requested.resourcesListChanged && capabilities.resources?.listChanged) agreed.resourcesListChanged = true;
    if (requested.resourceSubscriptions && capabilities.resources?.subscribe) {
      agreed.resourceSubscriptions = [...requested.resourceSubscriptions];
    }
    const meta = { [EnvelopeKey.subscriptionId]: context.requestId };
    const channel = { relatedRequestId: context.requestId };
    const send = (method: string, extra?: Params) =>
      context.session.sendNotification(method, { ...extra, _meta: meta }, channel).catch(() => {
        // The stream is gone; the request's cancellation removes the listener.
      });
    await send("notifications/subscriptions/acknowledged", { notifications: agreed as Params });
    return await new Promise<Params>((resolve, reject) => {
      const signal = context.signal;
      const listener: Listener = {
        filter: agreed,
        send: (method, extra) => void send(method, extra),
        end: () => {
          this.listeners.delete(listener);
          resolve({ _meta: meta });
        },
      };
      if (signal.aborted) return reject(signal.reason);
      this.listeners.add(listener);
      signal.addEventListener(
        "abort",
        () => {
          this.listeners.delete(listener);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Ends every open `subscriptions/listen` stream gracefully (its request answered), e.g. at shutdown. */
  endSubscriptions(): void {
    for (const listener of [...this.listeners]) listener.end();
  }

  /** How many `subscriptions/listen` streams are open. */
  get subscriptionCount(): number {
    return this.listeners.size;
  }

  private subscribe(params: Params | undefined, context: RequestContext, on: boolean): Params {
    const uri = String(params?.uri);
    let uris = this.subscriptions.get(context.connection);
    if (!uris) {
      uris = new Set();
      this.subscriptions.set(context.connection, uris);
    }
    if (on) uris.add(uri);
    else uris.delete(uri);
    return {};
  }

  private listPrompts(params: Params | undefined): Params {
    const all = [...this.prompts.values()].filter((entry) => entry.enabled).map((entry) => entry.definition);
    const page = paginate("prompts", all, params?.cursor, this.pageSize);
    return withCursor({ prompts: page.items }, page.nextCursor);
  }

  private async getPrompt(params: Params | undefined, context: RequestContext): Promise<Params> {
    const name = String(params?.name);
    const prompt = this.prompts.get(name);
    if (!prompt?.enabled) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown prompt ${JSON.stringify(name)}`, { name });
    }
    const args = (params?.arguments ?? {}) as Record<string, string>;
    const missing = Object.entries(prompt.config.arguments ?? {})
      .filter(([argument, spec]) => spec.required && args[argument] === undefined)
      .map(([argument]) => argument);
    if (missing.length > 0) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: ${name} needs ${missing.join(", ")}`, {
        issues: missing.map((argument) => ({
          path: `/arguments/${argument}`,
          message: "is required",
          keyword: "required",
        })),
      });
    }
    return (await prompt.handler(args, this.toolContext(context))) as unknown as Params;
  }

  private async complete(params: Params | undefined): Promise<Params> {
    const ref = params?.ref as { type?: string; name?: string; uri?: string } | undefined;
    const argument = params?.argument as { name?: string; value?: string } | undefined;
    const context = (params?.context ?? {}) as { arguments?: Record<string, string> };
    let completer: Completer | undefined;
    if (ref?.type === "ref/prompt") {
      const prompt = this.prompts.get(String(ref.name));
      if (!prompt?.enabled) throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown prompt ${ref.name}`);
      completer = prompt.config.arguments?.[String(argument?.name)]?.complete;
    } else if (ref?.type === "ref/resource") {
      const template = [...this.templates.values()].find((entry) => entry.definition.uriTemplate === ref.uri);
      if (!template?.enabled)
        throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown template ${ref.uri}`);
      completer = template.config.complete?.[String(argument?.name)];
    }
    const values = completer ? await completer(String(argument?.value ?? ""), context) : [];
    // The spec caps a completion answer at 100 values.
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } };
  }

  private listTools(params: Params | undefined): Params {
    const enabled = [...this.tools.values()].filter((tool) => tool.enabled).map((tool) => tool.definition);
    const page = paginate("tools", enabled, params?.cursor, this.pageSize);
    return withCursor({ tools: page.items }, page.nextCursor);
  }

  private async callTool(params: Params | undefined, context: RequestContext): Promise<Params> {
    const name = String(params?.name);
    const tool = this.tools.get(name);
    if (!tool?.enabled) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown tool ${JSON.stringify(name)}`, { name });
    }
    const args = (params?.arguments ?? {}) as Record<string, unknown>;
    const issues = tool.input?.issues(args) ?? [];
    if (issues.length > 0) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid params: arguments of ${name} do not match its inputSchema:\n${issues
          .map((issue) => `  ${issue.path || "(root)"}: ${issue.message}`)
          .join("\n")}`,
        { tool: name, issues },
      );
    }
    const result = (await tool.handler(args as never, this.toolContext(context))) as Model.CallToolResult;
    return this.finishResult(tool, result, context.protocolVersion);
  }

  private finishResult(tool: ToolEntry, result: Model.CallToolResult, version: ProtocolVersion): Params {
    if (tool.output && !result.isError) {
      if (result.structuredContent === undefined) {
        throw new McpError(
          ErrorCode.InternalError,
          `Internal error: ${tool.name} declares an outputSchema but returned no structuredContent`,
        );
      }
      const issues = tool.output.issues(result.structuredContent);
      if (issues.length > 0) {
        throw new McpError(
          ErrorCode.InternalError,
          `Internal error: ${tool.name} returned structuredContent that does not match its outputSchema`,
          {
            tool: tool.name,
            issues,
          },
        );
      }
    }
    if (result.structuredContent !== undefined && version < STRUCTURED_CONTENT_SINCE) {
      // The kernel drops structuredContent for these versions; keep its information as text.
      const text = JSON.stringify(result.structuredContent);
      const mirrored = result.content.some((block) => block.type === "text" && block.text === text);
      if (!mirrored) return { ...result, content: [...result.content, { type: "text", text }] } as unknown as Params;
    }
    return result as unknown as Params;
  }

  private toolContext(context: RequestContext): ToolContext {
    const scoped = { relatedRequestId: context.requestId };
    // Request-scoped by default: what a handler sends travels with its request.
    const session = new ServerSession(context.connection, context.dispatch, true, context.round);
    return {
      session,
      requestId: context.requestId,
      get signal() {
        return context.signal;
      },
      protocolVersion: context.protocolVersion,
      reportProgress: (progress, total, message) => session.reportProgress(progress, total, message),
      log: (level, data, logger) =>
        session.sendLogMessage(logger === undefined ? { level, data } : { level, data, logger }, scoped),
      createMessage: (params, options) => session.createMessage(params, { ...options, ...scoped }),
      elicitForm: (params, options) => session.elicitForm(params, { ...options, ...scoped }),
      listRoots: (options) => session.listRoots({ ...options, ...scoped }),
      ...(context.extra?.closeSseStream ? { closeSseStream: context.extra.closeSseStream } : {}),
      ...(context.round ? { inputRound: context.round } : {}),
    };
  }
}

/** A read's own caching hints win; otherwise the resource's (the kernel fills in the server's after that). */
function withHint(result: Params, hint: CacheHint | undefined): Params {
  if (!hint) return result;
  return { ttlMs: hint.ttlMs, cacheScope: hint.cacheScope, ...result };
}

function withCursor(result: Params, nextCursor: string | undefined): Params {
  if (nextCursor !== undefined) result.nextCursor = nextCursor;
  return result;
}
