// What the API reference's strict checks (typedoc.config.mjs) exempt, each by exact name, and why.
// TypeDoc warns, and the docs build fails, when a name listed here no longer occurs: the lists only
// shrink, and anything new has to be documented (or exported) instead.

/**
 * Members of anonymous object types written on one line: a member of a union written inline
 * (`| { kind: "request"; message: JsonRpcRequest }`), a function's return type (`{ skills; nextCursor }`),
 * an option's inline shape (`reconnect?: { initialDelayMs?; ... }`), and the patterns of conditional
 * types (`S extends { const: infer C }`, which are not members of anything a user holds). A doc
 * comment needs a line of its own, which these members get only when their code is reformatted
 * (each containing declaration's own comment describes them meanwhile).
 */
export const ONE_LINE_MEMBERS = [
  // src/server/input-required.ts
  "index.AskOptions.task.__type.ttlMs",
  // src/auth/client/oauth-provider.ts
  "entry/auth.OAuthGrant.__type.type",
  "entry/auth.OAuthGrant.__type.assertion",
  // src/extensions/extension.ts
  "index.ExtensionParams.__type.params",
  "index.ExtensionResult.__type.result",
  "index.ExtensionMethodMaps.__type.params",
  "index.ExtensionMethodMaps.__type.result",
  "index.PrecompiledValidator.errors.__type.instancePath",
  "index.PrecompiledValidator.errors.__type.keyword",
  "index.PrecompiledValidator.errors.__type.message",
  "index.ExtensionMethod.types.__type.params",
  "index.ExtensionMethod.types.__type.result",
  // src/extensions/registry.ts
  "index.ExtensionRegistry.resultType.__type.check",
  "index.ExtensionRegistry.resultType.__type.extension",
  "index.ExtensionRegistry.listenFilter.__type.check",
  "index.ExtensionRegistry.listenFilter.__type.extension",
  "index.RegisteredExtension.resultTypes.__type.check",
  "index.RegisteredExtension.resultTypes.__type.methods",
  // src/extensions/skills/catalog.ts
  "entry/skills.SkillCatalog.list.__type.nextCursor",
  "entry/skills.SkillCatalog.list.__type.skills",
  "entry/skills.SkillCatalog.get.__type.skill",
  "entry/skills.SkillDefinition.skill.__type.body",
  "entry/skills.SkillDefinition.skill.__type.frontmatter",
  "entry/skills.SkillCatalog.readDirectory.__type.nextCursor",
  "entry/skills.SkillCatalog.readDirectory.__type.resources",
  // src/extensions/skills/client.ts
  "entry/skills.SkillsPeer.readResource.__type.contents",
  "entry/skills.SkillsClient.listSkillsPage.__type.nextCursor",
  "entry/skills.SkillsClient.listSkillsPage.__type.skills",
  // src/extensions/skills/extension.ts
  "entry/skills.ReadDirectoryResult.resources.__type.description",
  "entry/skills.ReadDirectoryResult.resources.__type.mimeType",
  "entry/skills.ReadDirectoryResult.resources.__type.name",
  "entry/skills.ReadDirectoryResult.resources.__type.size",
  "entry/skills.ReadDirectoryResult.resources.__type.uri",
  // src/extensions/skills/frontmatter.ts
  "entry/skills.parseSkillMarkdown.__type.body",
  "entry/skills.parseSkillMarkdown.__type.frontmatter",
  // src/high-level/server/handler-context.ts
  "index.ToolContext.elicitForm.__type.content",
  "index.ToolContext.http.__type.headers",
  // src/high-level/server/notification-bus.ts
  "index.ServerChange.__type.kind",
  "index.ServerChange.__type.lists",
  "index.ServerChange.__type.uri",
  // src/high-level/server/registry.ts
  "index.ItemChanges.__type.callback",
  "index.ItemChanges.__type.enabled",
  // src/high-level/server/resources.ts
  "index.RegisteredResource.__type.name",
  "index.RegisteredResourceTemplate.__type.uriTemplate",
  // src/high-level/server/tools.ts
  "index.ToolConfig.execution.__type.startTask",
  "index.ToolConfig.execution.__type.taskSupport",
  // src/json-schema/infer.ts
  "index.InferSchema.__type.const",
  "index.InferSchema.__type.enum",
  "index.InferSchema.__type.anyOf",
  "index.InferSchema.__type.oneOf",
  "index.InferSchema.__type.properties",
  "index.InferSchema.__type.type",
  "index.InferSchema.__type.items",
  // src/json-schema/standard-schema.ts
  "index.StandardSchema.~standard.__type.types.__type.input",
  "index.StandardSchema.~standard.__type.types.__type.output",
  // src/jsonrpc/direct-dispatcher.ts
  "entry/jsonrpc.DirectDispatcher.load.__type.inFlight",
  "entry/jsonrpc.DirectDispatcher.load.__type.pending",
  // src/jsonrpc/dispatcher.ts
  "entry/jsonrpc.Dispatcher.load.__type.inFlight",
  "entry/jsonrpc.Dispatcher.load.__type.pending",
  // src/jsonrpc/messages.ts
  "entry/jsonrpc.ClassifiedMessage.__type.kind",
  "entry/jsonrpc.ClassifiedMessage.__type.message",
  "entry/jsonrpc.ClassifiedMessage.__type.id",
  "entry/jsonrpc.ClassifiedMessage.__type.reason",
  // src/jsonrpc/transport.ts
  "index.MessageExtraInfo.requestInfo.__type.headers",
  // src/server/result-check.ts
  "entry/server.ServerRunnerOptions.cacheHints.__type.cacheScope",
  "entry/server.ServerRunnerOptions.cacheHints.__type.ttlMs",
  // src/server/telemetry.ts
  "entry/server.OpenTelemetryApi.trace.__type.getTracerProvider.__type.getDelegateTracer",
  "entry/server.OpenTelemetryApi.context.__type.active",
  // src/transport/stdio.ts
  "entry/node.StdioClientTransport.exitStatus.__type.code",
  "entry/node.StdioClientTransport.exitStatus.__type.signal",
  // src/transport/streamable-http/auth-gate.ts
  "entry/auth.HttpAuthentication.__type.answer",
  // src/transport/streamable-http/client-link.ts
  "index.StreamableHttpClientOptions.reconnect.__type.initialDelayMs",
  "index.StreamableHttpClientOptions.reconnect.__type.jitter",
  "index.StreamableHttpClientOptions.reconnect.__type.maxAttempts",
  "index.StreamableHttpClientOptions.reconnect.__type.maxDelayMs",
];

/**
 * Types the public signatures mention that no entry point exports, by `path:Name`. TypeDoc names
 * them in the reference without a page of their own.
 */
export const NOT_EXPORTED = {
  /** Internal on purpose: type-level helpers, implementation details, and generated twins of public names. */
  internal: [
    // InferSchema's recursion helpers.
    "src/json-schema/infer.ts:Depth",
    "src/json-schema/infer.ts:Flatten",
    "src/json-schema/infer.ts:Properties",
    "src/json-schema/infer.ts:RequiredKeys",
    "src/json-schema/infer.ts:Primitive",
    // The typing helpers of the extension and validation signatures.
    "src/extensions/extension.ts:Typed",
    "src/validation/validate.ts:Typed",
    "src/validation/validate.ts:MethodArg",
    "src/json-schema/standard-schema.ts:RawShapeOutput",
    "src/json-schema/standard-schema.ts:StandardResult",
    // The keys of CacheableMethod come from this table.
    "src/protocol/caching.ts:STALE_AFTER",
    // RedisConnection is the type of what this function returns.
    "src/redis/client.ts:createConnection",
    // MethodTable is typed from the generated registry; its ProtocolVersion is the public one's twin.
    "generated/registry.ts:ProtocolVersion",
    "generated/registry.ts:METHOD_TABLES",
    // The HTTP session transport's internals (its streams and POST channels).
    "src/transport/streamable-http/sse-stream.ts:SseStream",
    "src/transport/streamable-http/session-transport.ts:PostChannel",
    // The parts of @opentelemetry/api the telemetry uses, restated structurally.
    "src/server/telemetry.ts:SpanFacts",
    "src/server/telemetry.ts:TracerLike",
    "src/server/telemetry.ts:Carrier",
  ],
  /**
   * Types users write or receive, which should be exported from an entry point (src/index.ts or
   * src/entry/*.ts, and the public-names snapshot). Exporting one makes its entry here unused, which
   * fails the docs build until it is removed from this list.
   */
  toExport: [
    "src/high-level/tasks-client.ts:TaskClient",
    "src/high-level/server/task-modes.ts:TaskOptions",
    "src/high-level/server/server-tasks.ts:ServerTasks",
    "src/high-level/server/task-modes.ts:TaskSupport",
    "src/high-level/server/task-modes.ts:TaskToolContext",
  ],
};
