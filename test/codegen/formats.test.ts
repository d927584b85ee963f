import { describe, expect, it } from "vitest";
import { formatFunctions } from "../../codegen/formats.js";

/** RFC 4648 base64 with padding, as a regular expression: the definition the fast check must match. */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Every string of exactly `length` characters drawn from `alphabet`. */
function* strings(alphabet: string[], length: number): Generator<string> {
  if (length === 0) {
    yield "";
    return;
  }
  for (const head of strings(alphabet, length - 1)) for (const char of alphabet) yield head + char;
}

describe("the byte format (base64)", () => {
  const byte = formatFunctions().byte as (value: string) => boolean;

  it("agrees with strict RFC 4648 base64 on every short string of letters, padding, whitespace and foreign characters", () => {
    // Letters from both ends of the alphabet, padding, each whitespace atob skips, and characters atob refuses.
    const alphabet = ["A", "z", "/", "=", " ", "\n", "\t", "\r", "\f", "-", "é"];
    let checked = 0;
    const disagreements: string[] = [];
    for (let length = 0; length <= 4; length++) {
      for (const value of strings(alphabet, length)) {
        checked++;
        if (byte(value) !== STRICT_BASE64.test(value)) disagreements.push(JSON.stringify(value));
      }
    }
    // Longer strings (one group and one character more; two groups) with smaller alphabets to keep it quick.
    for (const [length, chars] of [
      [5, ["A", "/", "=", " ", "\n", "-", "é"]],
      [8, ["B", "=", " ", "\n"]],
    ] as const) {
      for (const value of strings([...chars], length)) {
        checked++;
        if (byte(value) !== STRICT_BASE64.test(value)) disagreements.push(JSON.stringify(value));
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(95_000);
  }, 30_000);

  it("accepts real encodings of every length and rejects them with whitespace added (one character, or four, which keeps the length a multiple of 4) or padding removed", () => {
    for (let size = 0; size < 64; size++) {
      const bytes = new Uint8Array(size).map((_, index) => (index * 37 + size) & 0xff);
      const encoded = btoa(String.fromCharCode(...bytes));
      expect(byte(encoded)).toBe(true);
      for (const space of [" ", "\n", "\t", "    ", " \r\n\t", "\f\f\f\f"]) {
        for (const at of [0, Math.floor(encoded.length / 2), encoded.length]) {
          expect(byte(encoded.slice(0, at) + space + encoded.slice(at))).toBe(false);
        }
      }
      if (encoded.endsWith("=")) expect(byte(encoded.replace(/=+$/, ""))).toBe(false);
    }
  });
});
