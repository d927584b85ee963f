/**
 * One SSE response body: messages in, bytes out, with keep-alive comments while idle. With an
 * event store, each message is stored before it is written and carries its event id; writes stay
 * in order although storing is asynchronous.
 */

import type { JsonRpcMessage } from "../../jsonrpc/messages.js";
import { StalledReaderError } from "../../jsonrpc/transport.js";
import { encodeSseEvent } from "../sse.js";
import type { EventStore } from "./event-store.js";
import { type DirectSseSink, type PlainResponse, WRITTEN_DIRECTLY } from "./fast-path.js";

export const DEFAULT_MAX_SSE_BUFFER_BYTES = 4 * 1024 * 1024;
const ENCODER = new TextEncoder();
/** The headers of every SSE response. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  connection: "keep-alive",
};

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * One JSON-RPC message as an SSE event. JSON.stringify escapes every line break, so the data is one
 * line (encodeSseEvent's general case splits multi-line data into several `data:` lines).
 */
function messageEvent(message: JsonRpcMessage): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}

export class SseStream {
  /** The answer to return: a web Response over the stream, or WRITTEN_DIRECTLY when a direct sink carries it. */
  readonly response: Response | PlainResponse;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  /** Storing under way (with an event store): writes and the close wait for it; undefined while nothing is. */
  private chain: Promise<void> | undefined;
  /** Ids of the events written (with an event store), so a replay writes each once. */
  private written: Set<string> | undefined;
  /** While missed events are replayed, live ones wait here. */
  private held: Array<{ id: string; message: JsonRpcMessage }> | undefined;
  closed = false;
  /** A request's new stream, of which nobody holds an event id yet: its first message may go unstored (EventStore.firstEventId). */
  fresh = false;
  /** Called once when the stream ends; `reason` when it was closed because its reader stalled. */
  onclose?: (reason?: StalledReaderError) => void;
  onstall?: (reason: StalledReaderError) => void;

  constructor(
    keepAliveMs: number,
    headers: Record<string, string>,
    readonly streamId: string,
    private readonly store: EventStore | undefined,
    retryMs: number | undefined,
    private readonly maxBufferedBytes: number,
    /** Where the node adapter lets the stream write straight to the socket (see node-sse.ts). */
    private readonly direct?: DirectSseSink,
  ) {
    if (direct) {
      direct.onclose = () => this.finish();
      // No timer for a stream answered in the turn it opened (the usual quick request): keep-alives
      // start when the response does without having ended.
      direct.onstart = () => {
        if (!this.closed) this.armKeepAlive(keepAliveMs);
      };
      this.response = WRITTEN_DIRECTLY;
      if (store && retryMs !== undefined) this.raw(`retry: ${retryMs}\n\n`);
      return;
    }
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.finish(),
      },
      // desiredSize is then the limit minus the bytes waiting for the reader.
      new ByteLengthQueuingStrategy({ highWaterMark: maxBufferedBytes }),
    );
    this.response = new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
    if (store && retryMs !== undefined) this.raw(`retry: ${retryMs}\n\n`);
    this.armKeepAlive(keepAliveMs);
  }

  private armKeepAlive(keepAliveMs: number): void {
    this.keepAlive = setInterval(() => this.raw(": keep-alive\n\n"), keepAliveMs);
    this.keepAlive.unref?.();
  }

  private raw(text: string): void {
    if (this.closed) return;
    const direct = this.direct;
    if (direct) {
      const waiting = direct.waiting;
      const size = waiting > 0 ? ENCODER.encode(text).byteLength : 0;
      if (waiting > 0 && waiting + size > this.maxBufferedBytes) {
        const reason = new StalledReaderError(`SSE stream ${this.streamId}`, waiting + size, this.maxBufferedBytes);
        direct.destroy(); // Drops what was queued: the memory is released now.
        this.finish(reason);
        return;
      }
      direct.write(text);
      return;
    }
    const bytes = ENCODER.encode(text);
    const waiting = this.maxBufferedBytes - (this.controller?.desiredSize ?? this.maxBufferedBytes);
    if (waiting > 0 && waiting + bytes.byteLength > this.maxBufferedBytes) {
      const reason = new StalledReaderError(
        `SSE stream ${this.streamId}`,
        waiting + bytes.byteLength,
        this.maxBufferedBytes,
      );
      try {
        this.controller?.error(reason); // Drops what was queued: the memory is released now.
      } catch {
        // Already closed.
      }
      this.finish(reason);
      return;
    }
    try {
      this.controller?.enqueue(bytes);
    } catch {
      this.finish();
    }
  }

  /** Stores (when resumable) and writes one message; resolves once it is stored. */
  write(message: JsonRpcMessage): Promise<void> {
    const store = this.store;
    if (!store) {
      this.raw(messageEvent(message));
      return RESOLVED;
    }
    if (this.fresh) {
      this.fresh = false;
      const first = store.firstEventId?.(this.streamId);
      if (first !== undefined) {
        this.writeStored(first, message);
        return this.chain ?? RESOLVED;
      }
    }
    this.chain = (this.chain ?? RESOLVED).then(async () => {
      let id: string;
      try {
        id = await store.storeEvent(this.streamId, message);
      } catch {
        // The store is unreachable: the message still goes out, without an id (it cannot be resumed past).
        this.raw(messageEvent(message));
        return;
      }
      this.writeStored(id, message);
    });
    return this.chain;
  }

  /** Writes a message stored already (by this process or another), after any replay under way; once per id. */
  writeStored(id: string, message: JsonRpcMessage): void {
    if (this.held) this.held.push({ id, message });
    else this.emit(id, message);
  }

  private emit(id: string, message: JsonRpcMessage): void {
    this.written ??= new Set();
    if (this.written.has(id)) return;
    this.written.add(id);
    this.raw(encodeSseEvent({ id, event: "message", data: JSON.stringify(message) }));
  }

  /** Replays `missed` first, then whatever arrived live meanwhile, skipping duplicates. */
  async replay(missed: Promise<Array<{ id: string; message: JsonRpcMessage }>>): Promise<void> {
    this.held = [];
    try {
      for (const event of await missed) this.emit(event.id, event.message);
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const event of held) this.emit(event.id, event.message);
    }
  }

  /** Closes once everything queued has been written. */
  close(): void {
    // Nothing is being stored: everything is written already, and the stream ends in this turn (a
    // direct sink then writes headers, events and end at once).
    if (this.chain === undefined) this.closeNow();
    else this.chain.then(() => this.closeNow());
  }

  closeNow(): void {
    if (this.closed) return;
    if (this.direct) {
      this.direct.end();
      this.finish();
      return;
    }
    try {
      this.controller?.close();
    } catch {
      // Already cancelled by the client.
    }
    this.finish();
  }

  private finish(reason?: StalledReaderError): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    if (reason) this.onstall?.(reason);
    this.onclose?.(reason);
  }
}
