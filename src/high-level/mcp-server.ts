/**
 * McpServer: the high-level server. This first slice covers tools: registration with plain JSON
 * Schema (compiled once, at registration), argument validation before the handler runs, output
 * validation of structured content, server-side pagination of tools/list, list_changed
 * notifications coalesced per tick, and a request-scoped handler context.
 */
import { ErrorCode, McpError } from "../errors.js";
import { type CompiledSchema, compileJsonSchema, type JsonSchemaObject } from "../json-schema/compile.js";
import type { InferSchema } from "../json-schema/infer.js";
import type { Params } from "../jsonrpc/dispatcher.js";
import type * as Model from "../model.js";
import type { ProtocolVersion } from "../protocol-versions.js";
import type { Connection, LoggingLevel } from "../server/connection.js";
import type { RequestContext, ServerConnection } from "../server/runner.js";
import { ServerRunner } from "../server/runner.js";
import type { ServerSession } from "../server/server-session.js";
import type { Transport } from "../transport/transport.js";
import { paginate } from "./pagination.js";

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
  /** Request-scoped use needs `{ relatedRequestId: requestId }`; the helpers below add it for you. */
  session: ServerSession;
  requestId: RequestContext["requestId"];
  signal: AbortSignal;
  protocolVersion: ProtocolVersion;
  reportProgress(progress: number, total?: number, message?: string): Promise<void>;
  log(level: LoggingLevel, data: unknown, logger?: string): Promise<void>;
  createMessage(params: Model.CreateMessageRequestParams): Promise<Model.CreateMessageResult>;
  elicitForm(params: Omit<Model.ElicitRequestFormParams, "mode">): Promise<Model.ElicitResult>;
  listRoots(): Promise<Model.ListRootsResult>;
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
}

export interface RegisteredTool {
  readonly name: string;
  enable(): void;
  disable(): void;
  remove(): void;
}

export interface McpServerOptions {
  instructions?: string;
  /** Items per page of tools/list (default 100). */
  pageSize?: number;
  protocolVersions?: readonly ProtocolVersion[];
}

/** Versions before 2025-06-18 have no structuredContent: it is mirrored as text for them. */
const STRUCTURED_CONTENT_SINCE: ProtocolVersion = "2025-06-18";

export class McpServer {
  readonly runner: ServerRunner;
  private readonly tools = new Map<string, ToolEntry>();
  private readonly connections = new Set<Connection>();
  private readonly pageSize: number;
  private toolsChangedPending = false;

  constructor(
    readonly serverInfo: Model.Implementation,
    readonly options: McpServerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1) throw new Error("pageSize must be a positive integer");
    this.runner = new ServerRunner({
      serverInfo,
      capabilities: { tools: { listChanged: true }, logging: {} },
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
      ...(options.protocolVersions ? { protocolVersions: options.protocolVersions } : {}),
    })
      .setRequestHandler("tools/list", (params) => this.listTools(params))
      .setRequestHandler("tools/call", (params, context) => this.callTool(params, context));
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
    const entry: ToolEntry = {
      name,
      definition,
      // Compiled here, once: never per tools/list or per call.
      input: compileJsonSchema(inputSchema),
      output: config.outputSchema ? compileJsonSchema(config.outputSchema) : undefined,
      handler: handler as ToolEntry["handler"],
      enabled: true,
    };
    this.tools.set(name, entry);
    this.toolsChanged();
    return {
      name,
      enable: () => this.setEnabled(entry, true),
      disable: () => this.setEnabled(entry, false),
      remove: () => {
        if (this.tools.get(name) === entry) {
          this.tools.delete(name);
          this.toolsChanged();
        }
      },
    };
  }

  async connect(transport: Transport): Promise<ServerConnection> {
    const connected = await this.runner.connect(transport);
    this.connections.add(connected.connection);
    connected.closed.then(() => this.connections.delete(connected.connection));
    return connected;
  }

  private setEnabled(entry: ToolEntry, enabled: boolean): void {
    if (entry.enabled === enabled) return;
    entry.enabled = enabled;
    this.toolsChanged();
  }

  /** Several changes in one tick become one notifications/tools/list_changed per connection. */
  private toolsChanged(): void {
    if (this.toolsChangedPending) return;
    this.toolsChangedPending = true;
    queueMicrotask(() => {
      this.toolsChangedPending = false;
      for (const connection of this.connections) {
        if (!connection.isInitialized) continue;
        connection.outbound.notify("notifications/tools/list_changed").catch(() => {
          // A connection that closed meanwhile; its close handler removes it.
        });
      }
    });
  }

  private listTools(params: Params | undefined): Params {
    const enabled = [...this.tools.values()].filter((tool) => tool.enabled).map((tool) => tool.definition);
    const page = paginate("tools", enabled, params?.cursor, this.pageSize);
    return page.nextCursor === undefined ? { tools: page.items } : { tools: page.items, nextCursor: page.nextCursor };
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
    const { session } = context;
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
      createMessage: (params) => session.createMessage(params, scoped),
      elicitForm: (params) => session.elicitForm(params, scoped),
      listRoots: () => session.listRoots(scoped),
    };
  }
}
