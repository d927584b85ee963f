/**
 * SKILL.md: YAML frontmatter between `---` lines, then the markdown body. Splitting it, checking the
 * frontmatter against the Agent Skills rules a skill entry relies on (a `name` that is a valid skill
 * name, a non-empty `description`), rendering frontmatter given in code, and comparing two
 * frontmatter objects field by field.
 */

import { canonicalJson } from "../../protocol/canonical-json.js";
import { FrontmatterError, type JsonValue, parseFrontmatterYaml } from "./frontmatter-yaml.js";
import { SKILL_NAME_PATTERN } from "./skill-uri.js";

export { FrontmatterError, type JsonValue } from "./frontmatter-yaml.js";

/** A skill's frontmatter as JSON: `name` and `description` always, anything else the author wrote. */
export interface SkillFrontmatter {
  /** The skill's name: the last segment of its path. */
  name: string;
  /** What the skill does and when to use it. */
  description: string;
  [field: string]: JsonValue;
}

/** The longest description the Agent Skills specification allows. */
export const MAX_DESCRIPTION_LENGTH = 1024;

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/;

/** A SKILL.md split into its frontmatter (parsed and checked) and its body. */
export function parseSkillMarkdown(text: string): { frontmatter: SkillFrontmatter; body: string } {
  const opening = OPENING.exec(text);
  if (!opening) throw new FrontmatterError("SKILL.md must begin with a --- line opening its YAML frontmatter", 1);
  const rest = text.slice(opening[0].length);
  const lines = rest.split("\n");
  const end = lines.findIndex((line) => CLOSING.test(line.replace(/\r$/, "")));
  if (end < 0) throw new FrontmatterError("the frontmatter has no closing --- line", 0);
  const yaml = lines.slice(0, end).join("\n");
  const body = lines.slice(end + 1).join("\n");
  return { frontmatter: checkFrontmatter(parseFrontmatterYaml(yaml, 2)), body };
}

/** Checks a parsed (or given) frontmatter object: a valid `name`, a non-empty `description`. */
export function checkFrontmatter(value: Record<string, JsonValue>): SkillFrontmatter {
  const { name, description } = value;
  if (typeof name !== "string") throw new FrontmatterError('the frontmatter has no string "name"', 0);
  if (!SKILL_NAME_PATTERN.test(name))
    throw new FrontmatterError(
      `the name ${JSON.stringify(name)} breaks the Agent Skills naming rules (1-64 lowercase letters, digits and hyphens; no hyphen first, last or twice in a row)`,
      0,
    );
  if (typeof description !== "string" || description.trim() === "")
    throw new FrontmatterError('the frontmatter has no non-empty string "description"', 0);
  if (description.length > MAX_DESCRIPTION_LENGTH)
    throw new FrontmatterError(`the description is longer than ${MAX_DESCRIPTION_LENGTH} characters`, 0);
  return value as SkillFrontmatter;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;

/**
 * A SKILL.md from frontmatter given in code and a body. Each field is written as `key: <JSON>`
 * (JSON is YAML's flow form), and the result is parsed back: a value JSON cannot hold, or one that
 * does not come back identical, is a FrontmatterError here rather than a mismatch at a client.
 */
export function renderSkillMarkdown(frontmatter: Record<string, unknown>, body: string): string {
  const lines = Object.entries(frontmatter).map(([key, value]) => {
    if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint")
      throw new FrontmatterError(`the frontmatter field ${JSON.stringify(key)} has no JSON form`, 0);
    return `${PLAIN_KEY.test(key) ? key : JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  const text = `---\n${lines.join("\n")}\n---\n${body}`;
  const parsed = parseSkillMarkdown(text);
  if (!frontmatterEqual(parsed.frontmatter, frontmatter))
    throw new FrontmatterError(
      "the frontmatter does not survive as JSON (a non-finite number or undefined inside?)",
      0,
    );
  return text;
}

/** The field names on which two frontmatter objects differ (empty: identical in content). */
export function frontmatterDifferences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter(
    (key) => Object.hasOwn(a, key) !== Object.hasOwn(b, key) || canonicalJson(a[key]) !== canonicalJson(b[key]),
  );
}

/** Whether two frontmatter objects are identical in content, field by field. */
export function frontmatterEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return frontmatterDifferences(a, b).length === 0;
}
