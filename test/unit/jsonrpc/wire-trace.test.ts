/** Wire tracing: one line per message, answers timed against their requests, long messages cut. */
import { describe, expect, it } from "vitest";
import { createWireTracer } from "../../../src/jsonrpc/wire-trace.js";

function tracer(maxMessageChars?: number) {
  const lines: string[] = [];
  let clock = 0;
  const trace = createWireTracer({
    label: "Test#1",
    write: (line) => lines.push(line),
    now: () => clock,
    ...(maxMessageChars === undefined ? {} : { maxMessageChars }),
  });
  return { trace, lines, advance: (ms: number) => (clock += ms) };
}

describe("createWireTracer", () => {
  it("writes each message with its direction and the time, and times an answer against its request", () => {
    const { trace, lines, advance } = tracer();
    trace.outbound({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    advance(12.5);
    trace.inbound({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 1, progress: 1 } });
    trace.inbound({ jsonrpc: "2.0", id: 1, result: { tools: [] } });
    expect(lines).toEqual([
      '[typed-mcp 0.0 ms] Test#1 -> {"jsonrpc":"2.0","id":1,"method":"tools/list"}\n',
      '[typed-mcp 12.5 ms] Test#1 <- {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n',
      '[typed-mcp 12.5 ms] Test#1 <- {"jsonrpc":"2.0","id":1,"result":{"tools":[]}} (12.5 ms after the request)\n',
    ]);
  });

  it("times the answers it sends against the requests it received, and pairs ids per direction", () => {
    const { trace, lines, advance } = tracer();
    trace.inbound({ jsonrpc: "2.0", id: 7, method: "ping" });
    trace.outbound({ jsonrpc: "2.0", id: 7, method: "sampling/createMessage" });
    advance(3);
    trace.outbound({ jsonrpc: "2.0", id: 7, result: {} });
    advance(2);
    trace.inbound({ jsonrpc: "2.0", id: 7, error: { code: -32601, message: "no" } });
    trace.inbound({ jsonrpc: "2.0", id: 7, result: {} });
    expect(lines[2]).toMatch(/-> .*"result":\{\}\} \(3\.0 ms after the request\)\n$/);
    expect(lines[3]).toMatch(/<- .*"error".* \(5\.0 ms after the request\)\n$/);
    // An answer nobody asked for (or a second one) has no timing.
    expect(lines[4]).toMatch(/"result":\{\}\}\n$/);
  });

  it("cuts long messages and says how long they were; survives what JSON cannot write", () => {
    const { trace, lines } = tracer(20);
    trace.inbound({ jsonrpc: "2.0", method: "x", params: { data: "a".repeat(100) } });
    expect(lines[0]).toContain('{"jsonrpc":"2.0","me… (');
    expect(lines[0]).toMatch(/… \(\d+ chars\)\n$/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    trace.inbound(cyclic);
    trace.inbound(undefined);
    expect(lines[1]).toContain("[object Object]");
    expect(lines[2]).toContain("<- undefined");
  });
});
