/**
 * What this client does when the server asks or tells it something: one handler per server request
 * (sampling, elicitation, roots, ping), any number of listeners per server notification. Inbound
 * requests and the input requests of the stateless lifecycle are answered by the same handlers.
 */
import type { RequestId } from "../jsonrpc/messages.js";
import type { Params } from "../jsonrpc/outbound.js";
import type { ProtocolVersion } from "../protocol/versions.js";

/** What a server-request handler knows besides the params. */
export interface ServerRequestContext {
  /** The JSON-RPC id of the server's request. */
  requestId: RequestId;
  /** Aborted when the server cancels the request or the connection closes. */
  signal: AbortSignal;
  /** The negotiated protocol version. */
  protocolVersion: ProtocolVersion;
}

/** Answers one kind of server request (or input request); its answer is checked before it is sent. */
export type ServerRequestHandler = (
  params: Params | undefined,
  context: ServerRequestContext,
) => Params | Promise<Params>;
/** Listens to one kind of server notification. */
export type ServerNotificationHandler = (params: Params | undefined) => void | Promise<void>;

/** The handlers and listeners a client session has registered. */
export class ServerHandlers {
  private readonly requestHandlers = new Map<string, ServerRequestHandler>([["ping", () => ({})]]);
  private readonly notificationHandlers = new Map<string, ServerNotificationHandler[]>();

  setRequestHandler(method: string, handler: ServerRequestHandler): void {
    this.requestHandlers.set(method, handler);
  }

  requestHandler(method: string): ServerRequestHandler | undefined {
    return this.requestHandlers.get(method);
  }

  /** Adds a listener; the function returned removes it. */
  onNotification(method: string, handler: ServerNotificationHandler): () => void {
    const list = this.notificationHandlers.get(method) ?? [];
    list.push(handler);
    this.notificationHandlers.set(method, list);
    return () => {
      const current = this.notificationHandlers.get(method);
      if (current)
        this.notificationHandlers.set(
          method,
          current.filter((h) => h !== handler),
        );
    };
  }

  /** Tells the listeners of `method`, one after the other. */
  async notify(method: string, params: Params | undefined): Promise<void> {
    const handlers = this.notificationHandlers.get(method);
    if (!handlers?.length) return;
    for (const handler of handlers) await handler(params);
  }
}
