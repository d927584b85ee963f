/**
 * What a schema issue says, written once for both validators (the generated per-version ones and
 * the compiler of users' tool schemas): plain English, so that a person or a model reading
 * "argument days must be at most 7" knows what to change.
 */

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

const FORMAT_NOUNS: Readonly<Record<string, string>> = {
  "date-time": "a date-time (RFC 3339, like 2025-01-31T09:30:00Z)",
  date: "a date (YYYY-MM-DD)",
  time: "a time (HH:MM:SS)",
  email: "an email address",
  uri: "a URI",
  "uri-reference": "a URI reference",
  "uri-template": "a URI template (RFC 6570)",
  uuid: "a UUID",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  hostname: "a host name",
  byte: "base64 data",
};

/** "1 character", "2 characters". */
function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

function listed(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

/** The message of each kind of issue, by the JSON Schema keyword that failed. */
export const ISSUE_MESSAGES = {
  type: (types: readonly string[]) => `must be ${types.map((type) => TYPE_NOUNS[type] ?? type).join(" or ")}`,
  required: () => "is required",
  notAllowed: () => "is not allowed",
  enum: (allowed: readonly unknown[]) =>
    allowed.length === 1 ? `must be ${listed(allowed)}` : `must be one of ${listed(allowed)}`,
  const: (expected: unknown) => `must be ${JSON.stringify(expected)}`,
  format: (format: string) => `must be ${FORMAT_NOUNS[format] ?? `a string in the ${JSON.stringify(format)} format`}`,
  pattern: (pattern: string) => `must match the pattern ${pattern}`,
  minLength: (limit: number) => `must have at least ${count(limit, "character")}`,
  maxLength: (limit: number) => `must have at most ${count(limit, "character")}`,
  minimum: (limit: number) => `must be at least ${limit}`,
  maximum: (limit: number) => `must be at most ${limit}`,
  exclusiveMinimum: (limit: number) => `must be greater than ${limit}`,
  exclusiveMaximum: (limit: number) => `must be less than ${limit}`,
  multipleOf: (factor: number) => `must be a multiple of ${factor}`,
  minProperties: (limit: number) => `must have at least ${count(limit, "property", "properties")}`,
  maxProperties: (limit: number) => `must have at most ${count(limit, "property", "properties")}`,
  minItems: (limit: number) => `must have at least ${count(limit, "item")}`,
  maxItems: (limit: number) => `must have at most ${count(limit, "item")}`,
  uniqueItems: () => "must not contain duplicate items",
  contains: () => "must contain at least one matching item",
  anyOf: () => "must match at least one of the allowed schemas (anyOf)",
  oneOf: (matched: number) =>
    matched === 0
      ? "must match exactly one of the allowed schemas (oneOf), and matched none"
      : `must match exactly one of the allowed schemas (oneOf), and matched ${matched}`,
  not: () => "must not match the schema under not",
  discriminatorTag: () => "must be a string naming the variant",
  discriminatorValue: (value: unknown) => `is ${JSON.stringify(value)}, not one of the variants allowed here`,
  unknown: () => "does not match the schema",
} as const;
