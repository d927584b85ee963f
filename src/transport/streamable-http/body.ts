/** Reading HTTP bodies with a bound: what a peer sends is never buffered past the limit. */

/**
 * What the client needs of a body: its chunks in order, and a way to stop. A web stream's reader is
 * one; `nodeHttpFetch` (typed-mcp/node) offers a cheaper one under BODY_READER, reading node's
 * response directly, because on Node a web ReadableStream costs tens of µs to make.
 */
export interface BodyReader {
  read(): Promise<{ done: true; value?: Uint8Array | undefined } | { done: false; value: Uint8Array }>;
  cancel(): Promise<void>;
}

/** Where a Response offers its own BodyReader (a method taking no arguments). */
export const BODY_READER: unique symbol = Symbol.for("typed-mcp.bodyReader") as never;

/** The reader of a response's body: the fetch's own cheaper one where it offers it, else its stream's. */
export function bodyReader(response: Response): BodyReader | undefined {
  const own = (response as { [BODY_READER]?: () => BodyReader })[BODY_READER];
  return own ? own.call(response) : response.body?.getReader();
}

/** Stops a response's body, unread (a 202, an error status): what `response.body?.cancel()` does. */
export async function discardBody(response: Response): Promise<void> {
  await bodyReader(response)?.cancel();
}

/** A body stream as UTF-8 text, or undefined once it passes `limit` bytes (reading stops there). */
export async function readBodyUpTo(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<string | undefined> {
  if (!body) return "";
  return readUpTo(body.getReader(), limit);
}

/** What a reader gives as UTF-8 text, or undefined once it passes `limit` bytes (reading stops there). */
export async function readUpTo(reader: BodyReader, limit: number): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const decoder = new TextDecoder();
  let text = "";
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
