/**
 * Shared by the migration-row tests (test/types/migration*.test.ts): one typed-mcp client drives a
 * server written with either SDK, so that both sides of a row are checked against the same peer.
 */
import { expect } from "vitest";
import { Client, InMemoryTransport, type Transport } from "../../src/index.js";
import type { Closer } from "./closers.js";

/** A linked in-memory pair whose ends are closed after the test. */
export function linkedPair(closers: Closer[]): [Transport, Transport] {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  closers.push(
    () => clientSide.close(),
    () => serverSide.close(),
  );
  return [clientSide, serverSide];
}

/** The text of a tool result's first content block. */
export const textOf = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

/** The text of a sampling request's first message. */
export const firstText = (messages: readonly { content: unknown }[]) =>
  (messages[0]?.content as { text?: string } | undefined)?.text;

/** What one side's tool saw and did, recorded by the client that drove it. */
export interface Observed {
  result: unknown;
  logs: unknown[];
  progress: unknown[];
  aborted: boolean;
}

/**
 * Connects a server (either SDK's) that has two tools, "asks" (logs, reports progress, samples,
 * elicits a form, lists roots, and answers with what it got) and "waits" (until its signal aborts,
 * reported through `untilAborted`), and drives both with one typed-mcp client.
 */
export async function driveAsks(
  closers: Closer[],
  connectServer: (transport: Transport) => Promise<void>,
): Promise<Observed> {
  const [clientSide, serverSide] = linkedPair(closers);
  await connectServer(serverSide);
  const logs: unknown[] = [];
  const client = new Client({ name: "driver", version: "1" })
    .onSampling((params) => ({
      role: "assistant",
      model: "test-model",
      content: { type: "text", text: `sampled: ${firstText(params.messages)}` },
    }))
    .onElicitation(() => ({ action: "accept", content: { name: "Ada" } }))
    .onRoots(() => [{ uri: "file:///work", name: "work" }]);
  client.onNotification("notifications/message", (params) => void logs.push(params));
  await client.connect(clientSide);
  const progress: unknown[] = [];
  const result = JSON.parse(
    textOf(await client.callTool({ name: "asks" }, { onProgress: (update) => progress.push(update) })),
  );
  const abort = new AbortController();
  const cancelled = client.callTool({ name: "waits" }, { signal: abort.signal }).catch(() => "cancelled");
  await new Promise((resolve) => setTimeout(resolve, 50));
  abort.abort();
  expect(await cancelled).toBe("cancelled");
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { result, logs, progress, aborted: waitsAborted.delete(serverSide) };
}

/** The transports whose "waits" tool saw its signal abort. */
const waitsAborted = new Set<Transport>();

/** A tool that waits until its signal aborts, then records it for `serverSide`. */
export function untilAborted(signal: AbortSignal, serverSide: Transport): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener("abort", () => {
      waitsAborted.add(serverSide);
      reject(new Error("aborted"));
    });
  });
}
