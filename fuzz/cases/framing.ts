/**
 * Framing fuzz cases: a message sequence (../cases/messages.ts) printed one message a line, with
 * truncated lines, binary garbage, invalid UTF-8, oversized lines, deep nesting, blank lines, CRLF
 * and a BOM mixed in, and the places where the byte stream is cut into chunks.
 */
import fc from "fast-check";
import { anyText, printJson } from "./json.js";
import { anyMessageCase } from "./messages.js";

/** The fuzz server's line limit: small, so oversized lines are cheap to make. */
export const FRAMING_MAX_MESSAGE_BYTES = 8 * 1024;

const enc = (text: string) => Buffer.from(text, "utf8");

const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  anyText(40).map(enc),
  fc
    .constantFrom("{", "}", "[", '{"jsonrpc":"2.0",', "nul", "tru", '"abc', "{'a':1}", "NaN", "Infinity", "1 2")
    .map(enc),
);

const deepLine = fc
  .record({ depth: fc.integer({ min: 500, max: 3000 }), style: fc.constantFrom("array", "object", "unclosed") })
  .map(({ depth, style }) => {
    if (style === "array") return enc(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    if (style === "object") return enc(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
    return enc("[".repeat(depth));
  });

const hugeLine = fc.record({ extra: fc.integer({ min: -2, max: 64 }), valid: fc.boolean() }).map(({ extra, valid }) => {
  const size = FRAMING_MAX_MESSAGE_BYTES + extra;
  if (!valid) return enc("x".repeat(size));
  const head = '{"jsonrpc":"2.0","id":"huge","method":"tools/call","params":{"name":"echo","arguments":{"text":"';
  const tail = '"}}}';
  return enc(`${head}${"y".repeat(Math.max(0, size - head.length - tail.length))}${tail}`);
});

const invalidUtf8 = fc
  .constantFrom([0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80])
  .map((bad) =>
    Buffer.concat([
      enc('{"jsonrpc":"2.0","id":"utf8","method":"tools/call","params":{"name":"'),
      Buffer.from(bad),
      enc('"}}'),
    ]),
  );

type Segment = Buffer<ArrayBufferLike>;

export interface FramingCase {
  version: string;
  bytes: Buffer;
  /** Where to cut the byte stream into chunks (offsets, any order). */
  cuts: number[];
  pauses: boolean;
}

export const framingCase: fc.Arbitrary<FramingCase> = anyMessageCase(10).chain((c) => {
  const messageLines = c.messages.map((tree) => enc(printJson(tree)));
  const someLine = fc
    .nat()
    .map((n) => (messageLines.length > 0 ? (messageLines[n % messageLines.length] as Buffer) : enc("{}")));
  const extra: fc.Arbitrary<Segment> = fc.oneof(
    { weight: 3, arbitrary: garbage },
    { weight: 2, arbitrary: fc.tuple(someLine, fc.nat()).map(([line, n]) => line.subarray(0, n % (line.length + 1))) },
    { weight: 1, arbitrary: deepLine },
    { weight: 1, arbitrary: hugeLine },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: fc.constantFrom("", "   ", "\t", "\r").map(enc) },
    { weight: 1, arbitrary: someLine.map((line) => Buffer.concat([enc("\uFEFF"), line])) },
  );
  return fc
    .record({
      extras: fc.array(fc.tuple(fc.nat(), extra), { maxLength: 4 }),
      endings: fc.array(fc.constantFrom("\n", "\r\n", "\n\n"), { minLength: 1, maxLength: 4 }),
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
      pauses: fc.boolean(),
      glue: fc.boolean(),
    })
    .map(({ extras, endings, cuts, pauses, glue }) => {
      const lines: Segment[] = [...messageLines];
      for (const [at, segment] of extras) lines.splice(at % (lines.length + 1), 0, segment);
      const parts: Segment[] = [];
      lines.forEach((line, index) => {
        parts.push(line);
        // Now and then two lines run together with no newline between them.
        if (!(glue && index === 1)) parts.push(enc(endings[index % endings.length] as string));
      });
      return { version: c.version, bytes: Buffer.concat(parts), cuts, pauses };
    });
});
