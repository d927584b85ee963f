import { describe, expect, it } from "vitest";
import { MalformedMessageError, MessageTooLargeError } from "../../../src/jsonrpc/transport.js";
import { NdjsonDecoder } from "../../../src/transport/ndjson.js";

function decoder(limit?: number) {
  const messages: unknown[] = [];
  const errors: Error[] = [];
  const decode = new NdjsonDecoder({ message: (m) => messages.push(m), error: (e) => errors.push(e) }, limit);
  return { decode, messages, errors };
}

describe("NdjsonDecoder", () => {
  it("splits lines across and within chunks", () => {
    const { decode, messages } = decoder();
    decode.push(Buffer.from('{"a":1}\n{"b":'));
    decode.push(Buffer.from('2}\n{"c":3}\r\n'));
    expect(messages).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it("keeps multi-byte characters split across chunks intact", () => {
    const { decode, messages } = decoder();
    const bytes = Buffer.from('{"t":"héllo ✓"}\n');
    decode.push(bytes.subarray(0, 9));
    decode.push(bytes.subarray(9));
    expect(messages).toEqual([{ t: "héllo ✓" }]);
  });

  it("reports a broken line and keeps going", () => {
    const { decode, messages, errors } = decoder();
    decode.push(Buffer.from('{"ok":1}\n{"truncated":\n\n{"ok":2}\n'));
    expect(messages).toEqual([{ ok: 1 }, { ok: 2 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MalformedMessageError);
  });

  it("refuses a line over the limit without buffering it, then recovers", () => {
    const { decode, messages, errors } = decoder(16);
    decode.push(Buffer.from(`{"big":"${"x".repeat(10)}`));
    decode.push(Buffer.from(`${"y".repeat(1000)}"}\n{"n":1}\n`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MessageTooLargeError);
    expect(messages).toEqual([{ n: 1 }]);
  });

  it("a last line without a newline is delivered at end of input", () => {
    const { decode, messages } = decoder();
    decode.push(Buffer.from('{"last":true}'));
    expect(messages).toEqual([]);
    decode.end();
    expect(messages).toEqual([{ last: true }]);
  });
});
