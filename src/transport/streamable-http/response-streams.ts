/**
 * How the requests of a session are answered over HTTP: as one JSON body, or on an SSE stream of
 * their POST's own that also carries every message related to them; with an event store, a client
 * that lost such a stream takes it over again (GET + Last-Event-ID). Also the session's standalone
 * GET stream.
 */

import type { JsonRpcMessage, JsonRpcRequest, RequestId } from "../../jsonrpc/messages.js";
import { ErrorCode } from "../../protocol/errors.js";
import { requestAuth } from "./auth-gate.js";
import type { ResumableStreams } from "./batch-posts.js";
import { openDirectSse, PlainResponse, whenAborted } from "./fast-path.js";
import { JSON_HEADERS, jsonError } from "./json-response.js";
import type { ResolvedHttpOptions } from "./options.js";
import { randomId } from "./random-id.js";
import { RequestExtra } from "./request-extra.js";
import type { HttpSessionTransport, PostChannel } from "./session-transport.js";
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
    const authInfo = requestAuth(request);
    if (this.options.jsonResponse) {
      const call = new JsonAnswer(transport, message.id, headers, plain, this.options.sessionless);
      transport.attach(message.id, call);
      whenAborted(request, () => call.aborted());
      transport.onmessage?.(message, new RequestExtra(request.headers, authInfo));
      return call.answer;
    }
    const store = this.options.eventStore;
    // A stored stream's id is what a client presents to resume it: unguessable. Otherwise it only names the stream.
    const streamId = `${transport.sessionId ?? "stateless"}.${store ? randomId() : `s${this.nextStreamId++}`}`;
    const call = new SseAnswer(
      transport,
      message.id,
      this.stream(transport, headers, streamId, plain ? request : undefined),
      this.options.sessionless,
      store ? this.live : undefined,
      streamId,
    );
    transport.attach(message.id, call);
    whenAborted(request, () => call.first.closeNow());
    const extra = new RequestExtra(request.headers, authInfo);
    // SEP-1699: the server may end a request's stream early and let the client resume it (GET +
    // Last-Event-ID) after `retry`; only possible when events are stored.
    if (store) extra.closeSseStream = () => call.closeEarly();
    transport.onmessage?.(message, extra);
    return call.first.response;
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

/** Ends a request of a session (or a sessionless POST's own connection) whose POST is done. */
function detachRequest(transport: HttpSessionTransport, id: RequestId, sessionless: boolean): void {
  transport.detach(id);
  if (sessionless) transport.close().catch(() => {});
}

/** A client that goes away mid-request cancels it: the handler's signal aborts and nothing is answered. */
function cancelRequest(
  transport: HttpSessionTransport,
  id: RequestId,
  sessionless: boolean,
  reason = "the client disconnected",
): void {
  if (!transport.closed) {
    transport.onmessage?.({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: id, reason },
    });
  }
  detachRequest(transport, id, sessionless);
}

/** A request answered as one JSON body (JSON-response mode): one object per request, no closures. */
class JsonAnswer implements PostChannel {
  readonly answer: Promise<Response | PlainResponse>;
  private resolve!: (answer: Response | PlainResponse) => void;

  constructor(
    private readonly transport: HttpSessionTransport,
    private readonly id: RequestId,
    private readonly headers: Record<string, string>,
    private readonly plain: boolean,
    private readonly sessionless: boolean,
  ) {
    this.answer = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  deliver(outgoing: JsonRpcMessage, isResponse: boolean): void {
    if (!isResponse) return; // JSON mode has no stream for related messages.
    detachRequest(this.transport, this.id, this.sessionless);
    const headers = this.headers;
    let extra = false;
    for (const _ in headers) {
      extra = true;
      break;
    }
    const answer = new PlainResponse(
      200,
      extra ? { "content-type": "application/json", ...headers } : JSON_HEADERS,
      JSON.stringify(outgoing),
    );
    this.resolve(this.plain ? answer : answer.toResponse());
  }

  cancel(): void {
    detachRequest(this.transport, this.id, this.sessionless);
    const answer = new PlainResponse(202, this.headers, null);
    this.resolve(this.plain ? answer : answer.toResponse());
  }

  aborted(): void {
    cancelRequest(this.transport, this.id, this.sessionless);
  }
}

/** A request answered on an SSE stream of its POST's own (taken over by a resumed GET when events are stored). */
class SseAnswer implements PostChannel {
  /** The stream currently carrying the request's messages (a resumed GET's after a takeover). */
  sink: SseStream;

  constructor(
    private readonly transport: HttpSessionTransport,
    private readonly id: RequestId,
    /** The POST's own stream. */
    readonly first: SseStream,
    private readonly sessionless: boolean,
    /** The live streams a resumed GET takes over (with an event store), where this one is kept until answered. */
    private readonly live: Map<string, { sink: SseStream }> | undefined,
    private readonly streamId: string,
  ) {
    this.sink = first;
    if (live) {
      first.fresh = true;
      live.set(streamId, this);
    } else {
      // Nobody can resume this stream: its loss before the response means the client hung up (or stalled).
      first.onclose = (stalled) => {
        if (!transport.closed) cancelRequest(transport, id, sessionless, stalled?.message);
      };
    }
  }

  deliver(outgoing: JsonRpcMessage, isResponse: boolean): void {
    const sink = this.sink;
    const written = sink.write(outgoing);
    if (isResponse) {
      this.first.onclose = undefined;
      detachRequest(this.transport, this.id, this.sessionless);
      const live = this.live;
      if (live) written.then(() => this.forget());
      sink.close();
    }
  }

  cancel(): void {
    this.first.onclose = undefined;
    detachRequest(this.transport, this.id, this.sessionless);
    this.forget();
    this.sink.close();
  }

  /** SEP-1699's closeSseStream: ends the stream now (the client resumes it), while it is still the live one. */
  closeEarly(): void {
    if (this.live?.get(this.streamId) === this) this.sink.closeNow();
  }

  private forget(): void {
    this.live?.delete(this.streamId);
  }
}
