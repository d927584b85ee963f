/**
 * The skills extension's client half (SEP-2640): list and get skill entries, and load a skill and
 * read its files only when asked (never ahead of need), verifying every byte against the entry the
 * client holds: the size, then the SHA-256 digest, and for SKILL.md its frontmatter field by field.
 * Anything that does not match is a SkillVerificationError and the content is not returned.
 */

import type { Client } from "../../high-level/client.js";
import { sha256Digest, utf8Bytes } from "./digest.js";
import { InvalidSkillEntryError, SkillsNotSupportedError, SkillVerificationError } from "./errors.js";
import { skillsExtension } from "./extension.js";
import { FrontmatterError, frontmatterDifferences, parseSkillMarkdown, type SkillFrontmatter } from "./frontmatter.js";
import {
  DEFAULT_SKILL_LIMITS,
  DIGEST_PATTERN,
  SKILLS_METHODS,
  type SkillEntry,
  type SkillLimits,
  type SkillResourceEntry,
} from "./model.js";
import { isWithinSkill, SKILL_NAME_PATTERN, skillFileUri, skillNameOf } from "./skill-uri.js";

/** One item of a `resources/read` result, as the skills client needs it. */
export interface ReadContent {
  /** The content's URI. */
  uri: string;
  /** The content's media type, when the server gave one. */
  mimeType?: string;
  /** The content as text, for a text content. */
  text?: string;
  /** The content as base64, for a binary content. */
  blob?: string;
}

/** What the skills client needs of a connected client: whether the server serves skills, requests, resource reads. */
export interface SkillsPeer {
  /** Whether the server declared the skills extension. */
  serverDeclaresSkills(): boolean;
  /** Sends one of the extension's requests and resolves with its result. */
  request(method: string, params: Record<string, unknown>): Promise<unknown>;
  /** `resources/read`. */
  readResource(params: { uri: string }): Promise<{ contents: readonly ReadContent[] }>;
}

/** Options of a SkillsClient. */
export interface SkillsClientOptions {
  /**
   * Load skills whose entry publishes no digests (`resources: "dynamic"`): their SKILL.md frontmatter is
   * still compared, but nothing can be checked against a digest (default false: such a load is refused).
   */
  allowDynamic?: boolean;
  /** Entries over these limits are refused (default SEP-2640's: 512 files, 16 MiB per skill). */
  limits?: Partial<Pick<SkillLimits, "maxResourcesPerSkill" | "maxSkillBytes">>;
}

/** A file of a loaded skill, verified against the skill's entry. */
export interface VerifiedSkillFile {
  /** The file's URI. */
  uri: string;
  /** The file's bytes, verified against the entry's size and digest. */
  bytes: Uint8Array;
  /** The content as the server sent it when it sent text. */
  text: string | undefined;
  /** The media type the server sent, if any. */
  mimeType: string | undefined;
}

/** Lists, gets and loads a server's skills. */
export class SkillsClient {
  private readonly limits: Pick<SkillLimits, "maxResourcesPerSkill" | "maxSkillBytes">;
  /** Verified bytes by URI and digest: a file whose digest still matches is not fetched again. */
  private readonly cache = new Map<string, VerifiedSkillFile>();

  /** Creates the client over a peer (a Client or ClientSession adapter); nothing is sent until asked. */
  constructor(
    /** How requests reach the server. */
    readonly peer: SkillsPeer,
    /** The options the client was created with (limits, dynamic skills). */
    readonly options: SkillsClientOptions = {},
  ) {
    this.limits = { ...DEFAULT_SKILL_LIMITS, ...options.limits };
  }

  /** Whether the server declared the skills extension. */
  get supported(): boolean {
    return this.peer.serverDeclaresSkills();
  }

  /** One page of `skills/list`, every entry checked. */
  async listSkillsPage(cursor?: string): Promise<{ skills: SkillEntry[]; nextCursor?: string }> {
    this.requireSupport();
    const result = asObject(await this.peer.request(SKILLS_METHODS.list, cursor === undefined ? {} : { cursor }));
    if (!Array.isArray(result.skills))
      throw new InvalidSkillEntryError("skills/list", ["result.skills is not an array"]);
    const skills = result.skills.map((entry, index) => this.checkEntry(entry, `skills[${index}]`));
    const next = result.nextCursor;
    if (next !== undefined && (typeof next !== "string" || next === ""))
      throw new InvalidSkillEntryError("skills/list", ["nextCursor is not a non-empty string"]);
    return next === undefined ? { skills } : { skills, nextCursor: next };
  }

  /** Every entry of `skills/list`, all pages (a repeated cursor ends the walk with an error). */
  async listSkills(): Promise<SkillEntry[]> {
    const entries: SkillEntry[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.listSkillsPage(cursor);
      entries.push(...page.skills);
      cursor = page.nextCursor;
      if (cursor !== undefined) {
        if (seen.has(cursor)) throw new InvalidSkillEntryError("skills/list", ["the server repeated a cursor"]);
        seen.add(cursor);
      }
    } while (cursor !== undefined);
    return entries;
  }

  /** `skills/get`: the entry of the skill whose SKILL.md is at `uri`, listed or not. */
  async getSkill(uri: string): Promise<SkillEntry> {
    this.requireSupport();
    const result = asObject(await this.peer.request(SKILLS_METHODS.get, { uri }));
    const entry = this.checkEntry(result.skill, uri);
    if (entry.uri !== uri) throw new InvalidSkillEntryError(uri, [`skills/get answered for ${entry.uri}`]);
    return entry;
  }

  /**
   * Loads a skill: fetches its SKILL.md (now, not before) and verifies it against `entry` (a URI is
   * first turned into an entry with `skills/get`). Its other files are read, and verified, when
   * LoadedSkill.readFile asks for them.
   */
  async loadSkill(entryOrUri: SkillEntry | string): Promise<LoadedSkill> {
    const entry =
      typeof entryOrUri === "string" ? await this.getSkill(entryOrUri) : this.checkEntry(entryOrUri, "entry");
    if (entry.resources === "dynamic" && !this.options.allowDynamic)
      throw new SkillVerificationError(
        entry.uri,
        "unverifiable",
        'the entry publishes no digests (resources: "dynamic")',
      );
    const manifest = await this.fetchVerified(entry, entry.uri);
    let markdown: string;
    try {
      markdown = new TextDecoder("utf-8", { fatal: true }).decode(manifest.bytes);
    } catch {
      throw new SkillVerificationError(entry.uri, "frontmatter", "SKILL.md is not UTF-8 text");
    }
    let parsed: { frontmatter: SkillFrontmatter; body: string };
    try {
      parsed = parseSkillMarkdown(markdown);
    } catch (error) {
      if (error instanceof FrontmatterError) throw new SkillVerificationError(entry.uri, "frontmatter", error.message);
      throw error;
    }
    const differences = frontmatterDifferences(parsed.frontmatter, entry.frontmatter);
    if (differences.length > 0) {
      this.forget(entry.uri);
      throw new SkillVerificationError(
        entry.uri,
        "frontmatter",
        `SKILL.md's frontmatter differs from the entry's in ${differences.map((key) => JSON.stringify(key)).join(", ")}`,
      );
    }
    return new LoadedSkill(this, entry, markdown, parsed.body);
  }

  /** Reads `uri` and verifies it against `entry` (size, then digest), from the cache when its digest still matches. */
  async fetchVerified(entry: SkillEntry, uri: string): Promise<VerifiedSkillFile> {
    let listed: SkillResourceEntry | undefined;
    if (entry.resources === "dynamic") {
      if (!this.options.allowDynamic)
        throw new SkillVerificationError(uri, "unverifiable", 'the entry publishes no digests (resources: "dynamic")');
      if (!isWithinSkill(entry.uri, uri))
        throw new SkillVerificationError(uri, "unlisted", "the file is not inside the skill");
    } else {
      listed = entry.resources.find((resource) => resource.uri === uri);
      if (!listed) throw new SkillVerificationError(uri, "unlisted", "the skill's entry does not list this file");
      const cached = this.cache.get(`${listed.digest} ${uri}`);
      if (cached) return cached;
    }
    const result = await this.peer.readResource({ uri });
    const contents = Array.isArray(result?.contents) ? result.contents : [];
    const content = contents.find((item) => item?.uri === uri) ?? (contents.length === 1 ? contents[0] : undefined);
    let bytes: Uint8Array;
    if (typeof content?.text === "string") bytes = utf8Bytes(content.text);
    else if (typeof content?.blob === "string") bytes = fromBase64(content.blob, uri);
    else throw new SkillVerificationError(uri, "content", "the read returned no text or blob for this URI");
    if (listed) {
      if (bytes.byteLength !== listed.size)
        throw new SkillVerificationError(
          uri,
          "size",
          `the entry says ${listed.size} bytes, the read has ${bytes.byteLength}`,
        );
      const digest = await sha256Digest(bytes);
      if (digest !== listed.digest)
        throw new SkillVerificationError(
          uri,
          "digest",
          `the entry says ${listed.digest}, the read hashes to ${digest}`,
        );
    }
    const file: VerifiedSkillFile = {
      uri,
      bytes,
      text: typeof content?.text === "string" ? content.text : undefined,
      mimeType: content?.mimeType,
    };
    if (listed) this.cache.set(`${listed.digest} ${uri}`, file);
    return file;
  }

  /** Drops cached copies of `uri`. */
  private forget(uri: string): void {
    for (const key of this.cache.keys()) if (key.endsWith(` ${uri}`)) this.cache.delete(key);
  }

  private requireSupport(): void {
    if (!this.supported) throw new SkillsNotSupportedError();
  }

  /** Checks an entry against the extension's rules; throws InvalidSkillEntryError listing every problem. */
  checkEntry(value: unknown, label: string): SkillEntry {
    const problems: string[] = [];
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new InvalidSkillEntryError(label, ["the entry is not an object"]);
    const { uri, frontmatter, resources } = value as Record<string, unknown>;
    const name = typeof uri === "string" ? skillNameOf(uri) : undefined;
    if (typeof uri !== "string" || name === undefined) problems.push("uri is not the URI of a SKILL.md");
    const where = typeof uri === "string" ? uri : label;
    if (typeof frontmatter !== "object" || frontmatter === null || Array.isArray(frontmatter))
      problems.push("frontmatter is not an object");
    else {
      const fields = frontmatter as Record<string, unknown>;
      if (typeof fields.name !== "string" || !SKILL_NAME_PATTERN.test(fields.name))
        problems.push("frontmatter.name is not a valid skill name");
      else if (name !== undefined && fields.name !== name)
        problems.push(`the URI's last skill-path segment ${JSON.stringify(name)} differs from frontmatter.name`);
      if (typeof fields.description !== "string" || fields.description === "")
        problems.push("frontmatter.description is missing or empty");
    }
    if (resources !== "dynamic") {
      if (!Array.isArray(resources)) problems.push('resources is neither an array nor "dynamic"');
      else {
        const seen = new Set<string>();
        let total = 0;
        for (const [index, resource] of resources.entries()) {
          const { uri: file, digest, size } = (resource ?? {}) as Record<string, unknown>;
          if (typeof file !== "string" || (typeof uri === "string" && !isWithinSkill(uri, file)))
            problems.push(`resources[${index}].uri is not a file of the skill`);
          else if (seen.has(file)) problems.push(`resources lists ${file} twice`);
          else seen.add(file);
          if (typeof digest !== "string" || !DIGEST_PATTERN.test(digest))
            problems.push(`resources[${index}].digest is not sha256:<64 hex>`);
          if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
            problems.push(`resources[${index}].size is not a non-negative integer`);
          else total += size;
        }
        if (typeof uri === "string" && !seen.has(uri)) problems.push("resources does not list the SKILL.md itself");
        if (resources.length > this.limits.maxResourcesPerSkill)
          problems.push(`${resources.length} files, more than ${this.limits.maxResourcesPerSkill}`);
        if (total > this.limits.maxSkillBytes) problems.push(`${total} bytes, more than ${this.limits.maxSkillBytes}`);
      }
    }
    if (problems.length > 0) throw new InvalidSkillEntryError(where, problems);
    return value as SkillEntry;
  }
}

/** A skill whose SKILL.md was fetched and verified; its other files are read on demand. */
export class LoadedSkill {
  /** Wraps a verified SKILL.md; `SkillsClient.loadSkill` makes these. */
  constructor(
    private readonly client: SkillsClient,
    /** The entry the skill was loaded from and is verified against while it is in use. */
    readonly entry: SkillEntry,
    /** SKILL.md as fetched. */
    readonly markdown: string,
    /** SKILL.md after its frontmatter. */
    readonly body: string,
  ) {}

  /** The URI of the skill's SKILL.md. */
  get uri(): string {
    return this.entry.uri;
  }

  /** The skill's frontmatter, as its entry gives it (verified against SKILL.md). */
  get frontmatter(): SkillFrontmatter {
    return this.entry.frontmatter;
  }

  /** The URIs of the skill's other files, as its entry lists them (empty for a dynamic skill). */
  get fileUris(): string[] {
    return this.entry.resources === "dynamic"
      ? []
      : this.entry.resources.map((resource) => resource.uri).filter((uri) => uri !== this.entry.uri);
  }

  /**
   * Reads a file of the skill by its path relative to the skill's root (`references/FORMS.md`), or
   * by its URI, and verifies it against the entry; an unlisted file is a verification failure.
   */
  async readFile(pathOrUri: string): Promise<VerifiedSkillFile> {
    const uri = pathOrUri.includes("://") ? pathOrUri : skillFileUri(this.entry.uri, pathOrUri);
    if (uri === undefined) throw new SkillVerificationError(pathOrUri, "unlisted", "the path is not inside the skill");
    return this.client.fetchVerified(this.entry, uri);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidSkillEntryError("result", ["the result is not an object"]);
  return value as Record<string, unknown>;
}

function fromBase64(blob: string, uri: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(blob);
  } catch {
    throw new SkillVerificationError(uri, "content", "the blob is not base64");
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Registers the skills extension on `client` (call it before `connect()`, so that the client declares
 * the extension) and returns a SkillsClient that speaks through it: `skills/list` and `skills/get`
 * through the extension, file reads through `resources/read`.
 *
 * ```ts
 * const skills = registerSkillsClient(client);
 * await client.connect(transport);
 * const [entry] = await skills.listSkills();            // reads no file
 * const skill = await skills.loadSkill(entry);          // fetches and verifies SKILL.md, now
 * const forms = await skill.readFile("references/FORMS.md"); // verified against the entry
 * ```
 */
export function registerSkillsClient(client: Client, options: SkillsClientOptions = {}): SkillsClient {
  const extension = client.registerExtension(skillsExtension);
  return new SkillsClient(
    {
      serverDeclaresSkills: () => extension.isDeclaredByServer,
      request: (method, params) =>
        method === SKILLS_METHODS.get
          ? extension.request("skills/get", params as { uri: string })
          : extension.request("skills/list", params),
      readResource: (params) => client.readResource(params) as Promise<{ contents: readonly ReadContent[] }>,
    },
    options,
  );
}
