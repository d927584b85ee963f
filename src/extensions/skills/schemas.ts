/**
 * The JSON Schemas of the skills extension's methods, as the extension definition hands them to the
 * extension framework (which compiles them once, without eval, and checks params and results).
 */

const CURSOR = { type: "string" } as const;
const CACHE = {
  ttlMs: { type: "integer", minimum: 0 },
  cacheScope: { enum: ["public", "private"] },
} as const;

const RESOURCE_ENTRY = {
  type: "object",
  properties: {
    uri: { type: "string" },
    digest: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
    size: { type: "integer", minimum: 0 },
  },
  required: ["uri", "digest", "size"],
} as const;

/** A skill entry: SKILL.md URI, frontmatter (name and description at least), files or "dynamic". */
export const SKILL_ENTRY_SCHEMA = {
  type: "object",
  properties: {
    uri: { type: "string" },
    frontmatter: {
      type: "object",
      properties: { name: { type: "string" }, description: { type: "string" } },
      required: ["name", "description"],
    },
    resources: { anyOf: [{ type: "array", items: RESOURCE_ENTRY }, { const: "dynamic" }] },
  },
  required: ["uri", "frontmatter", "resources"],
} as const;

/** `skills/list` params. */
export const LIST_SKILLS_PARAMS_SCHEMA = {
  type: "object",
  properties: { cursor: CURSOR },
} as const;

/** `skills/list` result. */
export const LIST_SKILLS_RESULT_SCHEMA = {
  type: "object",
  properties: { skills: { type: "array", items: SKILL_ENTRY_SCHEMA }, nextCursor: CURSOR, ...CACHE },
  required: ["skills"],
} as const;

/** `skills/get` params. */
export const GET_SKILL_PARAMS_SCHEMA = {
  type: "object",
  properties: { uri: { type: "string" } },
  required: ["uri"],
} as const;

/** `skills/get` result. */
export const GET_SKILL_RESULT_SCHEMA = {
  type: "object",
  properties: { skill: SKILL_ENTRY_SCHEMA, ...CACHE },
  required: ["skill"],
} as const;

/** `resources/directory/read` params. */
export const READ_DIRECTORY_PARAMS_SCHEMA = {
  type: "object",
  properties: { uri: { type: "string" }, cursor: CURSOR },
  required: ["uri"],
} as const;

/** `resources/directory/read` result: the directory's direct children as Resource objects. */
export const READ_DIRECTORY_RESULT_SCHEMA = {
  type: "object",
  properties: {
    resources: {
      type: "array",
      items: {
        type: "object",
        properties: { uri: { type: "string" }, name: { type: "string" }, mimeType: { type: "string" } },
        required: ["uri", "name"],
      },
    },
    nextCursor: CURSOR,
  },
  required: ["resources"],
} as const;
