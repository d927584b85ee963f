/**
 * The `Mcp-Name` / `Mcp-Param-{Name}` value encoding of 2026-07-28 (basic/transports/
 * streamable-http, "Value Encoding"), read back the way the spec describes it: a value the client
 * could send as is is plain visible ASCII (0x21-0x7E, spaces inside); anything else travels as
 * `=?base64?{Base64 of its UTF-8 bytes}?=`, and a plain value that looks like that form must be
 * encoded too, so a value that starts with `=?base64?` and ends with `?=` is always the encoded form.
 */

const PREFIX = "=?base64?";
const SUFFIX = "?=";
/** RFC 4648 section 4: the standard alphabet, padded to a multiple of four characters. */
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isPlain(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const inner = i > 0 && i < value.length - 1;
    if (!(code >= 0x21 && code <= 0x7e) && !(code === 0x20 && inner)) return false;
  }
  return true;
}

/** The body value a header value stands for; undefined when it is no valid encoding of any. */
export function headerValueText(raw: string): string | undefined {
  if (!(raw.startsWith(PREFIX) && raw.endsWith(SUFFIX))) return isPlain(raw) ? raw : undefined;
  if (raw.length < PREFIX.length + SUFFIX.length) return undefined;
  const encoded = raw.slice(PREFIX.length, raw.length - SUFFIX.length);
  if (!PADDED_BASE64.test(encoded)) return undefined;
  try {
    // The UTF-8 bytes exactly: invalid sequences are malformed, and a leading U+FEFF is part of the value.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Buffer.from(encoded, "base64"));
  } catch {
    return undefined;
  }
}
