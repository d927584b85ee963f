import { describe, expect, it } from "vitest";
import { encodeSseEvent, type SseEvent, SseParser } from "../../../src/transport/sse.js";

/** The events of `chunks` pushed one after another. */
function parse(chunks: ReadonlyArray<string | Uint8Array>): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

/** One stream written with each of the three line endings the SSE spec allows, mixed. */
function stream(eol: string): string {
  return [
    `: a comment${eol}`,
    `id: 1${eol}data: a${eol}data: b${eol}${eol}`,
    `event: note${eol}data: {"x":"é"}${eol}retry: 50${eol}${eol}`,
    `data${eol}data:  two spaces${eol}${eol}`,
  ].join("");
}

const EXPECTED: SseEvent[] = [
  { id: "1", data: "a\nb" },
  { id: "1", event: "note", data: '{"x":"é"}', retry: 50 },
  { id: "1", data: "\n two spaces" },
];

describe("SseParser", () => {
  it("reads a CRLF split across two chunks as one line end", () => {
    expect(parse(["data: a\r", "\ndata: b\r\n\r\n"])).toEqual([{ data: "a\nb" }]);
    expect(parse(["data: a\r\n\r", "\n", "data: b\r\n\r\n"])).toEqual([{ data: "a" }, { data: "b" }]);
    // A CR, an empty chunk, then the LF: still one line end.
    expect(parse(["data: a\r", "", "\ndata: b\r\n\r\n"])).toEqual([{ data: "a\nb" }]);
    // A lone CR followed by a CR is two line ends: an empty line, which dispatches.
    expect(parse(["data: a\r", "\rdata: b\r\r"])).toEqual([{ data: "a" }, { data: "b" }]);
  });

  for (const [name, eol] of [
    ["LF", "\n"],
    ["CR", "\r"],
    ["CRLF", "\r\n"],
  ] as const) {
    it(`${name} line endings: the same events however the stream is cut (every byte, every cut)`, () => {
      const text = stream(eol);
      expect(parse([text])).toEqual(EXPECTED);
      const bytes = new TextEncoder().encode(text);
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(parse([bytes.slice(0, cut), bytes.slice(cut)]), `bytes cut at ${cut}`).toEqual(EXPECTED);
      }
      for (let cut = 0; cut <= text.length; cut++) {
        expect(parse([text.slice(0, cut), text.slice(cut)]), `text cut at ${cut}`).toEqual(EXPECTED);
      }
      expect(parse([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(EXPECTED);
      expect(parse([...text])).toEqual(EXPECTED);
    });
  }

  it("reads back what encodeSseEvent writes", () => {
    const event = { id: "7", event: "message", data: "line one\nline two", retry: 10 };
    expect(parse([encodeSseEvent(event)])).toEqual([event]);
  });
});
