/**
 * Newline-delimited JSON framing, as stdio uses it: one JSON-RPC message per line.
 *
 * The decoder keeps working after a broken line (it reports it and moves on) and refuses to
 * buffer a line beyond `maxMessageBytes`, so a peer that never sends a newline cannot grow
 * memory without bound.
 */
import type { JsonRpcMessage } from "../jsonrpc/messages.js";
import { MalformedMessageError, MessageTooLargeError } from "../jsonrpc/transport.js";

export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface LineDecoderEvents {
  message(value: unknown): void;
  error(error: Error): void;
}

export class NdjsonDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** True while skipping the rest of an oversized line, up to its newline. */
  private discarding = false;

  constructor(
    private readonly events: LineDecoderEvents,
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) {
        this.append(chunk.subarray(start));
        return;
      }
      if (this.chunks.length === 0 && !this.discarding) {
        // A whole line within this chunk (the usual case): read straight from it, no copy kept.
        if (newline - start > this.maxMessageBytes) {
          this.events.error(new MessageTooLargeError(newline - start, this.maxMessageBytes));
        } else {
          this.parseLine(chunk.toString("utf8", start, newline));
        }
      } else {
        this.append(chunk.subarray(start, newline));
        this.endLine();
      }
      start = newline + 1;
    }
  }

  /** The stream ended: a last line without a newline is still a message. */
  end(): void {
    if (this.buffered > 0 || this.chunks.length > 0) this.endLine();
  }

  private append(part: Buffer): void {
    if (this.discarding || part.length === 0) return;
    if (this.buffered + part.length > this.maxMessageBytes) {
      this.events.error(new MessageTooLargeError(this.buffered + part.length, this.maxMessageBytes));
      this.chunks = [];
      this.buffered = 0;
      this.discarding = true;
      return;
    }
    this.chunks.push(part);
    this.buffered += part.length;
  }

  private endLine(): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const line = (this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks)).toString("utf8");
    this.chunks = [];
    this.buffered = 0;
    this.parseLine(line);
  }

  private parseLine(line: string): void {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.events.error(new MalformedMessageError(text, error));
      return;
    }
    this.events.message(value);
  }
}

export function encodeMessage(message: JsonRpcMessage): string {
  return `${JSON.stringify(message)}\n`;
}
