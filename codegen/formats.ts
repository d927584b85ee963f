/**
 * The string formats the MCP schemas use, as regular expressions so that AJV inlines them into
 * the standalone validators: the generated code then needs no runtime package at all.
 */
export const SCHEMA_FORMATS: Record<string, RegExp> = {
  /** RFC 4648 base64 (the schemas' "byte"): groups of four, with optional "=" padding at the end. */
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  /** An absolute URI: a scheme, a colon, then no whitespace (what MCP peers send in practice). */
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
  /**
   * An RFC 6570 template: literal characters as the RFC lists them (printable ASCII but for space,
   * quotes, angle brackets, backslash, caret, backtick, braces, pipe and bare "%"; any non-ASCII),
   * percent-escapes, and expressions `{op? var[:len|*], ...}`.
   */
  "uri-template":
    /^(?:[!#$&(-;=?-[\]_a-z~\u00A0-\uFFFF]|%[0-9A-Fa-f]{2}|\{[+#./;?&=,!@|]?[A-Za-z0-9_.%]+(?::[1-9][0-9]{0,3}|\*)?(?:,[A-Za-z0-9_.%]+(?::[1-9][0-9]{0,3}|\*)?)*\})*$/,
};
