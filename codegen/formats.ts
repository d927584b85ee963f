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
 * Formats checked by a function, as JavaScript source (an expression whose value is an object of
 * functions).
 *
 * byte: strict RFC 4648 base64 with padding. A regular expression costs ~2.5 µs per 2 KB image,
 * more than the rest of a tools/call result. Decoders reject characters outside the alphabet and
 * misplaced padding far faster, but are forgiving (they skip whitespace and accept missing padding),
 * so a length check restores strictness: with the length a multiple of 4, the decoded length is
 * exactly 3 bytes per 4 characters less the trailing `=`s only when no character was skipped or
 * stopped at (any skipped character makes it shorter), one comparison where scanning the text for
 * each whitespace character cost five passes.
 *
 * The decoder: on Node.js, its Buffer writing into one reused scratch buffer (texts up to 64 KiB),
 * which makes nothing per call, where the web's `atob` makes a string of the decoded bytes (on a
 * 2 KB image the validator spends about 10% less on the result this way, on a 30 KB one 20% less).
 * Node's decoder also takes the URL-safe alphabet, so `-` and `_` are refused first. It is used only
 * on Node.js itself and only after probes show it skips or stops at what is not base64; everywhere
 * else (browsers, workerd, Deno, Bun, whose Buffers are other implementations) and for longer texts,
 * `atob`, which throws on characters outside the standard alphabet.
 */
export const FORMAT_FUNCTIONS_SOURCE = `(function () {
  function expectedLength(s) {
    var n = s.length;
    return (n >> 2) * 3 - (s.charCodeAt(n - 1) === 61 ? (s.charCodeAt(n - 2) === 61 ? 2 : 1) : 0);
  }
  // Node.js itself (not a runtime that imitates its globals), and only if its decoder behaves as the
  // check relies on: whole groups decoded in full, anything outside the alphabet skipped or stopped at.
  function nodeBuffer() {
    try {
      if (typeof Buffer !== "function" || typeof Bun !== "undefined" || typeof Deno !== "undefined") return undefined;
      if (typeof process !== "object" || process === null || typeof process.versions !== "object") return undefined;
      if (typeof process.versions.node !== "string" || typeof process.versions.v8 !== "string") return undefined;
      if (typeof navigator === "object" && navigator !== null && navigator.userAgent === "Cloudflare-Workers") return undefined;
      var probe = Buffer.alloc(16);
      if (probe.write("QUJD", 0, "base64") !== 3 || probe.write("QUI=", 0, "base64") !== 2) return undefined;
      var bad = ["QU!D", "QU D", "QU=D", "Q=UD", "QUJ\\u00e9", "QUJ\\u20ac", "QQ==QUJD", "QUJ\\n", "====", "Q==="];
      for (var i = 0; i < bad.length; i++) {
        if (probe.write(bad[i], 0, "base64") >= expectedLength(bad[i])) return undefined;
      }
      return Buffer;
    } catch (e) {
      return undefined;
    }
  }
  var NodeBuffer = nodeBuffer();
  var scratch;
  return {
    byte: function (s) {
      var n = s.length;
      if (n % 4 !== 0) return false;
      var expected = expectedLength(s);
      if (NodeBuffer !== undefined && n <= 65536) {
        if (s.indexOf("-") !== -1 || s.indexOf("_") !== -1) return false;
        if (scratch === undefined) scratch = NodeBuffer.allocUnsafe(49152);
        return scratch.write(s, 0, "base64") === expected;
      }
      var decoded;
      try { decoded = atob(s); } catch (e) { return false; }
      return decoded.length === expected;
    }
  };
})()`;

/** The same functions, evaluated once at generation time so AJV can use them while compiling. */
export function formatFunctions(): Record<string, (value: string) => boolean> {
  return new Function(`return ${FORMAT_FUNCTIONS_SOURCE};`)() as Record<string, (value: string) => boolean>;
}
