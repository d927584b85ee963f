/**
 * `typed-mcp/client`: the client session underneath `Client`: negotiation in either lifecycle, typed
 * requests validated for the negotiated version, handlers for the server's requests and
 * notifications. Use it for full control; most programs need only `Client` from the package root.
 */
export { ClientSession, type ClientSessionOptions } from "../client/client-session.js";
export { ClientExtension, type ExtensionClientHost } from "../client/extensions.js";
export type { InitializedServer, Negotiation } from "../client/negotiation.js";
export type {
  ServerNotificationHandler,
  ServerRequestContext,
  ServerRequestHandler,
} from "../client/server-handlers.js";
export type { ListenOptions, Subscription } from "../client/subscriptions.js";
