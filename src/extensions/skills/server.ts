/**
 * The skills extension's server half: a SkillCatalog's files become MCP resources of an McpServer
 * (through `registerResource`, kept in step as skills are added and removed), and its answers to
 * `skills/list`, `skills/get` and `resources/directory/read` become request handlers, carrying the
 * caching hints (`ttlMs`, `cacheScope`) in the protocol versions that define them (the stateless lifecycle).
 */

import type { McpServer } from "../../high-level/server/mcp-server.js";
import type { CacheHint } from "../../high-level/server/options.js";
import type { RegisteredResource } from "../../high-level/server/resources.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import { lifecycleOf, type ProtocolVersion } from "../../protocol/versions.js";
import type { ServerExtension } from "../../server/extensions.js";
import type { SkillCatalog } from "./catalog.js";
import { type ReadDirectoryResult, skillsExtension } from "./extension.js";
import type { GetSkillResult, ListSkillsResult, SkillsCapability } from "./model.js";

/** How skills are served. */
export interface SkillsServerOptions {
  /**
   * Caching hints of `skills/list` and `skills/get` results in the stateless lifecycle (default
   * `{ ttlMs: 0, cacheScope: "private" }`, as McpServer's lists: immediately stale, never shared).
   */
  cache?: CacheHint;
  /** Answer `resources/directory/read` for the directories of the skills (default true). */
  directoryRead?: boolean;
}

/** The request handlers of the extension's methods, over a catalog. */
export interface SkillHandlers {
  /** `skills/list`: a page of the listed skills. Throws -32602 for a cursor it did not issue. */
  "skills/list"(params: { cursor?: unknown } | undefined, protocolVersion: ProtocolVersion): ListSkillsResult;
  /** `skills/get`: the entry of the skill at `uri`. Throws -32602 when there is none. */
  "skills/get"(params: { uri?: unknown } | undefined, protocolVersion: ProtocolVersion): GetSkillResult;
  /**
   * `resources/directory/read`: a page of a directory's direct children. Throws -32602 for anything but a
   * directory.
   */
  "resources/directory/read"(params: { uri?: unknown; cursor?: unknown } | undefined): ReadDirectoryResult;
}

const DEFAULT_CACHE: CacheHint = { ttlMs: 0, cacheScope: "private" };

/** What the server declares under `capabilities.extensions["io.modelcontextprotocol/skills"]`. */
export function skillsCapability(options: SkillsServerOptions = {}): SkillsCapability {
  return options.directoryRead === false ? {} : { directoryRead: true };
}

/** The handlers answering the extension's methods from `catalog`. */
export function skillHandlers(catalog: SkillCatalog, options: SkillsServerOptions = {}): SkillHandlers {
  const cache = options.cache ?? DEFAULT_CACHE;
  const withCache = <Result extends object>(result: Result, version: ProtocolVersion): Result =>
    lifecycleOf(version) === "stateless" ? { ...result, ttlMs: cache.ttlMs, cacheScope: cache.cacheScope } : result;
  return {
    "skills/list": (params, version) => withCache(catalog.list(params?.cursor), version),
    "skills/get": (params, version) => withCache(catalog.get(params?.uri), version),
    "resources/directory/read": (params) => catalog.readDirectory(params?.uri, params?.cursor),
  };
}

/**
 * Serves every file of `catalog` as a resource of `server` (a SKILL.md named and described from its
 * frontmatter), now and whenever skills are added or removed. Returns a function that stops it and
 * removes the resources.
 */
export function serveSkillResources(server: McpServer, catalog: SkillCatalog): () => void {
  const registered = new Map<string, RegisteredResource>();
  const sync = () => {
    const files = new Map(catalog.files().map((file) => [file.uri, file]));
    for (const [uri, resource] of registered) {
      if (!files.has(uri)) {
        resource.remove();
        registered.delete(uri);
      }
    }
    for (const [uri, file] of files) {
      if (registered.has(uri)) continue;
      const { name, ...metadata } = catalog.resourceOf(file);
      registered.set(
        uri,
        server.registerResource(name, uri, metadata, () => {
          const read = catalog.read(uri);
          // Removed between the listing and the read: as unknown as any other resource.
          if (!read) throw new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
          return read;
        }),
      );
    }
  };
  const previous = catalog.onChange;
  catalog.onChange = () => {
    previous?.();
    sync();
  };
  sync();
  return () => {
    catalog.onChange = previous;
    for (const resource of registered.values()) resource.remove();
    registered.clear();
  };
}

/** Skills being served: the extension's handle, and how to stop serving them. */
export interface ServedSkills {
  /** The extension's handle on the server. */
  extension: ServerExtension<(typeof skillsExtension)["definition"]>;
  /** Removes the skill resources (the extension stays declared; its lists are then empty). */
  stop(): void;
}

/**
 * Serves `catalog` from `server`: registers the skills extension (declared inline under
 * `capabilities.extensions`, with `directoryRead: true` unless turned off), answers `skills/list`,
 * `skills/get` and `resources/directory/read` from the catalog, and serves every skill file as a
 * resource. Call it before connecting transports.
 *
 * ```ts
 * const catalog = new SkillCatalog();
 * await catalog.add({ path: "git-workflow", skill: { frontmatter: { name: "git-workflow", description: "..." }, body: "..." } });
 * serveSkills(server, catalog);
 * ```
 */
export function serveSkills(server: McpServer, catalog: SkillCatalog, options: SkillsServerOptions = {}): ServedSkills {
  const handlers = skillHandlers(catalog, options);
  const extension = server.registerExtension(skillsExtension, { settings: { ...skillsCapability(options) } });
  extension
    .setRequestHandler("skills/list", (params, context) => handlers["skills/list"](params, context.protocolVersion))
    .setRequestHandler("skills/get", (params, context) => handlers["skills/get"](params, context.protocolVersion));
  if (options.directoryRead !== false) {
    extension.setRequestHandler("resources/directory/read", (params) => handlers["resources/directory/read"](params));
  }
  const stop = serveSkillResources(server, catalog);
  return { extension, stop };
}
