/**
 * The stateless lifecycle over Streamable HTTP: each message its own POST, no session.
 * The request metadata headers mirror the body's envelope (MCP-Protocol-Version, Mcp-Method,
 * Mcp-Name, plus any Mcp-Param-* the caller computed from the tool's x-mcp-header annotations).
 * The answer is one JSON body (also for errors, whatever the HTTP status) or an SSE stream scoped
 * to the request; a stream that ends unanswered fails the request (these streams cannot be
 * resumed), and closing a request's stream is its cancellation.
 */
import type { JsonRpcMessage, RequestId } from "../../jsonrpc/messages.js";
import type { TransportSendOptions } from "../../jsonrpc/transport.js";
import { encodeHeaderValue, mirroredNameField } from "../../protocol/mcp-headers.js";
import { SseParser } from "../sse.js";
import type { HttpClientLink } from "./client-link.js";
import { HttpTransportError } from "./http-transport-error.js";
import { carriesMessage, isResponseTo, pumpSse } from "./sse-messages.js";

export class StatelessPosts {
  /** Requests in flight, by id, each with what closes its POST. */
  private readonly inFlight = new Map<RequestId, AbortController>();

  constructor(private readonly link: HttpClientLink) {}

  /** Cancels a request in flight by closing its stream (no notification is sent); false when none is. */
  cancel(requestId: RequestId): boolean {
    const controller = this.inFlight.get(requestId);
    if (!controller) return false;
    this.inFlight.delete(requestId);
    controller.abort("cancelled");
    return true;
  }

  /** POSTs a message whose envelope names `version`. */
  async send(message: JsonRpcMessage, version: string, options?: TransportSendOptions): Promise<void> {
    const link = this.link;
    const request = message as { id?: RequestId; method: string; params?: Record<string, unknown> };
    const headers: Record<string, string> = {
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
      ...link.options.headers,
      ...options?.headers,
      "mcp-protocol-version": version,
      "mcp-method": request.method,
    };
    const name = mirroredNameField(request.method);
    const value = name ? request.params?.[name] : undefined;
    if (typeof value === "string") headers["mcp-name"] = encodeHeaderValue(value);
    const controller = new AbortController();
    const id = request.id;
    if (id !== undefined) this.inFlight.set(id, controller);
    let response: Response;
    try {
      response = await link.fetch(link.url, {
        method: "POST",
        headers,
        body: JSON.stringify(message),
        signal: controller.signal,
      });
    } catch (error) {
      if (id !== undefined) this.inFlight.delete(id);
      throw error;
    }
    const type = response.headers.get("content-type") ?? "";
    if (response.status === 202 || id === undefined) {
      if (id !== undefined) this.inFlight.delete(id);
      await response.body?.cancel();
      return;
    }
    if (type.includes("application/json")) {
      const body = (await response.json().catch(() => undefined)) as JsonRpcMessage | undefined;
      this.inFlight.delete(id);
      if (body && typeof body === "object" && "id" in body && body.id === id) {
        link.deliver(body);
        return;
      }
      throw new HttpTransportError(
        response.status,
        `HTTP ${response.status} for ${request.method} with no answer to it`,
      );
    }
    if (!response.ok || !type.includes("text/event-stream")) {
      this.inFlight.delete(id);
      const text = await response.text().catch(() => "");
      throw new HttpTransportError(
        response.status,
        `HTTP ${response.status} for ${request.method}: ${text.slice(0, 300)}`,
      );
    }
    this.readAnswer(response, controller, id, request.method).catch((error: unknown) => link.report(error as Error));
  }

  /** Reads the request's stream; when it ends without the answer, the request fails at once. */
  private async readAnswer(
    response: Response,
    controller: AbortController,
    id: RequestId,
    method: string,
  ): Promise<void> {
    const link = this.link;
    if (!response.body) return this.fail(id, `the server sent no stream for ${method}`);
    let answered = false;
    const parser = new SseParser((event) => {
      if (!carriesMessage(event)) return;
      try {
        const incoming = JSON.parse(event.data) as JsonRpcMessage;
        if (isResponseTo(incoming, id)) answered = true;
        link.deliver(incoming);
      } catch (error) {
        link.report(error as Error);
      }
    });
    link.streams.add(controller);
    try {
      await pumpSse(response.body.getReader(), parser);
    } catch {
      // Aborted (cancelled or closed) or dropped: decided below.
    } finally {
      link.streams.delete(controller);
    }
    if (answered || controller.signal.aborted || link.closed) {
      this.inFlight.delete(id);
      return;
    }
    this.fail(id, `the server closed the stream of ${method} before answering`);
  }

  private fail(id: RequestId, message: string): void {
    this.inFlight.delete(id);
    this.link.answerConnectionClosed(id, message);
  }
}
