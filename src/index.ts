/**
 * typed-mcp: a TypeScript SDK for the Model Context Protocol whose protocol surface is generated
 * from the specification's versioned JSON schemas.
 */

export type * as V2024_11_05 from "../generated/2024-11-05/index.js";
export type * as V2025_03_26 from "../generated/2025-03-26/index.js";
export type * as V2025_06_18 from "../generated/2025-06-18/index.js";
export type * as V2025_11_25 from "../generated/2025-11-25/index.js";
export type * as V2026_07_28 from "../generated/2026-07-28/index.js";
export type { ProtocolMethodMaps } from "../generated/registry.js";
export { SCHEMA_PINS } from "../generated/registry.js";
export { ClientSession, type ClientSessionOptions } from "./client/client-session.js";
export type { InitializedServer } from "./client/negotiation.js";
export type {
  ServerNotificationHandler,
  ServerRequestContext,
  ServerRequestHandler,
} from "./client/server-handlers.js";
export {
  type CallToolResult,
  Client,
  type ClientOptions,
  type ElicitationHandler,
  type RootsHandler,
  type SamplingHandler,
  type UnknownContentBlock,
} from "./high-level/client.js";
export type { Completer } from "./high-level/server/completions.js";
export type { ToolContext } from "./high-level/server/handler-context.js";
export { McpServer } from "./high-level/server/mcp-server.js";
export type { CacheableMethod, CacheHint, McpServerOptions } from "./high-level/server/options.js";
export type { PromptConfig, PromptHandler } from "./high-level/server/prompts.js";
export type { RegisteredItem } from "./high-level/server/registry.js";
export type {
  ResourceMetadata,
  ResourceReader,
  ResourceTemplateConfig,
  TemplateReader,
} from "./high-level/server/resources.js";
export type { SubscriptionFilter } from "./high-level/server/subscriptions.js";
export type { RegisteredTool, ToolConfig, ToolHandler } from "./high-level/server/tools.js";
export { UriTemplate, UriTemplateError } from "./high-level/uri-template.js";
export { type CompiledSchema, compileJsonSchema, type JsonSchema, SchemaCompileError } from "./json-schema/compile.js";
export type { InferSchema } from "./json-schema/infer.js";
export { DirectDispatcher } from "./jsonrpc/direct-dispatcher.js";
export { DEFAULT_MAX_IN_FLIGHT_REQUESTS, Dispatcher, type DispatcherOptions } from "./jsonrpc/dispatcher.js";
export type {
  JsonRpcErrorResponse,
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResultResponse,
  RequestId,
} from "./jsonrpc/messages.js";
export {
  type CallOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type InboundHandler,
  type InboundRequest,
  type NotifyOptions,
  type Outbound,
  type Params,
  type Progress,
  type ProgressToken,
} from "./jsonrpc/outbound.js";
export {
  MalformedMessageError,
  type MessageExtraInfo,
  MessageTooLargeError,
  type Transport,
  type TransportSendOptions,
  type TransportTraits,
} from "./jsonrpc/transport.js";
export {
  CapabilityNotSupportedError,
  ConnectionClosedError,
  ErrorCode,
  type ErrorCodeValue,
  McpError,
  type MethodDirection,
  MethodNotInVersionError,
  NoBackChannelError,
  RequestCancelledError,
  RequestTimeoutError,
  type SchemaIssue,
  SchemaViolationError,
  UnsupportedProtocolVersionError,
  ValidatorsUnavailableError,
} from "./protocol/errors.js";
export type * as Model from "./protocol/model.js";
export {
  isSupportedProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  type ProtocolVersion,
  STATEFUL_PROTOCOL_VERSIONS,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./protocol/versions.js";
export { Connection, type LoggingLevel } from "./server/connection.js";
export { DispatchContext } from "./server/dispatch-context.js";
export type { ConnectsTransports } from "./server/http/connects-transports.js";
export { StreamableHttpServer } from "./server/http/streamable-http-server.js";
export {
  type AskOptions,
  InputRequiredSignal,
  InputRound,
  type RequestStateKey,
  type RequestStateOptions,
  RequestStateSealer,
} from "./server/input-required.js";
export type { InboundCall, Middleware } from "./server/middleware.js";
export {
  type ConnectOptions,
  DEFAULT_HANDLER_TIMEOUT_MS,
  type NotificationHandler,
  type RequestContext,
  type RequestHandler,
  type ServerConnection,
  ServerRunner,
  type ServerRunnerOptions,
} from "./server/runner.js";
export { type ChannelOptions, ServerSession } from "./server/server-session.js";
export { detectOpenTelemetry, type OpenTelemetryApi, Telemetry } from "./server/telemetry.js";
export { InMemoryTransport } from "./transport/in-memory.js";
export {
  StdioClientTransport,
  type StdioClientTransportOptions,
  StdioServerTransport,
  type StdioServerTransportOptions,
} from "./transport/stdio.js";
export { StreamableHttpClientTransport } from "./transport/streamable-http/client.js";
export type { StreamableHttpClientOptions } from "./transport/streamable-http/client-link.js";
export {
  type EventStore,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
  type StoredEvent,
} from "./transport/streamable-http/event-store.js";
export { HttpTransportError } from "./transport/streamable-http/http-transport-error.js";
export { LegacySseClientTransport } from "./transport/streamable-http/legacy-sse-client.js";
export { listen, toNodeListener, type WebHandler } from "./transport/streamable-http/node.js";
export type { StreamableHttpOptions } from "./transport/streamable-http/options.js";
export type { SessionRecord, SessionStore } from "./transport/streamable-http/session-store.js";
export { HttpSessionTransport } from "./transport/streamable-http/session-transport.js";
export {
  getMethodTable,
  type MethodTable,
  validateClientNotification,
  validateClientRequest,
  validateClientResult,
  validateDefinition,
  validateServerNotification,
  validateServerRequest,
  validateServerResult,
} from "./validation/validate.js";
export { loadedProtocolVersions, loadProtocolVersion } from "./validation/validator-modules.js";
