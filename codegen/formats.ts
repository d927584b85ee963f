/**
 * The string formats the MCP schemas use. AJV inlines regular expressions into the standalone
 * validators, and function formats come from FORMAT_FUNCTIONS_SOURCE, which is written into the
 * generated code verbatim: the validators then need no runtime package at all.
 */

/** Formats checked by a regular expression (inlined by AJV as a literal). */
export const REGEX_FORMATS: Record<string, RegExp> = {
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

/**
 * Formats checked by a function, as JavaScript source (an object literal of functions).
 *
 * byte: strict RFC 4648 base64 with padding. A regular expression costs ~2.5 µs per 2 KB image,
 * more than the rest of a tools/call result; the platform's native `atob` rejects characters
 * outside the alphabet and misplaced padding far faster. `atob` alone is forgiving (it skips
 * whitespace and accepts missing padding), so the length check restores strictness: with the
 * length a multiple of 4, the decoded length is exactly 3 bytes per 4 characters less the trailing
 * `=`s only when no character was skipped (any skipped whitespace makes it shorter), which costs
 * one comparison where scanning the text for each whitespace character cost five passes.
 */
export const FORMAT_FUNCTIONS_SOURCE = `({
  byte: function (s) {
    var n = s.length;
    if (n % 4 !== 0) return false;
    var decoded;
    try { decoded = atob(s); } catch (e) { return false; }
    return decoded.length === (n >> 2) * 3 - (s.charCodeAt(n - 1) === 61 ? (s.charCodeAt(n - 2) === 61 ? 2 : 1) : 0);
  }
})`;

/** The same functions, evaluated once at generation time so AJV can use them while compiling. */
export function formatFunctions(): Record<string, (value: string) => boolean> {
  return new Function(`return ${FORMAT_FUNCTIONS_SOURCE};`)() as Record<string, (value: string) => boolean>;
}
