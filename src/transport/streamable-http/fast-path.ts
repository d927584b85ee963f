/**
 * The node adapter's fast path (see node.ts): for a small body it hands the handler a request
 * that is not a web Request (its body already read, its abort reported without an AbortSignal),
 * and writes a whole-body answer without making a web Response. These are the marks both sides
 * agree on, and the handler's ways of reading such a request as cheaply as it can.
 */

import { readBodyUpTo } from "./body.js";

/** A whole-body answer, before it becomes a web Response (the node adapter writes it directly). */
export class PlainResponse {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string | null,
  ) {}

  toResponse(): Response {
    return new Response(this.body, { status: this.status, headers: this.headers });
  }
}

/** Marks a web handler that also offers the plain entry point (see StreamableHttpEndpoint.route). */
export const PLAIN_ROUTE: unique symbol = Symbol.for("typed-mcp.streamable-http.plain-route");

/** A request that can report its abort without an AbortSignal. */
export const ON_ABORT: unique symbol = Symbol.for("typed-mcp.streamable-http.on-abort");

/** Calls `listener` once when the client goes away before the answer is complete. */
export function whenAborted(request: Request, listener: () => void): void {
  const light = (request as { [ON_ABORT]?: (listener: () => void) => void })[ON_ABORT];
  if (light) light.call(request, listener);
  else request.signal.addEventListener("abort", listener, { once: true });
}

/** A request whose body was read before it got here. */
export const PREREAD_BODY: unique symbol = Symbol.for("typed-mcp.streamable-http.preread-body");

/** Reads a body up to `limit` bytes; undefined when it is larger. */
export async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const preread = prereadText(request, limit);
  if (preread !== null) return preread;
  return readBodyUpTo(request.body, limit);
}

/** One decoder for every pre-read body (decoding a whole buffer keeps no state between calls). */
const DECODER = new TextDecoder();

/**
 * The body a request came with already read (the node adapter's), as text: undefined when it is
 * larger than `limit`, null when the body is still to be read (see readLimited).
 */
export function prereadText(request: Request, limit: number): string | undefined | null {
  const preread = (request as { [PREREAD_BODY]?: Uint8Array })[PREREAD_BODY];
  if (!preread) return null;
  return preread.byteLength > limit ? undefined : DECODER.decode(preread);
}

/**
 * Where an SSE stream writes when the node adapter serves it: text straight to the socket, without
 * a web ReadableStream and Response in between (see node-sse.ts).
 */
export interface DirectSseSink {
  /** Queues `text` behind what was written before; it goes out with the rest at the end of this turn. */
  write(text: string): void;
  /** Bytes written but not yet taken by the client (what a stalled reader leaves behind). */
  readonly waiting: number;
  /** Ends the response once everything queued has gone out. */
  end(): void;
  /** Drops the connection now (a stalled reader: what is queued is released). */
  destroy(): void;
  /** Called once when the client goes away before the response ended. */
  onclose: (() => void) | undefined;
  /**
   * Called once when the response begins without having ended (its headers went out at the end of
   * the turn it was opened in): from then on the stream is a live one, and idle ones need keep-alives.
   */
  onstart: (() => void) | undefined;
}

/** A request whose answer may be an SSE stream written directly: `[OPEN_SSE](headers)` starts it. */
export const OPEN_SSE: unique symbol = Symbol.for("typed-mcp.streamable-http.open-sse");

/** What `route` returns when the answer was written through an OPEN_SSE sink: nothing is left to write. */
export const WRITTEN_DIRECTLY: PlainResponse = new PlainResponse(200, {}, null);

/** The direct SSE sink of a request that offers one (the node adapter's), else undefined. */
export function openDirectSse(request: Request, headers: Record<string, string>): DirectSseSink | undefined {
  const open = (request as { [OPEN_SSE]?: (headers: Record<string, string>) => DirectSseSink })[OPEN_SSE];
  return open?.call(request, headers);
}
