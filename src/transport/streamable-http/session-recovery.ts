/**
 * Recovering a Streamable HTTP session the server forgot (expired, or the server restarted; it
 * answers 404): the handshake the session made is replayed with the same initialize params,
 * invisibly to the layers above, and the message is sent again in the new session.
 */
import type { JsonRpcMessage } from "../../jsonrpc/messages.js";
import { SseParser } from "../sse.js";
import { HttpTransportError } from "./http-transport-error.js";
import { isResponseTo, pumpSse } from "./sse-messages.js";

/** What replaying the handshake needs of the session. */
export interface RecoverableSession {
  sessionId: string | undefined;
  post(message: JsonRpcMessage, signal: AbortSignal): Promise<Response>;
  /** Opens the standalone GET stream, when the options want one. */
  openStandaloneStream(): void;
}

/**
 * Sends `initialize` again under the fresh request id `id`: its answer is read here, not delivered,
 * then notifications/initialized follows.
 */
export async function replayHandshake(
  session: RecoverableSession,
  initialize: JsonRpcMessage,
  id: string,
): Promise<void> {
  session.sessionId = undefined;
  const request = { ...(initialize as object), id } as JsonRpcMessage;
  const controller = new AbortController();
  const response = await session.post(request, controller.signal);
  if (!response.ok) throw new HttpTransportError(response.status, `re-initialize failed with HTTP ${response.status}`);
  const sessionId = response.headers.get("mcp-session-id");
  if (sessionId) session.sessionId = sessionId;
  const answer = await firstAnswer(response, id);
  if (!answer || "error" in answer)
    throw new HttpTransportError(response.status, "re-initialize was refused by the server");
  const initialized = await session.post({ jsonrpc: "2.0", method: "notifications/initialized" }, controller.signal);
  await initialized.body?.cancel();
  session.openStandaloneStream();
}

/** The response to request `id` in a JSON or SSE answer. */
async function firstAnswer(response: Response, id: string): Promise<JsonRpcMessage | undefined> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = (await response.json()) as JsonRpcMessage | JsonRpcMessage[];
    return (Array.isArray(body) ? body : [body]).find((m) => "id" in m && m.id === id);
  }
  if (!response.body) return undefined;
  let found: JsonRpcMessage | undefined;
  const parser = new SseParser((event) => {
    if (!event.data) return;
    const message = JSON.parse(event.data) as JsonRpcMessage;
    if (isResponseTo(message, id)) found = message;
  });
  const reader = response.body.getReader();
  await pumpSse(reader, parser, () => found !== undefined);
  await reader.cancel().catch(() => {});
  return found;
}
