/**
 * Kernel fuzzer: message sequences for every protocol version, sent as parsed JSON over an
 * in-memory transport to a real McpServer (kernel and high level), with every response checked
 * against the JSON-RPC model, then a ping, then a clean close.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { JsonRpcMessage } from "../../src/entry/jsonrpc.js";
import { InMemoryTransport, type McpServer } from "../../src/index.js";
import { printJson } from "../cases/json.js";
import type { KernelCase } from "../cases/kernel.js";
import { FINAL_PING_ID } from "../cases/messages.js";
import { FuzzFailure, type ProcessGuard, settle, until, withDeadline } from "../guards.js";
import { JsonRpcModel } from "../oracle/jsonrpc.js";

export const FINAL_PING = { jsonrpc: "2.0", id: FINAL_PING_ID, method: "ping" } as const;

export async function runKernelCase(c: KernelCase, server: McpServer, guard: ProcessGuard, deadlineMs = 3000) {
  const deadline = Date.now() + deadlineMs;
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const sent: unknown[] = [];
  client.onmessage = (message) => sent.push(message);
  const connected = await server.connect(serverSide);
  await client.start();
  const model = new JsonRpcModel();
  for (const [index, tree] of c.messages.entries()) {
    const value: unknown = JSON.parse(printJson(tree));
    model.receive({ kind: "value", value });
    if (c.pauses[index]) await nextTurn();
    await client.send(value as JsonRpcMessage);
  }
  model.receive({ kind: "value", value: FINAL_PING });
  await client.send({ ...FINAL_PING });
  const answered = () => sent.some((m) => (m as { id?: unknown }).id === FINAL_PING_ID);
  await until(answered, deadline, "the final ping's answer");
  await settle(() => sent.length, deadline);
  let problems = model.check(sent);
  // Settled with problems: a straggling answer gets a moment more, a wrong one fails at once.
  const grace = Math.min(deadline, Date.now() + 100);
  while (problems.length > 0 && Date.now() < grace) {
    await nextTurn();
    problems = model.check(sent);
  }
  if (problems.length > 0) throw new FuzzFailure(`version ${c.version}:\n  ${problems.join("\n  ")}`);
  await client.close();
  await withDeadline(connected.closed, Math.max(1, deadline - Date.now()), "closing the connection");
  await nextTurn();
  guard.check();
}
