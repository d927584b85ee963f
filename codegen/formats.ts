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
 * outside the alphabet and misplaced padding far faster. `atob` alone is forgiving (it skips ASCII
 * whitespace and accepts missing padding), so strictness comes back from lengths, without another
 * scan of the string: a length that is a multiple of 4, and exactly 3 bytes decoded per 4 characters
 * less the padding. Skipped whitespace always shows in the second: it takes away at least one
 * character, which either leaves a length `atob` refuses or decodes at least one byte fewer.
 */
export const FORMAT_FUNCTIONS_SOURCE = `({
  byte: function (s) {
    var n = s.length;
    if (n % 4 !== 0) return false;
    var decoded;
    try { decoded = atob(s); } catch (e) { return false; }
    var padding = n === 0 || s.charCodeAt(n - 1) !== 61 ? 0 : s.charCodeAt(n - 2) === 61 ? 2 : 1;
    return decoded.length === (n / 4) * 3 - padding;
  }
})`;

/** The same functions, evaluated once at generation time so AJV can use them while compiling. */
export function formatFunctions(): Record<string, (value: string) => boolean> {
  return new Function(`return ${FORMAT_FUNCTIONS_SOURCE};`)() as Record<string, (value: string) => boolean>;
}
