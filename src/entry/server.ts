/**
 * `typed-mcp/server`: the server kernel underneath `McpServer`: `ServerRunner` (the initialize gate,
 * the envelope of the stateless lifecycle, validation, routing, middleware), the per-request
 * `ServerSession`, the `Connection` and `DispatchContext`, multi round-trip input, telemetry, and
 * the MCP handler of Streamable HTTP. Use it for full control; most programs need only `McpServer`.
 */
export { type ClientCapabilities, Connection, type InitializeParams, type LoggingLevel } from "../server/connection.js";
export { DispatchContext } from "../server/dispatch-context.js";
export {
  type ExtensionHandlerTables,
  type ExtensionNotificationHandler,
  type ExtensionRequestHandler,
  ServerExtension,
} from "../server/extensions.js";
export type { ConnectsTransports } from "../server/http/connects-transports.js";
export { StreamableHttpServer } from "../server/http/streamable-http-server.js";
export {
  type AskOptions,
  InputRequiredSignal,
  InputRound,
  type OpenedState,
  type RequestStateKey,
  type RequestStateOptions,
  RequestStateSealer,
} from "../server/input-required.js";
export type { InboundCall, Middleware } from "../server/middleware.js";
export {
  type ConnectOptions,
  DEFAULT_HANDLER_TIMEOUT_MS,
  type NotificationHandler,
  type RequestContext,
  type RequestHandler,
  type ServerConnection,
  ServerRunner,
  type ServerRunnerOptions,
} from "../server/runner.js";
export {
  type ChannelOptions,
  ServerSession,
  type SessionCallOptions,
  type SessionNotifyOptions,
} from "../server/server-session.js";
export { detectOpenTelemetry, type OpenTelemetryApi, Telemetry } from "../server/telemetry.js";
export type { StreamableHttpOptions } from "../transport/streamable-http/options.js";
export { HttpSessionTransport } from "../transport/streamable-http/session-transport.js";
