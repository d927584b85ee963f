import { describe, expect, it } from "vitest";
import { compileJsonSchema } from "../../../src/json-schema/compile.js";
import { ISSUE_MESSAGES } from "../../../src/protocol/issue-messages.js";
import { toIssues } from "../../../src/validation/issues.js";

/** Faults a reader trips over: an article that does not fit its word, a singular count with a plural noun. */
function unEnglish(message: string): string | undefined {
  if (/\ba [aeiou]/i.test(message) && !/\ba (uri|uuid|unique)/i.test(message)) return "'a' before a vowel";
  if (/\ban [^aeiou\s]/i.test(message) && !/\ban (ipv|hour)/i.test(message)) return "'an' before a consonant";
  if (/(^|\D)1 \w+s\b/.test(message)) return "a plural after 1";
  if (/\b([02-9]|\d\d+) (character|item|property)\b/.test(message)) return "a singular after a number other than 1";
  if (/\bmust NOT\b|\bmust be [a-z]+,[a-z]+/.test(message)) return "validator jargon";
  return undefined;
}

/** Every message of the table, with arguments that reach each branch. */
const TABLE: Array<[keyof typeof ISSUE_MESSAGES, unknown[], string]> = [
  ["type", [["string"]], "must be a string"],
  ["type", [["integer"]], "must be an integer"],
  ["type", [["object", "array"]], "must be an object or an array"],
  ["type", [["number", "boolean", "null"]], "must be a number or a boolean or null"],
  ["required", [], "is required"],
  ["notAllowed", [], "is not allowed"],
  ["enum", [["a", 1]], 'must be one of "a", 1'],
  ["enum", [["only"]], 'must be "only"'],
  ["const", [null], "must be null"],
  ["format", ["email"], "must be an email address"],
  ["format", ["uri"], "must be a URI"],
  ["format", ["uri-template"], "must be a URI template (RFC 6570)"],
  ["format", ["ipv4"], "must be an IPv4 address"],
  ["format", ["uuid"], "must be a UUID"],
  ["format", ["date-time"], "must be a date-time (RFC 3339, like 2025-01-31T09:30:00Z)"],
  ["format", ["date"], "must be a date (YYYY-MM-DD)"],
  ["format", ["time"], "must be a time (HH:MM:SS)"],
  ["format", ["byte"], "must be base64 data"],
  ["format", ["isbn"], 'must be a string in the "isbn" format'],
  ["pattern", ["^x$"], "must match the pattern ^x$"],
  ["minLength", [1], "must have at least 1 character"],
  ["minLength", [2], "must have at least 2 characters"],
  ["maxLength", [1], "must have at most 1 character"],
  ["minimum", [0], "must be at least 0"],
  ["maximum", [7], "must be at most 7"],
  ["exclusiveMinimum", [0], "must be greater than 0"],
  ["exclusiveMaximum", [1], "must be less than 1"],
  ["multipleOf", [0.5], "must be a multiple of 0.5"],
  ["minProperties", [1], "must have at least 1 property"],
  ["maxProperties", [3], "must have at most 3 properties"],
  ["minItems", [1], "must have at least 1 item"],
  ["maxItems", [2], "must have at most 2 items"],
  ["uniqueItems", [], "must not contain duplicate items"],
  ["contains", [], "must contain at least one matching item"],
  ["anyOf", [], "must match at least one of the allowed schemas (anyOf)"],
  ["oneOf", [0], "must match exactly one of the allowed schemas (oneOf), and matched none"],
  ["oneOf", [2], "must match exactly one of the allowed schemas (oneOf), and matched 2"],
  ["not", [], "must not match the schema under not"],
  ["discriminatorTag", [], "must be a string naming the variant"],
  ["discriminatorValue", ["vidoe"], 'is "vidoe", not one of the variants allowed here'],
  ["unknown", [], "does not match the schema"],
];

describe("issue messages read as English", () => {
  it("the checker of English catches the faults it is for", () => {
    expect(unEnglish("must be a email")).toBeDefined();
    expect(unEnglish("must be an string")).toBeDefined();
    expect(unEnglish("must have at least 1 characters")).toBeDefined();
    expect(unEnglish("must have at most 3 item")).toBeDefined();
    expect(unEnglish("must be string,number")).toBeDefined();
    expect(unEnglish("must be an email address")).toBeUndefined();
  });

  it("covers every message of the table", () => {
    expect(new Set(TABLE.map(([name]) => name))).toEqual(new Set(Object.keys(ISSUE_MESSAGES)));
  });

  it.each(TABLE)("%s %j", (name, args, expected) => {
    const message = (ISSUE_MESSAGES[name] as (...args: unknown[]) => string)(...args);
    expect(message).toBe(expected);
    expect(unEnglish(message)).toBeUndefined();
  });

  it("the tool-schema compiler says them", () => {
    const schema = {
      type: "object",
      properties: {
        email: { type: "string", format: "email" },
        name: { type: "string", minLength: 1, maxLength: 2 },
        count: { type: "integer", minimum: 1, maximum: 3, multipleOf: 1 },
        ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
        tags: { type: "array", minItems: 1, maxItems: 1, uniqueItems: true, contains: { const: "x" } },
        either: { oneOf: [{ type: "number" }, { minimum: 1 }] },
        any: { anyOf: [{ type: "string" }, { type: "number" }] },
        never: { not: { type: "string" } },
        kind: { enum: ["a", "b"] },
        fixed: { const: "yes" },
        code: { type: "string", pattern: "^[A-Z]+$" },
        bag: { type: "object", minProperties: 1 },
        small: { type: "object", maxProperties: 1 },
        nothing: false,
      },
      required: ["missing"],
      additionalProperties: false,
    } as const;
    const issues = compileJsonSchema(schema, { formats: "assert" }).issues({
      email: "nobody",
      name: "",
      count: 9,
      ratio: 1,
      tags: ["y", "y"],
      either: 1.5,
      any: true,
      never: "s",
      kind: "c",
      fixed: "no",
      code: "abc",
      bag: {},
      small: { a: 1, b: 2 },
      nothing: 1,
      extra: 1,
    });
    const byPath = Object.fromEntries(issues.map((issue) => [`${issue.path} ${issue.keyword}`, issue.message]));
    expect(byPath).toMatchObject({
      "/email format": "must be an email address",
      "/name minLength": "must have at least 1 character",
      "/count maximum": "must be at most 3",
      "/ratio exclusiveMaximum": "must be less than 1",
      "/tags maxItems": "must have at most 1 item",
      "/tags uniqueItems": "must not contain duplicate items",
      "/tags contains": "must contain at least one matching item",
      "/either oneOf": "must match exactly one of the allowed schemas (oneOf), and matched 2",
      "/any anyOf": "must match at least one of the allowed schemas (anyOf)",
      "/never not": "must not match the schema under not",
      "/kind enum": 'must be one of "a", "b"',
      "/fixed const": 'must be "yes"',
      "/code pattern": "must match the pattern ^[A-Z]+$",
      "/bag minProperties": "must have at least 1 property",
      "/small maxProperties": "must have at most 1 property",
      "/nothing false": "is not allowed",
      "/extra additionalProperties": "is not allowed",
      "/missing required": "is required",
    });
    expect(compileJsonSchema({ type: "string" }).issues(1)).toEqual([
      { path: "", message: "must be a string", keyword: "type" },
    ]);
    for (const issue of issues) expect(unEnglish(issue.message), issue.message).toBeUndefined();
  });

  it("the generated validators' errors are said the same way, whatever AJV's own text", () => {
    const ajv = (keyword: string, params: Record<string, unknown>, message = "must NOT be valid") => ({
      instancePath: "/x",
      keyword,
      params,
      message,
    });
    const issues = toIssues([
      ajv("type", { type: "string" }, "must be string"),
      ajv("type", { type: ["string", "number"] }, "must be string,number"),
      ajv("enum", { allowedValues: ["a", "b"] }),
      ajv("format", { format: "uri" }, 'must match format "uri"'),
      ajv("minimum", { comparison: ">=", limit: 0 }, "must be >= 0"),
      ajv("maximum", { comparison: "<=", limit: 1 }, "must be <= 1"),
      ajv("maxItems", { limit: 1 }, "must NOT have more than 1 items"),
      ajv("anyOf", {}, "must match a schema in anyOf"),
      ajv("required", { missingProperty: "y" }, "must have required property 'y'"),
      ajv("discriminator", { error: "mapping", tag: "type", tagValue: "vidoe" }),
    ]);
    expect(issues.map((issue) => issue.message)).toEqual([
      "must be a string",
      "must be a string or a number",
      'must be one of "a", "b"',
      "must be a URI",
      "must be at least 0",
      "must be at most 1",
      "must have at most 1 item",
      "must match at least one of the allowed schemas (anyOf)",
      'is "vidoe", not one of the variants allowed here',
      "is required",
    ]);
    for (const issue of issues) expect(unEnglish(issue.message), issue.message).toBeUndefined();
  });
});
