/** Prompts: templates of messages with named string arguments, required ones checked before the handler runs. */

import {
  isRawShape,
  isStandardSchema,
  type RawShape,
  type RawShapeOutput,
  type StandardOutput,
  type StandardSchema,
  type UserSchema,
  userSchema,
} from "../../json-schema/standard-schema.js";
import type { Params } from "../../jsonrpc/outbound.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import type * as Model from "../../protocol/model.js";
import type { RequestContext } from "../../server/runner.js";
import { paginate, withCursor } from "../pagination.js";
import type { Completer } from "./completions.js";
import { handlerContext, type ToolContext } from "./handler-context.js";
import { RegistryFeature, type UpdatableItem } from "./registry.js";
import { requireScopes } from "./scopes.js";

/** One argument of a prompt, as `prompts/list` shows it. */
export interface PromptArgumentConfig {
  /** What the argument is for. */
  description?: string;
  /**
   * Whether `prompts/get` must give it (default false): a missing required argument is refused with -32602.
   */
  required?: boolean;
  /** Completions of the argument's value, for `completion/complete`. */
  complete?: Completer;
}

/**
 * The two forms of `argsSchema`: v1's raw shape (one Standard Schema per argument) or v2's single
 * Standard Schema of an object (`z.object({ ... })`).
 */
export type PromptArgsSchema = RawShape | StandardSchema;

/** A prompt's description and arguments. */
export interface PromptConfig<Args extends PromptArgsSchema | undefined = undefined> {
  /** A human-readable title for display. */
  title?: string;
  /** What the prompt is for. */
  description?: string;
  /** Icons for display. */
  icons?: Model.Icon[];
  /** The prompt's arguments, by name, in the form `prompts/list` shows them (or give `argsSchema`). */
  arguments?: Record<string, PromptArgumentConfig>;
  /**
   * The official SDK's forms: one Standard Schema per argument (`{ city: z.string() }`, v1), or one
   * Standard Schema of an object (`z.object({ city: z.string() })`, v2). Arguments the schema does
   * not require are optional, and the handler gets the parsed values. Its properties' descriptions
   * are listed; `arguments` may still add a completer per argument.
   */
  argsSchema?: Args;
  /** OAuth scopes a caller's token must grant to get the prompt (see ToolConfig.scopes). */
  scopes?: readonly string[];
}

/** Builds a prompt's messages from its arguments. */
export type PromptHandler<Args extends PromptArgsSchema | undefined = undefined> = (
  args: Args extends StandardSchema
    ? StandardOutput<Args>
    : Args extends RawShape
      ? RawShapeOutput<Args>
      : Record<string, string>,
  context: ToolContext,
) => Model.GetPromptResult | Promise<Model.GetPromptResult>;

interface PromptEntry {
  definition: Model.Prompt;
  config: PromptConfig<PromptArgsSchema | undefined>;
  schema: UserSchema | undefined;
  handler: PromptHandler<PromptArgsSchema | undefined>;
  enabled: boolean;
}

export class Prompts extends RegistryFeature<PromptEntry> {
  register<Args extends PromptArgsSchema | undefined>(
    name: string,
    config: PromptConfig<Args>,
    handler: PromptHandler<Args>,
  ): UpdatableItem<PromptConfig<PromptArgsSchema | undefined>, PromptHandler<PromptArgsSchema | undefined>> {
    if (this.registry.has(name)) throw new Error(`a prompt named ${JSON.stringify(name)} is already registered`);
    return this.registry.addUpdatable(
      name,
      config as PromptConfig<PromptArgsSchema | undefined>,
      handler as PromptEntry["handler"],
      (next, nextHandler) => promptEntry(name, next, nextHandler),
    );
  }

  list(params: Params | undefined): Params {
    const page = paginate("prompts", this.registry.listed(), params?.cursor, this.pageSize);
    return withCursor({ prompts: page.items }, page.nextCursor);
  }

  async get(params: Params | undefined, context: RequestContext): Promise<Params> {
    const name = String(params?.name);
    const prompt = this.registry.named(name, "prompt");
    requireScopes(prompt.config.scopes ?? [], context, `prompt ${name}`);
    const args = (params?.arguments ?? {}) as Record<string, string>;
    if (prompt.schema) {
      const checked = await prompt.schema.check(args);
      if (checked.issues) {
        const issues = checked.issues.map((issue) => ({ ...issue, path: `/arguments${issue.path}` }));
        const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
        throw new McpError(ErrorCode.InvalidParams, `Invalid params: arguments of ${name}: ${listed}`, { issues });
      }
      return (await prompt.handler(checked.value as never, handlerContext(context))) as unknown as Params;
    }
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
    return (await prompt.handler(args, handlerContext(context))) as unknown as Params;
  }

  /** The scopes getting the prompt `name` needs; undefined for an unknown or disabled one. */
  scopesOf(name: unknown): readonly string[] | undefined {
    const prompt = this.registry.get(String(name));
    return prompt?.enabled ? (prompt.config.scopes ?? []) : undefined;
  }

  /** Whether any prompt, enabled or not, completes an argument (the completions capability). */
  offersCompletions(): boolean {
    for (const entry of this.registry.values()) {
      if (Object.values(entry.config.arguments ?? {}).some((argument) => argument.complete)) return true;
    }
    return false;
  }

  /** The completer of a prompt's argument; a prompt that is unknown or disabled is refused. */
  argumentCompleter(name: string | undefined, argument: string): Completer | undefined {
    const prompt = this.registry.get(String(name));
    if (!prompt?.enabled) throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown prompt ${name}`);
    return prompt.config.arguments?.[argument]?.complete;
  }
}

function promptEntry(
  name: string,
  config: PromptConfig<PromptArgsSchema | undefined>,
  handler: PromptEntry["handler"],
): PromptEntry {
  const schema = config.argsSchema === undefined ? undefined : argsSchemaOf(name, config.argsSchema);
  const definition: Model.Prompt = { name };
  if (config.title !== undefined) definition.title = config.title;
  if (config.description !== undefined) definition.description = config.description;
  if (config.icons !== undefined) definition.icons = config.icons;
  if (schema) definition.arguments = argumentsOf(schema, config.arguments);
  else if (config.arguments) {
    definition.arguments = Object.entries(config.arguments).map(([argument, spec]) => {
      const out: Model.PromptArgument = { name: argument };
      if (spec.description !== undefined) out.description = spec.description;
      if (spec.required !== undefined) out.required = spec.required;
      return out;
    });
  }
  return { definition, config, schema, handler, enabled: true };
}

function argsSchemaOf(prompt: string, given: PromptArgsSchema): UserSchema {
  if (!isRawShape(given) && !isStandardSchema(given)) {
    throw new Error(
      `prompt ${JSON.stringify(prompt)}: its argsSchema must hold one Standard Schema per argument, or be one Standard Schema of an object`,
    );
  }
  let schema: UserSchema;
  try {
    schema = userSchema(given, "input");
  } catch (error) {
    throw new Error(`prompt ${JSON.stringify(prompt)}: its argsSchema ${(error as Error).message}`);
  }
  const { type, properties } = schema.jsonSchema;
  if (type !== "object" || typeof properties !== "object" || properties === null) {
    throw new Error(`prompt ${JSON.stringify(prompt)}: its argsSchema must describe an object with properties`);
  }
  return schema;
}

/** The listed arguments of a raw shape: its properties, required unless their schema accepts undefined. */
function argumentsOf(
  schema: UserSchema,
  extra: Record<string, PromptArgumentConfig> | undefined,
): Model.PromptArgument[] {
  const properties = (schema.jsonSchema.properties ?? {}) as Record<string, { description?: unknown }>;
  const required = new Set((schema.jsonSchema.required ?? []) as string[]);
  return Object.entries(properties).map(([argument, property]) => {
    const out: Model.PromptArgument = { name: argument, required: required.has(argument) };
    const description = extra?.[argument]?.description ?? property.description;
    if (typeof description === "string") out.description = description;
    return out;
  });
}
