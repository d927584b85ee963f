/**
 * 2026-07-28 request metadata headers: values mirrored from the body into `Mcp-Name` and
 * `Mcp-Param-{Name}`, their encoding (plain visible ASCII, else the `=?base64?...?=` sentinel form
 * of the UTF-8 bytes), and the `x-mcp-header` annotations of a tool's inputSchema that say which
 * arguments are mirrored.
 */
import { base64ToBytes, utf8ToBase64 } from "./base64.js";

/** Which body field the `Mcp-Name` header mirrors, per method. */
const NAME_FIELDS: Readonly<Record<string, string>> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};

/** The params field whose value `Mcp-Name` carries for `method`, if the method has one. */
export function mirroredNameField(method: string): string | undefined {
  return Object.hasOwn(NAME_FIELDS, method) ? NAME_FIELDS[method] : undefined;
}

const SENTINEL = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/;
const PLAIN = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * A mirrored header value as the body holds it: plain visible ASCII as is, the sentinel form
 * decoded (strict Base64, valid UTF-8); undefined when the value is malformed.
 */
export function decodeHeaderValue(raw: string): string | undefined {
  if (raw.startsWith("=?base64?") && raw.endsWith("?=")) {
    const match = SENTINEL.exec(raw);
    const encoded = match?.[1];
    if (encoded === undefined || encoded.length % 4 !== 0) return undefined;
    try {
      // ignoreBOM: a value that starts with U+FEFF keeps it (the decoder drops a leading BOM otherwise).
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(base64ToBytes(encoded));
    } catch {
      return undefined;
    }
  }
  return raw === "" || PLAIN.test(raw) ? raw : undefined;
}

/** A value for a mirrored header: as is when it is safe plain ASCII, else the Base64 sentinel form. */
export function encodeHeaderValue(value: string): string {
  const plain = value === "" || (PLAIN.test(value) && !(value.startsWith("=?base64?") && value.endsWith("?=")));
  return plain ? value : `=?base64?${utf8ToBase64(value)}?=`;
}

/** One argument a tool mirrors into a `Mcp-Param-{name}` header. */
export interface MirroredParam {
  /** The chain of `properties` keys from the schema root. */
  path: string[];
  /** The `{name}` in `Mcp-Param-{name}`. */
  name: string;
  type: "string" | "integer" | "boolean";
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The `x-mcp-header` annotations of an inputSchema, or the reason the tool definition is invalid
 * (a bad name, a duplicate, a non-primitive or number type, an annotation not reachable through
 * `properties` alone).
 */
export function mirroredParams(inputSchema: unknown): MirroredParam[] | string {
  const found: MirroredParam[] = [];
  const seen = new Set<string>();
  let problem: string | undefined;
  const visit = (node: unknown, path: string[], reachable: boolean) => {
    if (problem || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, path, false);
      return;
    }
    const schema = node as Record<string, unknown>;
    if (Object.hasOwn(schema, "x-mcp-header")) {
      const name = schema["x-mcp-header"];
      const type = schema.type;
      const where = path.join(".") || "(root)";
      if (!reachable || path.length === 0)
        problem = `x-mcp-header at ${where} is not reachable through properties alone`;
      else if (typeof name !== "string" || !TOKEN.test(name))
        problem = `x-mcp-header ${JSON.stringify(name)} at ${where} is not a valid header name`;
      else if (type !== "string" && type !== "integer" && type !== "boolean") {
        problem = `x-mcp-header ${name} at ${where} is on a ${JSON.stringify(type)} (only string, integer and boolean)`;
      } else if (seen.has(name.toLowerCase())) problem = `x-mcp-header ${name} is used twice`;
      else {
        seen.add(name.toLowerCase());
        found.push({ path, name, type });
      }
    }
    for (const [keyword, value] of Object.entries(schema)) {
      if (keyword === "properties" && typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [property, sub] of Object.entries(value)) visit(sub, [...path, property], reachable);
      } else if (keyword !== "x-mcp-header" && typeof value === "object") {
        visit(value, path, false);
      }
    }
  };
  visit(inputSchema, [], true);
  return problem ?? found;
}

/** The value at a mirrored parameter's path in the arguments (undefined when absent or null). */
export function mirroredValue(args: unknown, param: MirroredParam): string | number | boolean | undefined {
  let node: unknown = args;
  for (const key of param.path) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "string" || typeof node === "number" || typeof node === "boolean" ? node : undefined;
}

/** Whether a header's (decoded) text stands for the body's value, compared by type. */
export function headerMatches(text: string, value: string | number | boolean, type: MirroredParam["type"]): boolean {
  if (type === "boolean") return text === String(value);
  if (type === "integer") return text.trim() !== "" && Number(text) === value;
  return text === value;
}
