/**
 * The skills extension's wire shapes (SEP-2640, as the conformance suite's `sep-2640-*` scenarios
 * check them) and its limits.
 */

import type { SkillFrontmatter } from "./frontmatter.js";

/** The extension's identifier under `capabilities.extensions`. */
export const SKILLS_EXTENSION_ID = "io.modelcontextprotocol/skills";

/** The extension's methods. */
export const SKILLS_METHODS = {
  list: "skills/list",
  get: "skills/get",
  readDirectory: "resources/directory/read",
} as const;

/** What a server declares under `capabilities.extensions["io.modelcontextprotocol/skills"]` (inline, no envelope). */
export interface SkillsCapability {
  /** The server answers `resources/directory/read` for the directories of the skills it serves. */
  directoryRead?: boolean;
}

/** One file of a skill: its URI, the SHA-256 digest of its raw bytes (`sha256:<64 hex>`) and their count. */
export interface SkillResourceEntry {
  /** The file's URI. */
  uri: string;
  /** The SHA-256 digest of the file's raw bytes: `sha256:<64 hex>`. */
  digest: string;
  /** The file's size in bytes. */
  size: number;
}

/**
 * A skill as `skills/list` and `skills/get` describe it: the SKILL.md URI, the frontmatter verbatim,
 * and every file of the skill (SKILL.md included), or `"dynamic"` for content generated on demand.
 */
export interface SkillEntry {
  /** The URI of the skill's SKILL.md. */
  uri: string;
  /** The skill's frontmatter. */
  frontmatter: SkillFrontmatter;
  /**
   * Every file of the skill, SKILL.md included, or `"dynamic"` for content generated on demand (no digests).
   */
  resources: SkillResourceEntry[] | "dynamic";
}

/** `skills/list` params. */
export interface ListSkillsParams {
  /** The cursor of the page to list (from the previous page's `nextCursor`). */
  cursor?: string;
}

/** `skills/list` result; `ttlMs` and `cacheScope` in the stateless lifecycle. */
export interface ListSkillsResult {
  /** This page's entries. */
  skills: SkillEntry[];
  /** The cursor of the next page, when there is one. */
  nextCursor?: string;
  /** Stateless lifecycle: how long the result stays fresh, in ms. */
  ttlMs?: number;
  /** Stateless lifecycle: who may share a cached copy. */
  cacheScope?: "public" | "private";
}

/** `skills/get` params. */
export interface GetSkillParams {
  /** The URI of the skill's SKILL.md. */
  uri: string;
}

/** `skills/get` result; `ttlMs` and `cacheScope` in the stateless lifecycle. */
export interface GetSkillResult {
  /** The skill's entry. */
  skill: SkillEntry;
  /** Stateless lifecycle: how long the result stays fresh, in ms. */
  ttlMs?: number;
  /** Stateless lifecycle: who may share a cached copy. */
  cacheScope?: "public" | "private";
}

/** The mime type of a directory resource. */
export const DIRECTORY_MIME_TYPE = "inode/directory";

/** How much one server serves: SEP-2640's per-skill limits, and the server's own. */
export interface SkillLimits {
  /** Files per skill, SKILL.md included (SEP-2640: servers should not exceed 512). */
  maxResourcesPerSkill: number;
  /** Bytes per skill, summed over its files (SEP-2640: servers should not exceed 16 MiB). */
  maxSkillBytes: number;
  /** Skills per server. */
  maxSkills: number;
}

/** The limits SEP-2640 sets, and 1,000 skills per server. */
export const DEFAULT_SKILL_LIMITS: SkillLimits = {
  maxResourcesPerSkill: 512,
  maxSkillBytes: 16 * 1024 * 1024,
  maxSkills: 1000,
};

/** A digest as SEP-2640 writes it. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
