import { describe, expect, it } from "vitest";
import { FORMAT_FUNCTIONS_SOURCE, formatFunctions } from "../../codegen/formats.js";

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

/** The functions as a runtime without Node.js's Buffer evaluates them (browsers, workerd): the `atob` path. */
function withoutNodeBuffer(): Record<string, (value: string) => boolean> {
  return new Function("Buffer", `return ${FORMAT_FUNCTIONS_SOURCE};`)(undefined);
}

describe.each([
  ["on Node.js (its Buffer's decoder)", formatFunctions],
  ["without Node.js's Buffer (atob)", withoutNodeBuffer],
])("the byte format (base64), %s", (_, functions) => {
  const byte = functions().byte as (value: string) => boolean;

  it("agrees with strict RFC 4648 base64 on every short string of letters, padding, whitespace and foreign characters", () => {
    // Letters from both ends of the alphabet, padding, each whitespace atob skips, and characters atob refuses.
    const alphabet = ["A", "z", "/", "=", " ", "\n", "\t", "\r", "\f", "-", "_", "é", "€"];
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
    expect(checked).toBeGreaterThan(110_000);
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

  it("holds on both sides of the 64 KiB where Node.js's decoder hands over to atob", () => {
    for (const size of [49_149, 49_150, 49_151, 49_152, 49_153, 49_155, 60_000]) {
      const bytes = new Uint8Array(size).map((_, index) => (index * 131) & 0xff);
      let binary = "";
      for (let start = 0; start < size; start += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
      }
      const encoded = btoa(binary);
      expect(byte(encoded)).toBe(true);
      const middle = encoded.length >> 1;
      for (const bad of ["-", "_", "!", "é", "€", "="]) {
        expect(byte(encoded.slice(0, middle) + bad + encoded.slice(middle + 1))).toBe(false);
      }
      expect(byte(encoded.slice(0, middle) + encoded.slice(middle + 4))).toBe(encoded.length - 4 > 0);
    }
  });
});

describe("which decoder the byte format uses", () => {
  /** A stand-in for Node.js's Buffer that counts the decodes; `lenient` makes it claim every group decoded whole. */
  function countingBuffer(lenient: boolean) {
    const counter = { writes: 0 };
    const wrap = (buffer: Buffer) => ({
      write(text: string, offset: number, encoding: BufferEncoding) {
        counter.writes++;
        const written = buffer.write(text, offset, encoding);
        return lenient ? (text.length >> 2) * 3 : written;
      },
    });
    const fake = Object.assign(() => undefined, {
      alloc: (size: number) => wrap(Buffer.alloc(size)),
      allocUnsafe: (size: number) => wrap(Buffer.allocUnsafe(size)),
    });
    return { fake, counter };
  }
  const load = (buffer: unknown) =>
    (new Function("Buffer", `return ${FORMAT_FUNCTIONS_SOURCE};`)(buffer) as Record<string, (value: string) => boolean>)
      .byte as (value: string) => boolean;

  it("is Node.js's Buffer when its decoder passes the probes", () => {
    const { fake, counter } = countingBuffer(false);
    const byte = load(fake);
    const probes = counter.writes;
    expect(probes).toBeGreaterThan(0);
    expect(byte("QUJD")).toBe(true);
    expect(byte("QU!D")).toBe(false);
    expect(counter.writes).toBe(probes + 2);
  });

  it("is atob when a Buffer would take what is not base64 as a whole group", () => {
    const { fake, counter } = countingBuffer(true);
    const byte = load(fake);
    const probes = counter.writes;
    expect(byte("QUJD")).toBe(true);
    expect(byte("QU!D")).toBe(false);
    expect(byte("QU D")).toBe(false);
    expect(counter.writes).toBe(probes);
  });
});
