/** Server-sent events: encoding on the server side, incremental parsing on the client side. */
import { MessageTooLargeError } from "../jsonrpc/transport.js";

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  retry?: number;
}

export function encodeSseEvent(event: SseEvent): string {
  let out = "";
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.retry !== undefined) out += `retry: ${event.retry}\n`;
  for (const line of event.data.split("\n")) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** Parses an SSE byte stream chunk by chunk; events come out through `onEvent`. */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private id: string | undefined;
  private event: string | undefined;
  private retry: number | undefined;
  private readonly decoder = new TextDecoder();

  private dataLength = 0;
  /** The buffer ended in a CR that ended a line: a LF arriving next belongs to it (CRLF split across chunks). */
  private afterCarriageReturn = false;

  /** `maxEventChars`: an event (or a line) longer than this throws MessageTooLargeError instead of growing memory. */
  constructor(
    private readonly onEvent: (event: SseEvent) => void,
    private readonly maxEventChars = Number.POSITIVE_INFINITY,
  ) {}

  push(chunk: Uint8Array | string): void {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.afterCarriageReturn && this.buffer !== "") {
      // The last line ended with a CR at the end of a chunk: a LF starting this one is the same line end.
      if (this.buffer.startsWith("\n")) this.buffer = this.buffer.slice(1);
      this.afterCarriageReturn = false;
    }
    let newline = this.buffer.search(/\r\n|\r|\n/);
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.afterCarriageReturn = width === 1 && this.buffer[newline] === "\r" && newline === this.buffer.length - 1;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
      newline = this.buffer.search(/\r\n|\r|\n/);
    }
    // What is held now is one unfinished event: its data lines so far and a partial line.
    if (this.buffer.length + this.dataLength > this.maxEventChars) {
      throw new MessageTooLargeError(this.buffer.length + this.dataLength, this.maxEventChars);
    }
  }

  private line(line: string): void {
    if (line === "") {
      if (this.data.length > 0 || this.id !== undefined) {
        const event: SseEvent = { data: this.data.join("\n") };
        if (this.id !== undefined) event.id = this.id;
        if (this.event !== undefined) event.event = this.event;
        if (this.retry !== undefined) event.retry = this.retry;
        this.onEvent(event);
      }
      this.data = [];
      this.dataLength = 0;
      this.event = undefined;
      this.retry = undefined;
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.data.push(value);
      this.dataLength += value.length;
    } else if (field === "id") this.id = value;
    else if (field === "event") this.event = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
  }
}
