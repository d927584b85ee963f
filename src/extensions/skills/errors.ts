/**
 * The skills extension's typed errors. A server refuses a skill it may not serve when it is added
 * (InvalidSkillError, SkillLimitError); a client refuses content that does not match the entry it
 * holds (SkillVerificationError) and an entry that breaks the extension's rules (InvalidSkillEntryError).
 */

import type { SkillLimits } from "./model.js";

/** A skill the server cannot serve: a missing or malformed SKILL.md, a bad path, a file outside the skill. */
export class InvalidSkillError extends Error {
  /** The error's name, `"InvalidSkillError"`. */
  override name = "InvalidSkillError";
  /** Creates the error; the message names the skill and the reason. */
  constructor(
    /** The skill's path (or its directory) as given. */
    readonly skill: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`skill ${JSON.stringify(skill)}: ${reason}`);
  }
}

/** A skill (or the server's catalog) over one of the SkillLimits. */
export class SkillLimitError extends Error {
  /** The error's name, `"SkillLimitError"`. */
  override name = "SkillLimitError";
  /** Creates the error; the message names the skill, the limit and both numbers. */
  constructor(
    /** The path of the skill being added. */
    readonly skill: string,
    /** Which limit it is over. */
    readonly limit: keyof SkillLimits,
    /** What it would come to. */
    readonly actual: number,
    /** The limit's value. */
    readonly max: number,
  ) {
    super(`skill ${JSON.stringify(skill)}: ${limit} is ${max}, and it would be ${actual}`);
  }
}

/** What did not match when a client verified a skill's file against the entry it holds. */
export type SkillVerificationFailure =
  /** The byte count differs from the entry's `size`. */
  | "size"
  /** The SHA-256 digest differs from the entry's `digest`. */
  | "digest"
  /** The SKILL.md frontmatter differs from the entry's `frontmatter` (or does not parse). */
  | "frontmatter"
  /** The file is not listed in the entry's `resources` (an unlisted file is a change to the skill). */
  | "unlisted"
  /** The entry publishes no digests (`resources: "dynamic"`) and the client was not told to accept that. */
  | "unverifiable"
  /** The server answered the read with no content, or with content of another URI. */
  | "content";

/** Content that is not what the skill's entry promised: the client must not use it. */
export class SkillVerificationError extends Error {
  /** The error's name, `"SkillVerificationError"`. */
  override name = "SkillVerificationError";
  /** Creates the error; `detail` says what differed. */
  constructor(
    /** The URI of the content that failed. */
    readonly uri: string,
    /** What did not match. */
    readonly failure: SkillVerificationFailure,
    detail: string,
  ) {
    super(`${uri}: ${failure} verification failed: ${detail}`);
  }
}

/** A `skills/list` or `skills/get` entry that breaks the extension's rules. */
export class InvalidSkillEntryError extends Error {
  /** The error's name, `"InvalidSkillEntryError"`. */
  override name = "InvalidSkillEntryError";
  /** Creates the error; the message lists the problems. */
  constructor(
    /** The entry's uri, or its position in the listing. */
    readonly entry: string,
    /** Every rule the entry breaks. */
    readonly problems: readonly string[],
  ) {
    super(`skill entry ${entry}: ${problems.join("; ")}`);
  }
}

/** The server did not declare the skills extension, so its methods may not be called. */
export class SkillsNotSupportedError extends Error {
  /** The error's name, `"SkillsNotSupportedError"`. */
  override name = "SkillsNotSupportedError";
  /** Creates the error. */
  constructor() {
    super('the server did not declare the "io.modelcontextprotocol/skills" extension');
  }
}
