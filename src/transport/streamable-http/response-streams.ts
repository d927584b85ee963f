/**
 * How the requests of a session are answered over HTTP: as one JSON body, or on an SSE stream of
 * their POST's own that also carries every message related to them; with an event store, a client
 * that lost such a stream takes it over again (GET + Last-Event-ID). Also the session's standalone
 * GET stream.
 */

import type { JsonRpcRequest } from "../../jsonrpc/messages.js";
import type { MessageExtraInfo } from "../../jsonrpc/transport.js";
import { ErrorCode } from "../../protocol/errors.js";
import { requestAuth } from "./auth-gate.js";
import type { ResumableStreams } from "./batch-posts.js";
import { openDirectSse, PlainResponse, whenAborted } from "./fast-path.js";
import { jsonError } from "./json-response.js";
import type { ResolvedHttpOptions } from "./options.js";
import { randomId } from "./random-id.js";
import type { HttpSessionTransport } from "./session-transport.js";
import { SSE_HEADERS, SseStream } from "./sse-stream.js";

function standaloneStreamId(transport: HttpSessionTransport): string {
  return `${transport.sessionId}.standalone`;
}

export class ResponseStreams implements ResumableStreams {
  /** POST streams whose response has not gone out yet, by stream id: a resumed GET takes them over. */
  private readonly live = new Map<string, { sink: SseStream }>();

  constructor(private readonly options: ResolvedHttpOptions) {}

  /** Stream ids of streams nobody can resume (no event store): unique, they need not be unguessable. */
  private nextStreamId = 0;

  /**
   * Serves `message` on `transport` and answers its POST, as the options say. With `plain`, the
   * answer may be a PlainResponse or one the node adapter's sink has written (see fast-path.ts);
   * without, it is a web Response (whose headers the caller may still add to).
   */
  answer(
    transport: HttpSessionTransport,
    message: JsonRpcRequest,
    request: Request,
    headers: Record<string, string>,
    plain: true,
  ): Promise<Response | PlainResponse> | Response | PlainResponse;
  answer(
    transport: HttpSessionTransport,
    message: JsonRpcRequest,
    request: Request,
    headers: Record<string, string>,
    plain?: false,
  ): Promise<Response> | Response;
  answer(
    transport: HttpSessionTransport,
    message: JsonRpcRequest,
    request: Request,
    headers: Record<string, string>,
    plain = false,
  ): Promise<Response | PlainResponse> | Response | PlainResponse {
    const id = message.id;
    const done = () => {
      transport.detach(id);
      if (this.options.sessionless) transport.close().catch(() => {});
    };
    // A client that goes away mid-request cancels it: the handler's signal aborts and nothing is answered.
    const onAbort = (reason = "the client disconnected") => {
      if (!transport.closed) {
        transport.onmessage?.({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: id, reason },
        });
      }
      done();
    };
    if (this.options.jsonResponse) {
      return new Promise<Response | PlainResponse>((resolve) => {
        transport.attach(id, {
          deliver: (outgoing, isResponse) => {
            if (!isResponse) return; // JSON mode has no stream for related messages.
            done();
            const answer = new PlainResponse(
              200,
              { "content-type": "application/json", ...headers },
              JSON.stringify(outgoing),
            );
            resolve(plain ? answer : answer.toResponse());
          },
          cancel: () => {
            done();
            const answer = new PlainResponse(202, headers, null);
            resolve(plain ? answer : answer.toResponse());
          },
        });
        whenAborted(request, onAbort);
        const requestHeaders = request.headers;
        transport.onmessage?.(message, {
          // Made only when a handler reads them.
          get requestInfo() {
            return { headers: Object.fromEntries(requestHeaders.entries()) };
          },
          ...withAuth(request),
        });
      });
    }
    const store = this.options.eventStore;
    // A stored stream's id is what a client presents to resume it: unguessable. Otherwise it only names the stream.
    const streamId = `${transport.sessionId ?? "stateless"}.${store ? randomId() : `s${this.nextStreamId++}`}`;
    const live = { sink: this.stream(transport, headers, streamId, plain ? request : undefined) };
    const first = live.sink;
    if (store) {
      first.fresh = true;
      this.live.set(streamId, live);
    } else {
      // Nobody can resume this stream: its loss before the response means the client hung up (or stalled).
      first.onclose = (stalled) => {
        if (!transport.closed) onAbort(stalled?.message);
      };
    }
    transport.attach(id, {
      deliver: (outgoing, isResponse) => {
        const sink = live.sink;
        const written = sink.write(outgoing);
        if (isResponse) {
          first.onclose = undefined;
          done();
          written.then(() => this.live.delete(streamId));
          sink.close();
        }
      },
      cancel: () => {
        first.onclose = undefined;
        done();
        this.live.delete(streamId);
        live.sink.close();
      },
    });
    whenAborted(request, () => first.closeNow());
    const requestHeaders = request.headers;
    let requestInfo: MessageExtraInfo["requestInfo"];
    const extra: MessageExtraInfo = {
      // Made on first use: most handlers never look at the request's headers.
      get requestInfo() {
        requestInfo ??= { headers: Object.fromEntries(requestHeaders.entries()) };
        return requestInfo;
      },
      ...withAuth(request),
      // SEP-1699: the server may end a request's stream early and let the client resume it (GET +
      // Last-Event-ID) after `retry`; only possible when events are stored.
      ...(store
        ? {
            closeSseStream: () => {
              if (this.live.get(streamId) === live) live.sink.closeNow();
            },
          }
        : {}),
    };
    transport.onmessage?.(message, extra);
    return first.response;
  }

  /** A stream of another kind of POST (a JSON-RPC batch's, see batch-posts.ts) made resumable like a request's. */
  keepLive(streamId: string, live: { sink: SseStream }): void {
    this.live.set(streamId, live);
  }

  /** That stream's last answer has gone out (and been stored): a later resume only replays it. */
  forget(streamId: string, live: { sink: SseStream }): void {
    if (this.live.get(streamId) === live) this.live.delete(streamId);
  }

  /** The session's standalone stream (GET), unless it has one open already. */
  openStandalone(transport: HttpSessionTransport, request: Request): Response {
    if (transport.standalone && !transport.standalone.closed) {
      return jsonError(409, ErrorCode.InvalidRequest, "Conflict: this session already has a GET stream");
    }
    const stream = this.stream(
      transport,
      { "mcp-session-id": transport.sessionId ?? "" },
      standaloneStreamId(transport),
    );
    transport.standalone = stream;
    whenAborted(request, () => stream.closeNow());
    return stream.response as Response; // Made without a direct sink: a web Response.
  }

  /** GET + Last-Event-ID: exactly the events of that stream after that id, then whatever follows live. */
  async resume(transport: HttpSessionTransport, lastEventId: string, request: Request): Promise<Response> {
    const store = this.options.eventStore;
    if (!store) return jsonError(400, ErrorCode.InvalidRequest, "Bad Request: this server does not resume streams");
    const streamId = await store.streamOf(lastEventId);
    // An unknown id, or one of another session's streams, is not found: never another stream's events.
    if (streamId === undefined || !streamId.startsWith(`${transport.sessionId}.`)) {
      return jsonError(404, ErrorCode.InvalidRequest, "Not Found: unknown Last-Event-ID for this session");
    }
    const stream = this.stream(transport, { "mcp-session-id": transport.sessionId ?? "" }, streamId);
    const live = this.live.get(streamId);
    if (live) {
      live.sink.closeNow();
      live.sink = stream;
    } else if (streamId === standaloneStreamId(transport)) {
      transport.standalone?.closeNow();
      transport.standalone = stream;
    }
    await stream.replay(store.eventsAfter(lastEventId));
    // A finished request's stream ends after the replay; live ones stay open for what follows.
    if (!live && streamId !== standaloneStreamId(transport)) stream.close();
    whenAborted(request, () => stream.closeNow());
    return stream.response as Response; // Made without a direct sink: a web Response.
  }

  /**
   * A new SSE stream for `transport`; one whose reader stalls is reported to the connection's onError.
   * Given the request and the node adapter serving it, the stream writes straight to its socket.
   */
  private stream(
    transport: HttpSessionTransport,
    headers: Record<string, string>,
    streamId: string,
    request?: Request,
  ): SseStream {
    const { keepAliveMs, eventStore, retryMs, maxSseBufferBytes } = this.options;
    const direct = request && openDirectSse(request, { ...SSE_HEADERS, ...headers });
    const stream = new SseStream(keepAliveMs, headers, streamId, eventStore, retryMs, maxSseBufferBytes, direct);
    stream.onstall = (reason) => transport.onerror?.(reason);
    return stream;
  }
}

/** What the auth gate established for the request, as extra info of its message. */
function withAuth(request: Request): Pick<MessageExtraInfo, "authInfo"> {
  const authInfo = requestAuth(request);
  return authInfo === undefined ? {} : { authInfo };
}
