/**
 * An SSE response written straight to node's ServerResponse (the node adapter's DirectSseSink): no
 * web ReadableStream, Response or TextEncoder per stream. What is written in one turn of the event
 * loop goes out in one write; a stream that ends in the turn it began (the usual answer to a quick
 * request) goes out as one write of headers and body with a Content-Length.
 */
import type { ServerResponse } from "node:http";
import type { DirectSseSink } from "./fast-path.js";

export class NodeSseSink implements DirectSseSink {
  onclose: (() => void) | undefined;
  /** Text written this turn, not handed to the response yet. */
  private pending = "";
  private pendingBytes = 0;
  private scheduled = false;
  private started = false;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    status: number,
    headers: Record<string, string>,
  ) {
    res.statusCode = status;
    for (const name in headers) res.setHeader(name, headers[name] as string);
    res.on("close", () => {
      if (!this.ended || !res.writableFinished) {
        this.ended = true;
        this.onclose?.();
      }
    });
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
      res.setHeader("content-length", Buffer.byteLength(text));
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

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = () => {
    this.scheduled = false;
    if (this.ended) return;
    const res = this.res;
    if (res.destroyed) return;
    if (!this.started) {
      this.started = true;
      if (this.pending === "") {
        res.flushHeaders();
        return;
      }
    }
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    this.pendingBytes = 0;
    res.write(text);
  };
}
