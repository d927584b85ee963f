/**
 * The skills a server serves (SEP-2640): each skill's files held in memory with their size and
 * SHA-256 digest, computed once when the skill is added, under the limits the server set. The
 * catalog answers `skills/list` (paginated, entries never split), `skills/get`, `resources/read` of
 * every skill file and `resources/directory/read` of every directory of the namespace; the
 * extension's server half puts these on the wire.
 */

import { ErrorCode, McpError } from "../../protocol/errors.js";
import type * as Model from "../../protocol/model.js";
import { sha256Digest, utf8Bytes } from "./digest.js";
import { InvalidSkillError, SkillLimitError } from "./errors.js";
import { FrontmatterError, parseSkillMarkdown, renderSkillMarkdown, type SkillFrontmatter } from "./frontmatter.js";
import { mimeTypeOf } from "./mime-types.js";
import { DEFAULT_SKILL_LIMITS, DIRECTORY_MIME_TYPE, type SkillEntry, type SkillLimits } from "./model.js";
import { isValidPath, SKILL_MANIFEST, SKILL_SCHEME, skillManifestUri } from "./skill-uri.js";

/** A skill given in code: where it sits, its SKILL.md, and its other files by path relative to the skill's root. */
export interface SkillDefinition {
  /**
   * `<skill-path>`: one or more `/`-separated segments, the last equal to the frontmatter `name`
   * (`git-workflow`, `acme/billing/refunds`).
   */
  path: string;
  /** SKILL.md as text, or its frontmatter and body (rendered as YAML for you). */
  skill: string | { frontmatter: SkillFrontmatter | Record<string, unknown>; body: string };
  /** The skill's other files, by path relative to its root (`references/FORMS.md`). */
  files?: Record<string, string | Uint8Array>;
  /** Whether `skills/list` shows the skill (default true); an unlisted skill is still served by `skills/get`. */
  listed?: boolean;
}

/** One file of a served skill. */
export interface SkillFile {
  /** The file's `skill://` URI. */
  uri: string;
  /** The file's path relative to its skill's root. */
  path: string;
  /** The file's raw bytes. */
  bytes: Uint8Array;
  /** The bytes as text when the file is UTF-8 text (served as `text`, otherwise as a base64 `blob`). */
  text: string | undefined;
  /** The file's media type, from its name. */
  mimeType: string;
  /** The SHA-256 digest of the bytes, as `sha256:<64 hex>`. */
  digest: string;
}

/** A skill the catalog serves. */
export interface ServedSkill {
  /** The skill's path (`acme/billing/refunds`). */
  path: string;
  /** The URI of its SKILL.md. */
  uri: string;
  /** Its parsed frontmatter. */
  frontmatter: SkillFrontmatter;
  /** Its files, SKILL.md included. */
  files: SkillFile[];
  /**
   * Whether `skills/list` shows it (an unlisted skill is still served by `skills/get` and `resources/read`).
   */
  listed: boolean;
  /** The entry `skills/list` and `skills/get` send for it. */
  entry: SkillEntry;
}

/** How a catalog is set up. */
export interface SkillCatalogOptions {
  /** The URI scheme of the skills (default `skill`). */
  scheme?: string;
  /** Overrides of the default limits (SEP-2640's 512 files and 16 MiB per skill; 1,000 skills). */
  limits?: Partial<SkillLimits>;
  /** Entries per `skills/list` page, and children per `resources/directory/read` page (default 50). */
  pageSize?: number;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The skills a server serves, with their files, digests and directories. */
export class SkillCatalog {
  /** The URI scheme of the skills (default `skill`). */
  readonly scheme: string;
  /** The limits in force: the defaults with the options' overrides. */
  readonly limits: SkillLimits;
  /** Entries per `skills/list` page and children per `resources/directory/read` page (default 50). */
  readonly pageSize: number;
  private readonly skills = new Map<string, ServedSkill>();
  private readonly filesByUri = new Map<string, SkillFile>();
  private directoryIndex: Map<string, Map<string, Model.Resource>> | undefined;
  /** Called after every change (the resources the server lists change with it). */
  onChange: (() => void) | undefined;

  /**
   * Creates an empty catalog. Throws when the scheme is not a URI scheme, or a limit or the page size is not
   * a positive integer.
   */
  constructor(options: SkillCatalogOptions = {}) {
    this.scheme = options.scheme ?? SKILL_SCHEME;
    if (!/^[a-z][a-z0-9+.-]*$/.test(this.scheme)) throw new Error(`${JSON.stringify(this.scheme)} is not a URI scheme`);
    this.limits = { ...DEFAULT_SKILL_LIMITS, ...options.limits };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`the skill limit ${name} must be a positive integer`);
    }
    this.pageSize = options.pageSize ?? 50;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1) throw new Error("pageSize must be a positive integer");
  }

  /** How many skills are served. */
  get size(): number {
    return this.skills.size;
  }

  /**
   * Adds a skill: parses its SKILL.md, checks its path, name and files, computes every file's size
   * and digest. Throws InvalidSkillError or SkillLimitError, and then serves nothing of it.
   */
  async add(definition: SkillDefinition): Promise<ServedSkill> {
    const { path } = definition;
    if (typeof path !== "string" || path === "" || !isValidPath(path))
      throw new InvalidSkillError(String(path), "the path must be /-separated URI path segments (no empty, . or ..)");
    if (this.skills.has(path)) throw new InvalidSkillError(path, "a skill at this path is already served");
    if (this.skills.size >= this.limits.maxSkills)
      throw new SkillLimitError(path, "maxSkills", this.skills.size + 1, this.limits.maxSkills);
    const markdown = manifestText(definition);
    let frontmatter: SkillFrontmatter;
    try {
      frontmatter = parseSkillMarkdown(markdown).frontmatter;
    } catch (error) {
      if (error instanceof FrontmatterError) throw new InvalidSkillError(path, error.message);
      throw error;
    }
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (frontmatter.name !== name)
      throw new InvalidSkillError(
        path,
        `the last path segment must equal the frontmatter name ${JSON.stringify(frontmatter.name)}`,
      );
    const sources: [string, string | Uint8Array][] = [[SKILL_MANIFEST, markdown]];
    for (const [file, content] of Object.entries(definition.files ?? {})) {
      if (file === SKILL_MANIFEST) throw new InvalidSkillError(path, "SKILL.md is given by `skill`, not among `files`");
      if (!isValidPath(file))
        throw new InvalidSkillError(path, `the file path ${JSON.stringify(file)} is not a path inside the skill`);
      if (typeof content !== "string" && !(content instanceof Uint8Array))
        throw new InvalidSkillError(path, `the file ${JSON.stringify(file)} is neither text nor bytes`);
      sources.push([file, content]);
    }
    if (sources.length > this.limits.maxResourcesPerSkill)
      throw new SkillLimitError(path, "maxResourcesPerSkill", sources.length, this.limits.maxResourcesPerSkill);
    const encoded = sources.map(
      ([file, content]) => [file, typeof content === "string" ? utf8Bytes(content) : content] as const,
    );
    const total = encoded.reduce((sum, [, bytes]) => sum + bytes.byteLength, 0);
    if (total > this.limits.maxSkillBytes)
      throw new SkillLimitError(path, "maxSkillBytes", total, this.limits.maxSkillBytes);
    const uri = skillManifestUri(path, this.scheme);
    const root = uri.slice(0, -SKILL_MANIFEST.length - 1);
    const files = await Promise.all(
      encoded.map(async ([file, bytes]): Promise<SkillFile> => {
        const mimeType = mimeTypeOf(file);
        return {
          uri: `${root}/${file}`,
          path: file,
          bytes,
          text: asText(bytes, mimeType),
          mimeType,
          digest: await sha256Digest(bytes),
        };
      }),
    );
    if (files[0]?.text === undefined) throw new InvalidSkillError(path, "SKILL.md is not UTF-8 text");
    for (const file of files) {
      const served = this.filesByUri.get(file.uri);
      // A nested skill's files are also its enclosing skill's: the same URI must hold the same bytes.
      if (served && served.digest !== file.digest)
        throw new InvalidSkillError(path, `${file.uri} is already served with other content`);
    }
    // Re-checked after the awaits: another add of the same path may have finished meanwhile.
    if (this.skills.has(path)) throw new InvalidSkillError(path, "a skill at this path is already served");
    const skill: ServedSkill = {
      path,
      uri,
      frontmatter,
      files,
      listed: definition.listed ?? true,
      entry: {
        uri,
        frontmatter,
        resources: files.map(({ uri, digest, bytes }) => ({ uri, digest, size: bytes.byteLength })),
      },
    };
    this.skills.set(path, skill);
    for (const file of files) this.filesByUri.set(file.uri, file);
    this.changed();
    return skill;
  }

  /** Stops serving the skill at `path` (its files too, unless another skill holds them). */
  remove(path: string): boolean {
    const skill = this.skills.get(path);
    if (!skill) return false;
    this.skills.delete(path);
    const stillServed = new Set([...this.skills.values()].flatMap((other) => other.files.map((file) => file.uri)));
    for (const file of skill.files) if (!stillServed.has(file.uri)) this.filesByUri.delete(file.uri);
    this.changed();
    return true;
  }

  /** Every served skill, in the order added. */
  all(): ServedSkill[] {
    return [...this.skills.values()];
  }

  /** Every served file, once each. */
  files(): SkillFile[] {
    return [...this.filesByUri.values()];
  }

  /** `skills/list`: a page of the listed skills' entries (an entry is never split across pages). */
  list(cursor: unknown): { skills: SkillEntry[]; nextCursor?: string } {
    const listed = [...this.skills.values()].filter((skill) => skill.listed).map((skill) => skill.entry);
    const { items, nextCursor } = page("skills", listed, cursor, this.pageSize);
    return nextCursor === undefined ? { skills: items } : { skills: items, nextCursor };
  }

  /** `skills/get`: the entry of the skill whose SKILL.md is at `uri`, listed or not; -32602 otherwise. */
  get(uri: unknown): { skill: SkillEntry } {
    const skill = typeof uri === "string" ? this.skillAt(uri) : undefined;
    if (!skill)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid params: ${JSON.stringify(uri)} is not a skill this server serves`,
        {
          uri,
        },
      );
    return { skill: skill.entry };
  }

  /** The served skill whose SKILL.md is at `uri`. */
  skillAt(uri: string): ServedSkill | undefined {
    const prefix = `${this.scheme}://`;
    if (!uri.startsWith(prefix) || !uri.endsWith(`/${SKILL_MANIFEST}`)) return undefined;
    return this.skills.get(uri.slice(prefix.length, -SKILL_MANIFEST.length - 1));
  }

  /** The served file at `uri`. */
  file(uri: string): SkillFile | undefined {
    return this.filesByUri.get(uri);
  }

  /** `resources/read` of a skill file: its text, or its bytes as base64. */
  read(uri: string): Model.ReadResourceResult | undefined {
    const file = this.filesByUri.get(uri);
    if (!file) return undefined;
    const contents =
      file.text === undefined
        ? { uri, mimeType: file.mimeType, blob: base64(file.bytes) }
        : { uri, mimeType: file.mimeType, text: file.text };
    return { contents: [contents] };
  }

  /** The resources/list entry of a served file (a SKILL.md is named and described from its frontmatter). */
  resourceOf(file: SkillFile): Model.Resource {
    const skill = file.path === SKILL_MANIFEST ? this.skillAt(file.uri) : undefined;
    return skill
      ? {
          uri: file.uri,
          name: skill.frontmatter.name,
          description: skill.frontmatter.description,
          mimeType: file.mimeType,
          size: file.bytes.byteLength,
        }
      : { uri: file.uri, name: file.path, mimeType: file.mimeType, size: file.bytes.byteLength };
  }

  /** Whether `uri` is a directory of the served namespace (a skill's root, a subdirectory, a path prefix). */
  isDirectory(uri: string): boolean {
    return this.directories().has(uri);
  }

  /** `resources/directory/read`: a page of the direct children of a directory; -32602 for anything else. */
  readDirectory(uri: unknown, cursor: unknown): { resources: Model.Resource[]; nextCursor?: string } {
    const children = typeof uri === "string" ? this.directories().get(uri) : undefined;
    if (!children)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid params: ${JSON.stringify(uri)} is not a directory this server serves`,
        {
          uri,
        },
      );
    const { items, nextCursor } = page(`directory:${uri}`, [...children.values()], cursor, this.pageSize);
    return nextCursor === undefined ? { resources: items } : { resources: items, nextCursor };
  }

  private directories(): Map<string, Map<string, Model.Resource>> {
    if (this.directoryIndex) return this.directoryIndex;
    const index = new Map<string, Map<string, Model.Resource>>();
    const prefix = `${this.scheme}://`;
    for (const file of [...this.filesByUri.values()].sort((a, b) => (a.uri < b.uri ? -1 : 1))) {
      const segments = file.uri.slice(prefix.length).split("/");
      let child: Model.Resource = { ...this.resourceOf(file), name: segments[segments.length - 1] as string };
      for (let depth = segments.length - 1; depth >= 1; depth--) {
        const directory = prefix + segments.slice(0, depth).join("/");
        const children = index.get(directory) ?? new Map<string, Model.Resource>();
        const known = children.has(child.uri);
        if (!known) children.set(child.uri, child);
        index.set(directory, children);
        if (known) break;
        child = { uri: directory, name: segments[depth - 1] as string, mimeType: DIRECTORY_MIME_TYPE };
      }
    }
    this.directoryIndex = index;
    return index;
  }

  private changed(): void {
    this.directoryIndex = undefined;
    this.onChange?.();
  }
}

function manifestText(definition: SkillDefinition): string {
  const { skill } = definition;
  if (typeof skill === "string") return skill;
  if (typeof skill !== "object" || skill === null || typeof skill.body !== "string")
    throw new InvalidSkillError(definition.path, "`skill` must be SKILL.md's text or { frontmatter, body }");
  try {
    return renderSkillMarkdown(skill.frontmatter, skill.body);
  } catch (error) {
    if (error instanceof FrontmatterError) throw new InvalidSkillError(definition.path, error.message);
    throw error;
  }
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|yaml|toml|javascript|x-sh|x-python)|image\/svg\+xml)/;

function asText(bytes: Uint8Array, mimeType: string): string | undefined {
  if (!TEXT_TYPES.test(mimeType)) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Opaque cursors naming the list and the offset of the next page; anything else is -32602. */
function page<T>(list: string, all: readonly T[], cursor: unknown, size: number): { items: T[]; nextCursor?: string } {
  let start = 0;
  if (cursor !== undefined && cursor !== null) {
    let decoded: unknown;
    try {
      decoded =
        typeof cursor === "string" ? JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/"))) : undefined;
    } catch {
      decoded = undefined;
    }
    const { l, o } = (decoded ?? {}) as { l?: unknown; o?: unknown };
    if (l !== list || typeof o !== "number" || !Number.isInteger(o) || o < 0 || o > all.length)
      throw new McpError(ErrorCode.InvalidParams, "Invalid params: invalid cursor", { cursor });
    start = o;
  }
  const end = Math.min(all.length, start + size);
  const items = all.slice(start, end);
  if (end >= all.length) return { items };
  const nextCursor = btoa(JSON.stringify({ l: list, o: end }))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
  return { items, nextCursor };
}
