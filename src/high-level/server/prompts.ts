/** Prompts: templates of messages with named string arguments, required ones checked before the handler runs. */

import type { Params } from "../../jsonrpc/outbound.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import type * as Model from "../../protocol/model.js";
import type { RequestContext } from "../../server/runner.js";
import { paginate, withCursor } from "../pagination.js";
import type { Completer } from "./completions.js";
import { handlerContext, type ToolContext } from "./handler-context.js";
import { type RegisteredItem, RegistryFeature } from "./registry.js";

export interface PromptArgumentConfig {
  description?: string;
  required?: boolean;
  complete?: Completer;
}

/** A prompt's description and arguments. */
export interface PromptConfig {
  title?: string;
  description?: string;
  icons?: Model.Icon[];
  arguments?: Record<string, PromptArgumentConfig>;
}

/** Builds a prompt's messages from its arguments. */
export type PromptHandler = (
  args: Record<string, string>,
  context: ToolContext,
) => Model.GetPromptResult | Promise<Model.GetPromptResult>;

interface PromptEntry {
  definition: Model.Prompt;
  config: PromptConfig;
  handler: PromptHandler;
  enabled: boolean;
}

export class Prompts extends RegistryFeature<PromptEntry> {
  register(name: string, config: PromptConfig, handler: PromptHandler): RegisteredItem {
    if (this.registry.has(name)) throw new Error(`a prompt named ${JSON.stringify(name)} is already registered`);
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
    return this.registry.add(name, { definition, config, handler, enabled: true });
  }

  list(params: Params | undefined): Params {
    const page = paginate("prompts", this.registry.listed(), params?.cursor, this.pageSize);
    return withCursor({ prompts: page.items }, page.nextCursor);
  }

  async get(params: Params | undefined, context: RequestContext): Promise<Params> {
    const name = String(params?.name);
    const prompt = this.registry.named(name, "prompt");
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
    return (await prompt.handler(args, handlerContext(context))) as unknown as Params;
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
