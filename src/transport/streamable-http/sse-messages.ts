/** JSON-RPC messages over SSE, as the HTTP clients read them. */
import type { JsonRpcMessage, RequestId } from "../../jsonrpc/messages.js";
import type { SseEvent, SseParser } from "../sse.js";
import type { BodyReader } from "./body.js";

/**
 * Feeds an SSE body to `parser` chunk by chunk until it ends (or `until` holds). What stops the
 * reading early is thrown: an abort, a dropped connection, an event over the parser's limit.
 */
export async function pumpSse(reader: BodyReader, parser: SseParser, until?: () => boolean): Promise<void> {
  while (!until?.()) {
    const { done, value } = await reader.read();
    if (done) return;
    parser.push(value);
  }
}

/** Whether an event carries a message: it has data, and no event name other than "message". */
export function carriesMessage(event: SseEvent): boolean {
  return event.data !== "" && (event.event === undefined || event.event === "message");
}

/** Whether `message` is the answer (a result or an error) to request `id`. */
export function isResponseTo(message: JsonRpcMessage, id: RequestId): boolean {
  return "id" in message && message.id === id && !("method" in message);
}
