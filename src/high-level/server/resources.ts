/**
 * Resources: fixed ones at a URI, and families addressed by an RFC 6570 template. resources/list
 * shows the fixed resources, then whatever each template enumerates; resources/read tries the
 * fixed URI first, then the templates in registration order.
 */

import type { Params } from "../../jsonrpc/outbound.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import type * as Model from "../../protocol/model.js";
import type { RequestContext } from "../../server/runner.js";
import { paginate, withCursor } from "../pagination.js";
import { UriTemplate, type Variables } from "../uri-template.js";
import type { Completer } from "./completions.js";
import { handlerContext, type ToolContext } from "./handler-context.js";
import type { CacheHint } from "./options.js";
import { Registry, type UpdatableItem } from "./registry.js";
import { requireScopes } from "./scopes.js";

/** What `resources/list` says of a resource besides its URI and name. */
export type ResourceMetadata = Omit<Model.Resource, "uri" | "name"> & {
  /** Stateless-lifecycle caching hints for this resource's reads (default: the server's resources/read hint). */
  cache?: CacheHint;
  /** OAuth scopes a caller's token must grant to read it (see ToolConfig.scopes). */
  scopes?: readonly string[];
};

/** A registered fixed resource: enable, disable, remove, or update its metadata and reader. */
export type RegisteredResource = UpdatableItem<ResourceMetadata & { name: string }, ResourceReader>;

/**
 * A registered resource template: enable, disable, remove, or update its URI template, metadata,
 * enumeration, completions or reader (`update({ uriTemplate, description, list, callback, ... })`).
 */
export type RegisteredResourceTemplate = UpdatableItem<
  ResourceTemplateConfig & { uriTemplate: string },
  TemplateReader
>;

/** Reads a fixed resource. */
export type ResourceReader = (
  uri: URL,
  context: ToolContext,
) => Model.ReadResourceResult | Promise<Model.ReadResourceResult>;

/** Reads a resource matched by a URI template, with the template's variables. */
export type TemplateReader = (
  uri: URL,
  variables: Variables,
  context: ToolContext,
) => Model.ReadResourceResult | Promise<Model.ReadResourceResult>;

/** A resource template's metadata, how to list its resources, and how to complete its variables. */
export interface ResourceTemplateConfig extends Omit<Model.ResourceTemplate, "uriTemplate" | "name"> {
  /** Lists the concrete resources the template stands for, if enumerable. */
  list?: () => Model.Resource[] | Promise<Model.Resource[]>;
  /** Completions for the template's variables. */
  complete?: Record<string, Completer>;
  /** Stateless-lifecycle caching hints for reads of the template's resources (default: the server's). */
  cache?: CacheHint;
  /** OAuth scopes a caller's token must grant to read its resources (see ToolConfig.scopes). */
  scopes?: readonly string[];
}

interface ResourceEntry {
  definition: Model.Resource;
  read: ResourceReader;
  enabled: boolean;
  cache: CacheHint | undefined;
  scopes: readonly string[];
}

interface TemplateEntry {
  definition: Model.ResourceTemplate;
  template: UriTemplate;
  config: ResourceTemplateConfig;
  read: TemplateReader;
  enabled: boolean;
}

export class Resources {
  /** Fixed resources by URI. */
  private readonly fixed: Registry<ResourceEntry>;
  /** Templates by name. */
  private readonly templates: Registry<TemplateEntry>;

  /** `changed` hears of every change to resources/list and resources/templates/list. */
  constructor(
    private readonly pageSize: number,
    changed: () => void,
  ) {
    this.fixed = new Registry(changed);
    this.templates = new Registry(changed);
  }

  /** Every registered resource and template, disabled ones included. */
  get size(): number {
    return this.fixed.size + this.templates.size;
  }

  registerResource(name: string, uri: string, metadata: ResourceMetadata, read: ResourceReader): RegisteredResource {
    if (this.fixed.has(uri)) throw new Error(`a resource at ${uri} is already registered`);
    return this.fixed.addUpdatable(uri, { ...metadata, name }, read, ({ cache, scopes, ...listed }, reader) => ({
      definition: { ...listed, uri },
      read: reader,
      enabled: true,
      cache,
      scopes: scopes ?? [],
    }));
  }

  registerTemplate(
    name: string,
    uriTemplate: string,
    config: ResourceTemplateConfig,
    read: TemplateReader,
  ): RegisteredResourceTemplate {
    if (this.templates.has(name))
      throw new Error(`a resource template named ${JSON.stringify(name)} is already registered`);
    return this.templates.addUpdatable(name, { ...config, uriTemplate }, read, (changed, reader) => {
      const {
        list: _list,
        complete: _complete,
        cache: _cache,
        scopes: _scopes,
        uriTemplate: template,
        ...metadata
      } = changed;
      return {
        definition: { ...metadata, name, uriTemplate: template },
        template: new UriTemplate(template),
        config: changed,
        read: reader,
        enabled: true,
      };
    });
  }

  async list(params: Params | undefined): Promise<Params> {
    const listed: Model.Resource[] = this.fixed.listed();
    for (const entry of this.templates.values()) {
      if (entry.enabled && entry.config.list) listed.push(...(await entry.config.list()));
    }
    const page = paginate("resources", listed, params?.cursor, this.pageSize);
    return withCursor({ resources: page.items }, page.nextCursor);
  }

  listTemplates(params: Params | undefined): Params {
    const page = paginate("resources/templates", this.templates.listed(), params?.cursor, this.pageSize);
    return withCursor({ resourceTemplates: page.items }, page.nextCursor);
  }

  async read(params: Params | undefined, context: RequestContext): Promise<Params> {
    const uri = String(params?.uri);
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: ${JSON.stringify(uri)} is not a URI`, { uri });
    }
    const fixed = this.fixed.get(uri);
    if (fixed?.enabled) {
      requireScopes(fixed.scopes, context, `resource ${uri}`);
      return withHint((await fixed.read(url, handlerContext(context))) as unknown as Params, fixed.cache);
    }
    for (const entry of this.templates.values()) {
      if (!entry.enabled) continue;
      const variables = entry.template.match(uri);
      if (variables) {
        requireScopes(entry.config.scopes ?? [], context, `resource ${uri}`);
        const read = (await entry.read(url, variables, handlerContext(context))) as unknown as Params;
        return withHint(read, entry.config.cache);
      }
    }
    throw new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
  }

  /** The scopes reading `uri` needs (the fixed resource's, else the first matching template's); undefined when none matches. */
  scopesOf(uri: unknown): readonly string[] | undefined {
    const key = String(uri);
    const fixed = this.fixed.get(key);
    if (fixed?.enabled) return fixed.scopes;
    for (const entry of this.templates.values()) {
      if (entry.enabled && entry.template.match(key)) return entry.config.scopes ?? [];
    }
    return undefined;
  }

  /** Whether any template, enabled or not, completes its variables (the completions capability). */
  offersCompletions(): boolean {
    for (const entry of this.templates.values()) {
      if (entry.config.complete && Object.keys(entry.config.complete).length > 0) return true;
    }
    return false;
  }

  /**
   * The completer of a template's variable; the first template registered with that URI template
   * answers for it, and a disabled one is unknown.
   */
  variableCompleter(uriTemplate: string | undefined, variable: string): Completer | undefined {
    let template: TemplateEntry | undefined;
    for (const entry of this.templates.values()) {
      if (entry.definition.uriTemplate === uriTemplate) {
        template = entry;
        break;
      }
    }
    if (!template?.enabled)
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown template ${uriTemplate}`);
    return template.config.complete?.[variable];
  }
}

/** A read's own caching hints win; otherwise the resource's (the kernel fills in the server's after that). */
function withHint(result: Params, hint: CacheHint | undefined): Params {
  if (!hint) return result;
  return { ttlMs: hint.ttlMs, cacheScope: hint.cacheScope, ...result };
}
