/**
 * An SSE response written straight to node's ServerResponse (the node adapter's DirectSseSink): no
 * web ReadableStream, Response or TextEncoder per stream. What is written in one turn of the event
 * loop goes out in one write; a stream that ends in the turn it began (the usual answer to a quick
 * request) goes out as one write of headers and body with a Content-Length, its headers stored by
 * one writeHead. The sinks opened in one turn share one setImmediate, and the adapter's request
 * tells its sink when the client goes away (no listener of its own per stream).
 */
import type { ServerResponse } from "node:http";
import type { DirectSseSink } from "./fast-path.js";

/** Sinks waiting for the end of this turn, flushed by one setImmediate. */
let due: NodeSseSink[] = [];

function flushDue(): void {
  const sinks = due;
  due = [];
  for (const sink of sinks) sink.flush();
}

export class NodeSseSink implements DirectSseSink {
  onclose: (() => void) | undefined;
  onstart: (() => void) | undefined;
  /** Text written this turn, not handed to the response yet. */
  private pending = "";
  private pendingBytes = 0;
  private scheduled = false;
  private started = false;
  private ended = false;
  private closeReported = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly status: number,
    /** The response's headers; the sink owns the object (it adds the Content-Length of a stream written whole). */
    private readonly headers: Record<string, string>,
  ) {
    // A stream that says nothing this turn still gets its headers now: the client is waiting for them.
    this.schedule();
  }

  get waiting(): number {
    return this.pendingBytes + (this.res.destroyed ? 0 : this.res.writableLength);
  }

  write(text: string): void {
    if (this.ended) return;
    this.pending += text;
    this.pendingBytes += Buffer.byteLength(text);
    this.schedule();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const res = this.res;
    if (res.destroyed) return;
    const text = this.pending;
    this.pending = "";
    this.pendingBytes = 0;
    if (!this.started) {
      // The whole stream in one write: headers and every event, with its length.
      this.started = true;
      this.headers["content-length"] = String(Buffer.byteLength(text));
      res.writeHead(this.status, this.headers);
      res.end(text);
      return;
    }
    res.end(text === "" ? undefined : text);
  }

  destroy(): void {
    this.pending = "";
    this.pendingBytes = 0;
    this.res.destroy();
  }

  /** The client went away before the response finished (told by the adapter's request, see node.ts). */
  gone(): void {
    if (this.closeReported) return;
    this.closeReported = true;
    this.ended = true;
    this.pending = "";
    this.pendingBytes = 0;
    this.onclose?.();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (due.length === 0) setImmediate(flushDue);
    due.push(this);
  }

  /** Hands this turn's text to the response (the headers first, on the first flush). */
  flush(): void {
    this.scheduled = false;
    if (this.ended) return;
    const res = this.res;
    if (res.destroyed) return;
    if (!this.started) {
      this.started = true;
      res.writeHead(this.status, this.headers);
      if (this.pending === "") res.flushHeaders();
      this.onstart?.();
    }
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    this.pendingBytes = 0;
    res.write(text);
  }
}
