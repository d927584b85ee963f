/**
 * `typed-mcp/client`: the client session underneath `Client`: negotiation in either lifecycle, typed
 * requests validated for the negotiated version, handlers for the server's requests and
 * notifications. Use it for full control; most programs need only `Client` from the package root.
 */
export {
  ClientSession,
  type ClientSessionOptions,
  type InitializedServer,
  type ServerNotificationHandler,
  type ServerRequestContext,
  type ServerRequestHandler,
  type Subscription,
} from "../client/client-session.js";
