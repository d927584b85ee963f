/**
 * Framing fuzzer: bytes on a real server's stdin (StdioServerTransport over PassThrough streams,
 * McpServer behind it). Lines are whole messages, truncated ones, binary garbage, invalid UTF-8,
 * oversized lines, deep nesting, blank lines, CRLF, a BOM; the byte stream is cut into chunks at
 * arbitrary places (inside multi-byte characters too). What comes out of stdout must be one JSON
 * message per line matching the JSON-RPC model; then a ping is answered and end of input closes.
 */
import { PassThrough } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import fc from "fast-check";
import { type McpServer, StdioServerTransport } from "../../src/index.js";
import { anyText, printJson } from "../cases/json.js";
import { anyMessageCase, FINAL_PING_ID } from "../cases/messages.js";
import { FuzzFailure, type ProcessGuard, settle, until, withDeadline } from "../guards.js";
import { type Inbound, JsonRpcModel } from "../oracle/jsonrpc.js";

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

/** The model's view of a byte stream: each newline-terminated line, as the spec of NDJSON reads it. */
export function linesOf(bytes: Buffer, maxBytes: number): Inbound[] {
  const items: Inbound[] = [];
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(0x0a, start);
    if (newline === -1) break;
    const line = bytes.subarray(start, newline);
    start = newline + 1;
    if (line.length > maxBytes) {
      items.push({ kind: "too-large" });
      continue;
    }
    let text = line.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.trim() === "") continue;
    try {
      items.push({ kind: "value", value: JSON.parse(text) });
    } catch {
      items.push({ kind: "parse-error" });
    }
  }
  return items;
}

export async function runFramingCase(c: FramingCase, server: McpServer, guard: ProcessGuard, deadlineMs = 3000) {
  const deadline = Date.now() + deadlineMs;
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new StdioServerTransport({ stdin, stdout, maxMessageBytes: FRAMING_MAX_MESSAGE_BYTES });
  const connected = await server.connect(transport);
  const out: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));

  const ping = enc(`\n${JSON.stringify({ jsonrpc: "2.0", id: FINAL_PING_ID, method: "ping" })}\n`);
  const all = Buffer.concat([c.bytes, ping]);
  const offsets = [...new Set(c.cuts.map((cut) => cut % (c.bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...offsets, c.bytes.length]) {
    if (to > from) stdin.write(c.bytes.subarray(from, to));
    from = to;
    if (c.pauses) await nextTurn();
  }
  stdin.write(ping);

  const sent: unknown[] = [];
  const problems: string[] = [];
  let consumed = 0;
  let pending = "";
  const readOut = () => {
    for (; consumed < out.length; consumed++) {
      pending += (out[consumed] as Buffer).toString("utf8");
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        try {
          sent.push(JSON.parse(line));
        } catch {
          problems.push(`stdout carried a line that is not JSON: ${line.slice(0, 200)}`);
        }
        newline = pending.indexOf("\n");
      }
    }
    return sent.length;
  };
  const pinged = () => {
    readOut();
    return sent.some((m) => (m as { id?: unknown }).id === FINAL_PING_ID);
  };
  await until(pinged, deadline, "the final ping's answer");
  await settle(readOut, deadline);

  const model = new JsonRpcModel();
  for (const item of linesOf(all, FRAMING_MAX_MESSAGE_BYTES)) model.receive(item);
  let found = [...problems, ...model.check(sent)];
  // Settled with problems: a straggling answer gets a moment more, a wrong one fails at once.
  const grace = Math.min(deadline, Date.now() + 100);
  while (found.length > 0 && Date.now() < grace) {
    await nextTurn();
    readOut();
    found = [...problems, ...model.check(sent)];
  }
  if (pending !== "") found.push(`stdout ended mid-line: ${pending.slice(0, 200)}`);
  if (found.length > 0) throw new FuzzFailure(`version ${c.version}:\n  ${found.join("\n  ")}`);

  stdin.end();
  await withDeadline(connected.closed, Math.max(1, deadline - Date.now()), "closing on end of input");
  await nextTurn();
  guard.check();
}
