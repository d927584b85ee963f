/**
 * Reading the SSE streams of a Streamable HTTP session with resumption: a stream that ends before
 * the answer it was opened for (a POST stream), or the standalone stream whenever it ends, is
 * resumed with GET + Last-Event-ID after the server's `retry` delay or a doubling backoff, both with
 * jitter (see reconnectDelay). Nothing the server stored is lost, and the event ids keep it from
 * arriving twice.
 */
import type { JsonRpcMessage, RequestId } from "../../jsonrpc/messages.js";
import { MessageTooLargeError } from "../../jsonrpc/transport.js";
import { SseParser } from "../sse.js";
import { bodyReader, discardBody } from "./body.js";
import { describeFailure, type HttpClientLink, StreamAbort, type StreamableHttpClientOptions } from "./client-link.js";
import { HttpTransportError } from "./http-transport-error.js";
import { carriesMessage, isResponseTo, pumpSse } from "./sse-messages.js";

/** How long to wait before reconnecting attempt `tries` (0 or 1 for the first). */
export function reconnectDelay(
  tries: number,
  serverRetry: number | undefined,
  limits: NonNullable<StreamableHttpClientOptions["reconnect"]>,
  random: () => number,
): number {
  const cap = limits.maxDelayMs ?? 30_000;
  const jitter = Math.min(1, Math.max(0, limits.jitter ?? 0.5));
  if (serverRetry !== undefined) {
    // The server's `retry` is the least it asks for: spread clients out above it, up to the cap.
    return Math.min(Math.max(cap, serverRetry), serverRetry * (1 + jitter * random()));
  }
  // A doubling backoff up to the cap, each wait drawn below it, so that clients that lost their
  // streams at the same moment (a server restart) do not come back in step, even at the cap.
  const ceiling = Math.min(cap, (limits.initialDelayMs ?? 1000) * 2 ** Math.max(0, tries - 1));
  return ceiling * (1 - jitter * random());
}

export class ResumableSseReader {
  constructor(
    private readonly link: HttpClientLink,
    /** The session's headers for a request accepting `accept`. */
    private readonly headers: (accept: string) => Record<string, string>,
  ) {}

  /**
   * Reads one stream to its end, delivering its messages; `expect` is the request whose answer it
   * carries (undefined for the standalone stream), `attempt` how many resumptions in a row brought
   * nothing new.
   */
  async read(response: Response, controller: StreamAbort, expect: RequestId | undefined, attempt = 0): Promise<void> {
    const reader = bodyReader(response);
    if (!reader) return;
    const link = this.link;
    link.streams.add(controller);
    let lastEventId: string | undefined;
    let retry: number | undefined;
    let answered = false;
    let received = false;
    const parser = new SseParser((event) => {
      if (event.id !== undefined) lastEventId = event.id;
      if (event.retry !== undefined) retry = event.retry;
      if (!carriesMessage(event)) return;
      received = true;
      try {
        const message = JSON.parse(event.data) as JsonRpcMessage;
        if (expect !== undefined && isResponseTo(message, expect)) answered = true;
        link.deliver(message);
      } catch (error) {
        link.report(error as Error);
      }
    }, link.maxMessageBytes);
    controller.reader = reader;
    let failure: unknown;
    try {
      await pumpSse(reader, parser);
    } catch (error) {
      if (controller.aborted) return;
      failure = error;
    } finally {
      link.streams.delete(controller);
    }
    if (failure instanceof MessageTooLargeError) {
      // Resuming would replay the same message: the request fails now, and the stream is dropped.
      controller.abort();
      await reader.cancel().catch(() => {});
      link.report(failure);
      link.lost(expect, `the server sent a message over the ${link.maxMessageBytes}-byte limit`);
      return;
    }
    if (link.closed || controller.aborted || answered) return;
    const standalone = expect === undefined;
    const ended = failure === undefined ? "the stream ended" : `the stream failed (${describeFailure(failure)})`;
    if (!standalone && lastEventId === undefined) {
      // Nothing to resume from: the answer will never come.
      link.lost(expect, `${ended} before the answer, and the server gave no event ids to resume from`);
      return;
    }
    await this.resume({ expect, lastEventId, retry, ended, attempt: received ? 0 : attempt + 1 });
  }

  /**
   * Resumes after the server's `retry`, or with a doubling backoff; a server that cannot be reached
   * (restarting) counts as a failed attempt, and so does a stream that ends again with nothing new.
   */
  private async resume(from: {
    expect: RequestId | undefined;
    lastEventId: string | undefined;
    retry: number | undefined;
    /** How the stream ended, for the error its request gets if it cannot be resumed. */
    ended: string;
    attempt: number;
  }): Promise<void> {
    const { expect, lastEventId, retry, ended } = from;
    const link = this.link;
    const limits = link.options.reconnect ?? {};
    const maxAttempts = limits.maxAttempts ?? 5;
    for (let tries = from.attempt, first = true; ; tries++, first = false) {
      if (tries > maxAttempts) {
        link.report(new Error("the server's stream kept ending; giving up reconnecting"));
        link.lost(expect, `${ended} before the answer, and resuming it failed ${maxAttempts} times`);
        return;
      }
      const wait = reconnectDelay(tries, first ? retry : undefined, limits, Math.random);
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (link.closed) return;
      const next = new StreamAbort();
      const headers = this.headers("text/event-stream");
      if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
      let resumed: Response;
      try {
        resumed = await link.fetch(link.url, { method: "GET", headers });
      } catch {
        continue;
      }
      if (!resumed.ok) {
        await discardBody(resumed);
        if (resumed.status !== 405)
          link.report(new HttpTransportError(resumed.status, `resuming the stream failed with HTTP ${resumed.status}`));
        link.lost(expect, `${ended} before the answer, and resuming it failed with HTTP ${resumed.status}`);
        return;
      }
      await this.read(resumed, next, expect, tries);
      return;
    }
  }
}
