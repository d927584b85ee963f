/**
 * Framing fuzzer: bytes on a real server's stdin (StdioServerTransport over PassThrough streams,
 * McpServer behind it), a framing case (../cases/framing.ts) cut into chunks at arbitrary places
 * (inside multi-byte characters too). What comes out of stdout must be one JSON message per line
 * matching the JSON-RPC model; then a ping is answered and end of input closes.
 */
import { PassThrough } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { StdioServerTransport } from "../../src/entry/node.js";
import type { McpServer } from "../../src/index.js";
import { FRAMING_MAX_MESSAGE_BYTES, type FramingCase } from "../cases/framing.js";
import { FINAL_PING_ID } from "../cases/messages.js";
import { FuzzFailure, type ProcessGuard, settle, until, withDeadline } from "../guards.js";
import { JsonRpcModel } from "../oracle/jsonrpc.js";
import { linesOf } from "../oracle/ndjson.js";

const enc = (text: string) => Buffer.from(text, "utf8");

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
