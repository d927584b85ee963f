/**
 * typed-mcp: a TypeScript SDK for the Model Context Protocol whose protocol surface is generated
 * from the specification's versioned JSON schemas.
 *
 * The package root holds what a server or client author needs: `McpServer`, `Client`, the
 * web-standard transports, the errors, the model types and the validation API. Lower layers sit
 * behind subpaths: `typed-mcp/server` (the kernel and sessions), `typed-mcp/client` (the client
 * session), `typed-mcp/jsonrpc` (the dispatcher and the transport contract), `typed-mcp/validation`
 * (validation alone), and `typed-mcp/node` (stdio and the node:http adapter). Every export here is
 * public API: adding one is a decision (a test snapshots the list).
 */

export type * from "../generated/namespaces.js";
export { SCHEMA_PINS } from "../generated/registry.js";
export { ClientExtension } from "./client/extensions.js";
export * from "./entry/validation.js";
export {
  defineExtension,
  type Extension,
  type ExtensionDefinition,
  type ExtensionDirection,
  type ExtensionMethod,
  type ExtensionMethodMaps,
  type ExtensionMethodName,
  type ExtensionParams,
  type ExtensionResult,
  type ExtensionResultType,
  method,
  type PrecompiledValidator,
  type SchemaSource,
} from "./extensions/extension.js";
export {
  compileSchemaSource,
  declaresExtension,
  ExtensionMethodEntry,
  ExtensionRegistry,
  missingExtensionError,
  RegisteredExtension,
  type SchemaCheck,
} from "./extensions/registry.js";
export {
  type CallToolResult,
  Client,
  type ClientOptions,
  type ElicitationHandler,
  type RootsHandler,
  type SamplingHandler,
  type UnknownContentBlock,
} from "./high-level/client.js";
export type { NotificationListener } from "./high-level/notification-listeners.js";
export type { ChangingList } from "./high-level/server/change-notifications.js";
export type { Completer } from "./high-level/server/completions.js";
export type { ProgressUpdate, ToolContext } from "./high-level/server/handler-context.js";
export { McpServer } from "./high-level/server/mcp-server.js";
export type { NotificationBus, ServerChange, TaskStatusChange } from "./high-level/server/notification-bus.js";
export type { CacheableMethod, CacheHint, McpServerOptions } from "./high-level/server/options.js";
export type {
  PromptArgsSchema,
  PromptArgumentConfig,
  PromptConfig,
  PromptHandler,
} from "./high-level/server/prompts.js";
export type { ItemChanges, RegisteredItem, UpdatableItem } from "./high-level/server/registry.js";
export type {
  RegisteredResource,
  RegisteredResourceTemplate,
  ResourceMetadata,
  ResourceReader,
  ResourceTemplateConfig,
  TemplateReader,
} from "./high-level/server/resources.js";
export type { SubscriptionFilter } from "./high-level/server/subscriptions.js";
export { InvalidToolError } from "./high-level/server/tool-schemas.js";
export type { RegisteredTool, ToolConfig, ToolHandler, ToolResult } from "./high-level/server/tools.js";
export { type ClientTaskOptions, ClientTaskReceiver } from "./high-level/task-receiver.js";
export { UriTemplate, UriTemplateError, type Variables } from "./high-level/uri-template.js";
export {
  type CompiledSchema,
  type CompileOptions,
  compileJsonSchema,
  type JsonSchema,
  type JsonSchemaObject,
  SchemaCompileError,
} from "./json-schema/compile.js";
export type { InferSchema } from "./json-schema/infer.js";
export type {
  RawShape,
  SchemaInput,
  SchemaOutput,
  StandardOutput,
  StandardSchema,
} from "./json-schema/standard-schema.js";
export type { CallOptions, Progress } from "./jsonrpc/outbound.js";
export type { MessageExtraInfo, Transport, TransportSendOptions } from "./jsonrpc/transport.js";
/** The authenticated caller of a request (`ctx.authInfo`), behind the auth gate of `typed-mcp/auth`. */
export type { AuthInfo } from "./protocol/auth-info.js";
export {
  CapabilityNotSupportedError,
  ConnectionClosedError,
  ErrorCode,
  type ErrorCodeValue,
  type MethodDirection,
  NoBackChannelError,
  RequestCancelledError,
  RequestTimeoutError,
} from "./protocol/errors.js";
export type { ProtocolMethodMaps } from "./protocol/methods.js";
/** The model types: each protocol type in its newest shape, with what older versions lack optional. */
export type * as Model from "./protocol/model.js";
export type { Lifecycle } from "./protocol/versions.js";
export type { LoggingLevel } from "./server/connection.js";
export { ServerExtension } from "./server/extensions.js";
export { StreamableHttpServer } from "./server/http/streamable-http-server.js";
export {
  type AskOptions,
  InputRequiredSignal,
  type OpenedState,
  type RequestStateOptions,
} from "./server/input-required.js";
export {
  InMemoryTaskStore,
  type InMemoryTaskStoreOptions,
  type TaskError,
  type TaskInputRequest,
  type TaskPage,
  type TaskPatch,
  type TaskRecord,
  type TaskStatus,
  type TaskStore,
  TaskStoreFullError,
  TERMINAL_TASK_STATUSES,
} from "./tasks/task-store.js";
export { InMemoryTransport } from "./transport/in-memory.js";
export {
  AuthorizationFailedError,
  type AuthorizedRequest,
  type HttpAuthProvider,
} from "./transport/streamable-http/auth-hook.js";
export { StreamableHttpClientTransport } from "./transport/streamable-http/client.js";
export type { StreamableHttpClientOptions } from "./transport/streamable-http/client-link.js";
export type { LocalSession, SessionCluster, SessionLink } from "./transport/streamable-http/cluster.js";
export {
  type EventStore,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
  type StoredEvent,
} from "./transport/streamable-http/event-store.js";
export { HttpTransportError } from "./transport/streamable-http/http-transport-error.js";
export { LegacySseClientTransport } from "./transport/streamable-http/legacy-sse-client.js";
export type { StreamableHttpOptions } from "./transport/streamable-http/options.js";
export type { SessionChange, SessionRecord, SessionStore } from "./transport/streamable-http/session-store.js";
