/**
 * JSON-RPC batches over Streamable HTTP, for a session whose negotiated version has them (see
 * FEATURE_ONLY_IN: a POST body may then be an array of requests, notifications and responses). Each element
 * is served as if it had come alone; the POST is answered with 202 when the batch holds no request,
 * else with every answer: one JSON array in JSON-response mode, or an SSE stream that carries the
 * requests' related messages and answers and ends after the last answer. An element that is not a
 * valid message, a request id that is already in flight and `initialize` (which the spec says MUST
 * NOT be batched) are answered with -32600 inside the batch's answer.
 */

import {
  classifyMessage,
  isRequestId,
  type JsonRpcMessage,
  type JsonRpcResponse,
  type RequestId,
} from "../../jsonrpc/messages.js";
import type { MessageExtraInfo } from "../../jsonrpc/transport.js";
import { ErrorCode } from "../../protocol/errors.js";
import { hasFeature } from "../../protocol/features.js";
import { isSupportedProtocolVersion } from "../../protocol/versions.js";
import { requestAuth } from "./auth-gate.js";
import { whenAborted } from "./fast-path.js";
import type { ResolvedHttpOptions } from "./options.js";
import { randomId } from "./random-id.js";
import type { HttpSessionTransport } from "./session-transport.js";
import { SseStream } from "./sse-stream.js";

/** Where a session's streams that a GET + Last-Event-ID may take over are kept (see response-streams.ts). */
export interface ResumableStreams {
  /** Makes the stream `streamId` resumable: a resumed GET replaces `live.sink`. */
  keepLive(streamId: string, live: { sink: SseStream }): void;
  /** The stream's last answer went out: nothing is left to take over. */
  forget(streamId: string, live: { sink: SseStream }): void;
}

/** Whether the session on `transport` negotiated a version that takes JSON-RPC batches. */
export function takesBatches(transport: HttpSessionTransport): boolean {
  const version = transport.protocolVersion;
  return version !== undefined && isSupportedProtocolVersion(version) && hasFeature(version, "jsonRpcBatches");
}

function refused(id: RequestId | null, message: string): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error: { code: ErrorCode.InvalidRequest, message } } as JsonRpcResponse;
}

/**
 * Serves the non-empty batch `elements` on `transport` (a session's, or a sessionless POST's own)
 * and answers its POST; `finished` is called once nothing of the batch is left to answer.
 */
export function answerBatch(
  transport: HttpSessionTransport,
  elements: readonly unknown[],
  request: Request,
  options: ResolvedHttpOptions,
  finished: () => void = () => {},
  streams?: ResumableStreams,
): Response | Promise<Response> {
  const local: JsonRpcResponse[] = [];
  const served: JsonRpcMessage[] = [];
  const requests = new Set<RequestId>();
  for (const element of elements) {
    const classified = classifyMessage(element);
    if (classified.kind === "invalid") {
      local.push(refused(classified.id, `Invalid Request: ${classified.reason}`));
    } else if (classified.kind !== "request") {
      served.push(classified.message);
    } else if (classified.message.method === "initialize") {
      local.push(refused(classified.message.id, "Invalid Request: initialize must not be part of a JSON-RPC batch"));
    } else if (requests.has(classified.message.id) || transport.isAttached(classified.message.id)) {
      local.push(
        refused(
          classified.message.id,
          `Invalid Request: request id ${JSON.stringify(classified.message.id)} is already in flight`,
        ),
      );
    } else {
      requests.add(classified.message.id);
      served.push(classified.message);
    }
  }
  const headers: Record<string, string> =
    transport.sessionId === undefined ? {} : { "mcp-session-id": transport.sessionId };
  const deliver = () => {
    const authInfo = requestAuth(request);
    const extra: MessageExtraInfo = {
      requestInfo: { headers: Object.fromEntries(request.headers.entries()) },
      ...(authInfo === undefined ? {} : { authInfo }),
    };
    // In order: a cancellation reaches only requests delivered before it. One naming a request that
    // comes later in this batch cancels nothing (the kernel ignores an unknown id too), so that
    // request is still answered.
    const delivered = new Set<RequestId>();
    for (const message of served) {
      const isRequest = "method" in message && "id" in message;
      transport.onmessage?.(message, isRequest ? extra : undefined);
      if (isRequest) delivered.add(message.id);
      if ("method" in message && message.method === "notifications/cancelled") {
        const cancelled = (message.params as { requestId?: unknown } | undefined)?.requestId;
        if (isRequestId(cancelled) && (!requests.has(cancelled) || delivered.has(cancelled))) {
          transport.cancelled(cancelled);
        }
      }
    }
  };
  if (requests.size === 0) {
    deliver();
    finished();
    if (local.length === 0) return new Response(null, { status: 202, headers });
    return json(local, headers);
  }
  const waiting = new Set(requests);
  /** Called once per request: its answer went out, or it gets none (cancelled, the client gone). */
  let settled: () => void = () => {};
  const settle = (id: RequestId) => {
    if (!waiting.delete(id)) return;
    transport.detach(id);
    if (waiting.size === 0) {
      settled();
      finished();
    }
  };
  const cancelPending = (reason: string) => {
    for (const id of [...waiting]) {
      if (!transport.closed) {
        transport.onmessage?.({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason } });
      }
      settle(id);
    }
  };

  if (options.jsonResponse) {
    return new Promise<Response>((resolve) => {
      const answers: JsonRpcMessage[] = [...local];
      settled = () =>
        resolve(answers.length > 0 ? json(answers, headers) : new Response(null, { status: 202, headers }));
      for (const id of requests) {
        transport.attach(id, {
          // JSON mode has no stream for related messages: only the answers are kept.
          deliver: (outgoing, isResponse) => {
            if (!isResponse) return;
            answers.push(outgoing);
            settle(id);
          },
          cancel: () => settle(id),
        });
      }
      whenAborted(request, () => cancelPending("the client disconnected"));
      deliver();
    });
  }

  const { keepAliveMs, eventStore, retryMs, maxSseBufferBytes } = options;
  const stream = new SseStream(
    keepAliveMs,
    headers,
    `${transport.sessionId ?? "stateless"}.${randomId()}`,
    eventStore,
    retryMs,
    maxSseBufferBytes,
  );
  stream.onstall = (reason) => transport.onerror?.(reason);
  // With an event store, a session's batch stream is resumed as a request's is: a GET with the
  // Last-Event-ID of one of its events replays what followed and takes the stream over until the
  // last answer; the requests run on meanwhile. Without one, nobody can take the stream over, so
  // its loss before the last answer cancels what is left.
  const live = { sink: stream };
  const resumable = eventStore !== undefined && transport.sessionId !== undefined && streams !== undefined;
  if (resumable) streams.keepLive(stream.streamId, live);
  else stream.onclose = (stalled) => cancelPending(stalled?.message ?? "the client disconnected");
  let lastWrite: Promise<void> = Promise.resolve();
  settled = () => {
    stream.onclose = undefined;
    const sink = live.sink;
    if (resumable) lastWrite.then(() => streams.forget(stream.streamId, live));
    sink.close();
  };
  for (const answer of local) lastWrite = stream.write(answer);
  for (const id of requests) {
    transport.attach(id, {
      deliver: (outgoing, isResponse) => {
        lastWrite = live.sink.write(outgoing);
        if (isResponse) settle(id);
      },
      cancel: () => settle(id),
    });
  }
  whenAborted(request, () => stream.closeNow());
  deliver();
  const response = stream.response;
  return response instanceof Response ? response : response.toResponse();
}

function json(answers: readonly JsonRpcMessage[], headers: Record<string, string>): Response {
  return new Response(JSON.stringify(answers), {
    status: 200,
    headers: { "content-type": "application/json", ...headers },
  });
}
