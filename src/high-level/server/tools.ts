/**
 * Tools: plain JSON Schema compiled once at registration, arguments validated before the handler
 * runs, structured output checked against the outputSchema, tools/list paginated.
 */

import type { JsonSchemaObject } from "../../json-schema/compile.js";
import type { SchemaCheck, SchemaInput, SchemaOutput, UserSchema } from "../../json-schema/standard-schema.js";
import type { JsonRpcRequest } from "../../jsonrpc/messages.js";
import type { Params } from "../../jsonrpc/outbound.js";
import { ErrorCode, McpError, type SchemaIssue } from "../../protocol/errors.js";
import { hasFeature } from "../../protocol/features.js";
import { type MirroredParam, mirroredParams } from "../../protocol/mcp-headers.js";
import type * as Model from "../../protocol/model.js";
import type { ProtocolVersion } from "../../protocol/versions.js";
import type { RequestContext } from "../../server/runner.js";
import { paginate, withCursor } from "../pagination.js";
import { handlerContext, type ToolContext } from "./handler-context.js";
import { checkMcpParamHeaders } from "./mcp-param-headers.js";
import { type RegisteredItem, RegistryFeature } from "./registry.js";
import { requireScopes } from "./scopes.js";
import type { ServerTasks } from "./server-tasks.js";
import type { TaskSupport, TaskToolContext } from "./task-modes.js";
import { versionHasTasks } from "./task-modes.js";
import { checkToolDefinition, toolSchemas } from "./tool-schemas.js";

/** A tool's description and schemas; the handler's argument and result types are inferred from the schemas. */
export interface ToolConfig<Input extends SchemaInput | undefined, Output extends SchemaInput | undefined> {
  /** A human-readable title for display. */
  title?: string;
  /** What the tool does, for the model. */
  description?: string;
  /**
   * The arguments: plain JSON Schema (write it `as const` to type the handler's arguments), a
   * Standard Schema with a JSON Schema form (zod 4, arktype, valibot through `toStandardJsonSchema`),
   * or a raw shape of them (`{ city: z.string() }`). A library's schema parses the arguments: the
   * handler gets its output.
   */
  inputSchema?: Input;
  /** The same kinds of schema for `structuredContent`; when given, every successful result must carry matching structured content. */
  outputSchema?: Output;
  /** Fill in the `default`s of a JSON Schema's top-level properties before the handler runs (default false). */
  applyDefaults?: boolean;
  /** `"assert"` checks the `format`s of plain JSON Schemas (date-time, email, ipv6, ...); by default they are annotations. */
  formats?: "annotate" | "assert";
  /**
   * Hints about the tool's behaviour (read-only, destructive, idempotent, open world); clients must not rely
   * on them for security.
   */
  annotations?: Model.ToolAnnotations;
  /** Icons for display. */
  icons?: Model.Icon[];
  /** Metadata listed with the tool, as given. */
  _meta?: Record<string, unknown>;
  /**
   * OAuth scopes a caller's token must grant to call the tool. Over Streamable HTTP behind an auth
   * gate (`typed-mcp/auth`) a caller without them gets 403 `insufficient_scope` naming them (the
   * step-up challenge); elsewhere, a caller whose authInfo lacks them gets an error.
   */
  scopes?: readonly string[];
  /**
   * Running as a task (needs nothing else): `taskSupport` `"optional"` runs the call as a task
   * whenever the client can take one (the tasks extension declared; with core tasks, a call carrying
   * `task`), `"required"` refuses clients that cannot (-32021; -32601 with core tasks; under the
   * versions before tasks, the tool is not listed and a call gets -32601). The same
   * handler serves both eras. `startTask: "manual"` lets the handler gather input first (multi
   * round-trip requests) and start the task itself with `context.startTask()`.
   */
  execution?: { taskSupport?: TaskSupport; startTask?: "immediate" | "manual" };
}

/**
 * What a tool handler returns: a `CallToolResult` whose `structuredContent` has the output schema's type when
 * the tool has one.
 */
export type ToolResult<Output> = Omit<Model.CallToolResult, "structuredContent"> & {
  /** The structured result, typed by the tool's output schema when it has one. */
  structuredContent?: Output extends SchemaInput ? SchemaOutput<Output> : Model.CallToolResult["structuredContent"];
};

/** Runs a tool: gets the validated arguments and the request's context, returns the result. */
export type ToolHandler<Input, Output> = (
  args: Input extends SchemaInput ? SchemaOutput<Input> : Record<string, unknown>,
  context: ToolContext & Partial<TaskToolContext>,
) => ToolResult<Output> | Promise<ToolResult<Output>>;

/** A registered tool's handle: enable, disable, remove or update it (clients hear of it through list_changed). */
export interface RegisteredTool extends RegisteredItem {
  /** The tool's name. */
  readonly name: string;
  /**
   * Changes the tool in place, as the official SDK's `update()`: any of its config fields, its
   * handler as `callback`, and `enabled`. The new schemas are checked as at registration.
   */
  update(
    changes: ToolConfig<SchemaInput | undefined, SchemaInput | undefined> & {
      callback?: ToolHandler<never, never>;
      enabled?: boolean;
    },
  ): void;
}

interface ToolEntry {
  name: string;
  definition: Model.Tool;
  input: UserSchema;
  output: UserSchema | undefined;
  handler: ToolHandler<JsonSchemaObject | undefined, JsonSchemaObject | undefined>;
  enabled: boolean;
  /** Arguments mirrored into Mcp-Param-* headers over stateless-lifecycle Streamable HTTP (x-mcp-header). */
  mirrored: MirroredParam[];
  scopes: readonly string[];
  taskSupport: TaskSupport;
  startTaskAtOnce: boolean;
}

export class Tools extends RegistryFeature<ToolEntry> {
  /** `versions`: the protocol versions the server speaks, each of which must accept every tool's definition. */
  constructor(
    pageSize: number,
    changed: () => void,
    private readonly versions: () => readonly ProtocolVersion[],
    /** The server's tasks, made on first use (by the first tool that may run as one). */
    private readonly tasks: () => ServerTasks,
  ) {
    super(pageSize, changed);
  }

  register<Input extends SchemaInput | undefined, Output extends SchemaInput | undefined>(
    name: string,
    config: ToolConfig<Input, Output>,
    handler: ToolHandler<Input, Output>,
  ): RegisteredTool {
    if (this.registry.has(name)) throw new Error(`a tool named ${JSON.stringify(name)} is already registered`);
    const handle = this.registry.addUpdatable(
      name,
      config as ToolConfig<SchemaInput | undefined, SchemaInput | undefined>,
      handler as ToolEntry["handler"],
      (next, nextHandler) => this.entryOf(name, next, nextHandler),
    );
    return { name, ...handle, update: handle.update as RegisteredTool["update"] };
  }

  private entryOf(
    name: string,
    config: ToolConfig<SchemaInput | undefined, SchemaInput | undefined>,
    handler: ToolEntry["handler"],
  ): ToolEntry {
    const schemas = toolSchemas(name, config);
    const inputSchema = schemas.input.jsonSchema;
    const definition: Model.Tool = { name, inputSchema: inputSchema as Model.Tool["inputSchema"] };
    if (config.title !== undefined) definition.title = config.title;
    if (config.description !== undefined) definition.description = config.description;
    if (schemas.output) definition.outputSchema = schemas.output.jsonSchema as Model.Tool["outputSchema"];
    if (config.annotations !== undefined) definition.annotations = config.annotations;
    if (config.icons !== undefined) definition.icons = config.icons;
    if (config._meta !== undefined) definition._meta = config._meta;
    const taskSupport = config.execution?.taskSupport ?? "forbidden";
    if (taskSupport !== "forbidden") {
      definition.execution = { taskSupport };
      this.tasks();
    }
    const mirrored = mirroredParams(inputSchema);
    if (typeof mirrored === "string") throw new Error(`tool ${JSON.stringify(name)}: ${mirrored}`);
    checkToolDefinition(definition, this.versions());
    return {
      name,
      definition,
      mirrored,
      // Compiled here, once: never per tools/list or per call.
      input: schemas.input,
      output: schemas.output,
      handler,
      enabled: true,
      scopes: config.scopes ?? [],
      taskSupport,
      startTaskAtOnce: config.execution?.startTask !== "manual",
    };
  }

  /**
   * tools/list. Under a protocol version with no tasks at all (before the core tasks), a tool whose
   * `taskSupport` is `"required"` is left out: the client could never call it.
   */
  list(params: Params | undefined, version?: ProtocolVersion): Params {
    let tools = this.registry.listed();
    if (version !== undefined && !versionHasTasks(version)) {
      tools = tools.filter((tool) => tool.execution?.taskSupport !== "required");
    }
    const page = paginate("tools", tools, params?.cursor, this.pageSize);
    return withCursor({ tools: page.items }, page.nextCursor);
  }

  /**
   * Runs a tool. Synchronous as long as everything it goes through is (a JSON Schema input check, a
   * handler that returns its result, no output check that waits): no promise, no turn.
   */
  call(params: Params | undefined, context: RequestContext): Params | Promise<Params> {
    const name = String(params?.name);
    const tool = this.registry.named(name, "tool");
    requireScopes(tool.scopes, context, `tool ${name}`);
    const args = (params?.arguments ?? {}) as Record<string, unknown>;
    const checked = tool.input.check(args);
    return checked instanceof Promise
      ? checked.then((ready) => this.checked(tool, params, ready, context))
      : this.checked(tool, params, checked, context);
  }

  /** The call once its arguments were checked. */
  private checked(
    tool: ToolEntry,
    params: Params | undefined,
    checked: SchemaCheck,
    context: RequestContext,
  ): Params | Promise<Params> {
    if (checked.issues) {
      const issues = checked.issues;
      if (hasFeature(context.protocolVersion, "toolInputErrorsAsResults")) {
        // SEP-1303: a tool execution error the model reads, so that it can correct its call.
        return { content: [{ type: "text", text: argumentErrorText(tool.name, issues) }], isError: true };
      }
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid params: arguments of ${tool.name} do not match its inputSchema:\n${issues
          .map((issue) => `  ${issue.path || "(root)"}: ${issue.message}`)
          .join("\n")}`,
        { tool: tool.name, issues },
      );
    }
    const mode = tool.taskSupport === "forbidden" ? undefined : this.tasks().modeFor(tool.taskSupport, params, context);
    if (mode) {
      return this.tasks().run(mode, "tools/call", context, handlerContext(context), tool.startTaskAtOnce, async (ctx) =>
        finishResult(
          tool,
          (await tool.handler(checked.value as never, ctx)) as Model.CallToolResult,
          context.protocolVersion,
        ),
      );
    }
    const result = tool.handler(checked.value as never, handlerContext(context));
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === "function") {
      return Promise.resolve(result).then((value) =>
        finishResult(tool, value as Model.CallToolResult, context.protocolVersion),
      );
    }
    return finishResult(tool, result as Model.CallToolResult, context.protocolVersion);
  }

  /** The scopes calling the tool `name` needs; undefined for an unknown or disabled one. */
  scopesOf(name: unknown): readonly string[] | undefined {
    const tool = this.registry.get(String(name));
    return tool?.enabled ? tool.scopes : undefined;
  }

  /** The `Mcp-Param-*` headers of a tools/call against the arguments its tool mirrors (see checkMcpParamHeaders). */
  checkHeaders(request: JsonRpcRequest, headers: Headers): string | undefined {
    const tool = this.registry.get(String(request.params?.name));
    if (!tool || tool.mirrored.length === 0) return undefined;
    return checkMcpParamHeaders(tool.mirrored, request.params?.arguments, headers);
  }
}

/** What a model reads when its arguments were refused: each argument by name and what was wrong with it. */
function argumentErrorText(tool: string, issues: readonly SchemaIssue[]): string {
  const lines = issues.map((issue) => {
    const where = issue.path === "" ? "The arguments" : `Argument ${argumentName(issue.path)}`;
    return `- ${where} ${issue.message}.`;
  });
  return `Invalid arguments for tool ${JSON.stringify(tool)}:\n${lines.join("\n")}\nFix these and call the tool again.`;
}

/** A JSON pointer into the arguments as a model would write it: `/items/0/name` is `items[0].name`. */
function argumentName(pointer: string): string {
  let name = "";
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    name += /^(0|[1-9][0-9]*)$/.test(segment) && name !== "" ? `[${segment}]` : `${name === "" ? "" : "."}${segment}`;
  }
  return JSON.stringify(name);
}

/** The tool's result as the kernel gets it: checked against its outputSchema (which may wait), and kept readable by older versions. */
function finishResult(
  tool: ToolEntry,
  result: Model.CallToolResult,
  version: ProtocolVersion,
): Params | Promise<Params> {
  if (tool.output && !result.isError) {
    if (result.structuredContent === undefined) {
      throw new McpError(
        ErrorCode.InternalError,
        `Internal error: ${tool.name} declares an outputSchema but returned no structuredContent`,
      );
    }
    const checked = tool.output.check(result.structuredContent);
    if (checked instanceof Promise) return checked.then((ready) => withOutput(tool, result, ready, version));
    return withOutput(tool, result, checked, version);
  }
  return forVersion(result, version);
}

/** A result whose structuredContent was checked against the tool's outputSchema. */
function withOutput(
  tool: ToolEntry,
  result: Model.CallToolResult,
  checked: SchemaCheck,
  version: ProtocolVersion,
): Params {
  if (checked.issues) {
    const issues = checked.issues;
    throw new McpError(
      ErrorCode.InternalError,
      `Internal error: ${tool.name} returned structuredContent that does not match its outputSchema`,
      { tool: tool.name, issues },
    );
  }
  return forVersion(result, version);
}

function forVersion(result: Model.CallToolResult, version: ProtocolVersion): Params {
  if (result.structuredContent !== undefined && !hasFeature(version, "structuredContent")) {
    // The kernel drops structuredContent for these versions; keep its information as text.
    const text = JSON.stringify(result.structuredContent);
    const mirrored = result.content.some((block) => block.type === "text" && block.text === text);
    if (!mirrored) return { ...result, content: [...result.content, { type: "text", text }] } as unknown as Params;
  }
  return result as unknown as Params;
}
