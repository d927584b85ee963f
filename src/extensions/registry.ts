/**
 * The extensions one side has registered, compiled: which extension owns a method, checks of its
 * params and results, the `resultType` values and listen-filter keys extensions add, the methods
 * they remove, and what goes under `capabilities.extensions`. Server and client each hold one.
 */
import { compileJsonSchema } from "../json-schema/compile.js";
import { ErrorCode, McpError, type SchemaIssue, SchemaViolationError } from "../protocol/errors.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import type {
  Extension,
  ExtensionDefinition,
  ExtensionDirection,
  ExtensionMethod,
  PrecompiledValidator,
  SchemaSource,
} from "./extension.js";
import { attachPrecompiled, precompiledFor } from "./precompiled.js";

/** A schema ready to check values: every issue, or none. */
export type SchemaCheck = (value: unknown) => SchemaIssue[];

const ACCEPT_ANY: SchemaCheck = () => [];

function isPrecompiled(source: SchemaSource): source is PrecompiledValidator {
  return typeof source === "function";
}

/**
 * Compiles a schema source once: a JSON Schema into closures (no eval), a precompiled validator as
 * is; a schema of an extension shipped with typed-mcp uses its validator compiled at build time.
 */
export function compileSchemaSource(source: SchemaSource | undefined): SchemaCheck {
  if (source === undefined) return ACCEPT_ANY;
  if (!isPrecompiled(source) && typeof source === "object" && source !== null) {
    const built = precompiledFor(source);
    if (built) return compileSchemaSource(built);
  }
  if (isPrecompiled(source)) {
    return (value) =>
      source(value)
        ? []
        : (source.errors ?? [{ message: "is invalid", keyword: "schema" }]).map((error) => ({
            path: error.instancePath ?? "",
            message: error.message ?? "is invalid",
            keyword: error.keyword ?? "schema",
          }));
  }
  const compiled = compileJsonSchema(source);
  return (value) => compiled.issues(value);
}

/** One method of a registered extension, with its checks compiled. */
export class ExtensionMethodEntry {
  private readonly paramsCheck: SchemaCheck;
  private readonly resultCheck: SchemaCheck;
  /** The params field the `Mcp-Name` header mirrors, if any (see `ExtensionMethod.nameParam`). */
  readonly nameParam: string | undefined;

  /** Compiles the method's schemas (once, at registration). */
  constructor(
    /** The registration the method belongs to. */
    readonly extension: RegisteredExtension,
    /** The method's name. */
    readonly method: string,
    spec: ExtensionMethod,
  ) {
    this.paramsCheck = compileSchemaSource(spec.params);
    this.resultCheck = compileSchemaSource(spec.result);
    this.nameParam = spec.nameParam;
  }

  /** The params, checked: a SchemaViolationError (-32602) lists every failing path. */
  checkParams(params: unknown, protocolVersion: string): void {
    const issues = this.paramsCheck(params ?? {});
    if (issues.length > 0) throw new SchemaViolationError(`${this.method} params`, protocolVersion, issues);
  }

  /** A request's result, checked. */
  checkResult(result: unknown, protocolVersion: string): void {
    const issues = this.resultCheck(result);
    if (issues.length > 0) throw new SchemaViolationError(`${this.method} result`, protocolVersion, issues);
  }
}

/** An extension as one side registered it: its definition compiled, and the settings it declares. */
export class RegisteredExtension {
  /** The extension's identifier. */
  readonly id: string;
  /** Its methods, by direction and name, with their checks compiled. */
  readonly methods: Readonly<Record<ExtensionDirection, ReadonlyMap<string, ExtensionMethodEntry>>>;
  /**
   * The `resultType` values it adds, each with the core methods that may carry it and the result's compiled
   * check.
   */
  readonly resultTypes: ReadonlyMap<string, { methods: ReadonlySet<string>; check: SchemaCheck }>;
  /** The keys it adds to the `subscriptions/listen` filter, with their compiled checks. */
  readonly listenFilters: ReadonlyMap<string, SchemaCheck>;
  /** The methods it removes (answered -32601). */
  readonly removedMethods: ReadonlySet<string>;

  /**
   * Compiles a definition; `ExtensionRegistry.register` makes these. Throws SchemaCompileError when a schema
   * cannot be compiled.
   */
  constructor(
    /** The extension's definition. */
    readonly definition: ExtensionDefinition,
    /** What goes under `capabilities.extensions[id]`. */
    readonly settings: Readonly<Record<string, unknown>>,
  ) {
    this.id = definition.id;
    const entries = (direction: ExtensionDirection) =>
      new Map(
        Object.entries(definition[direction] ?? {}).map(([name, spec]) => [
          name,
          new ExtensionMethodEntry(this, name, spec),
        ]),
      );
    this.methods = {
      clientRequests: entries("clientRequests"),
      serverRequests: entries("serverRequests"),
      clientNotifications: entries("clientNotifications"),
      serverNotifications: entries("serverNotifications"),
    };
    this.resultTypes = new Map(
      Object.entries(definition.resultTypes ?? {}).map(([value, spec]) => [
        value,
        { methods: new Set(spec.methods), check: compileSchemaSource(spec.schema) },
      ]),
    );
    this.listenFilters = new Map(
      Object.entries(definition.listenFilters ?? {}).map(([key, schema]) => [key, compileSchemaSource(schema)]),
    );
    this.removedMethods = new Set(definition.removedMethods ?? []);
  }

  /** Whether the extension exists under `version`. */
  appliesTo(version: ProtocolVersion): boolean {
    return this.definition.protocolVersions === undefined || this.definition.protocolVersions.includes(version);
  }
}

/** The extensions one side registered, looked up by id and by method. */
export class ExtensionRegistry {
  private readonly byId = new Map<string, RegisteredExtension>();

  /** Registers an extension (once per id): its schemas are compiled here. */
  register(extension: Extension, settings?: Readonly<Record<string, unknown>>): RegisteredExtension {
    const { definition } = extension;
    if (this.byId.has(definition.id)) throw new Error(`extension ${definition.id} is already registered`);
    for (const other of this.byId.values()) {
      for (const direction of Object.keys(other.methods) as ExtensionDirection[]) {
        for (const name of Object.keys(definition[direction] ?? {})) {
          if (other.methods[direction].has(name)) {
            throw new Error(`extension ${definition.id} adds ${name}, which ${other.id} already adds`);
          }
        }
      }
    }
    attachPrecompiled(definition);
    const registered = new RegisteredExtension(definition, settings ?? definition.settings ?? {});
    this.byId.set(definition.id, registered);
    return registered;
  }

  /** The registration of extension `id`, or undefined. */
  get(id: string): RegisteredExtension | undefined {
    return this.byId.get(id);
  }

  /** How many extensions are registered. */
  get size(): number {
    return this.byId.size;
  }

  /** The registrations, in registration order. */
  [Symbol.iterator](): IterableIterator<RegisteredExtension> {
    return this.byId.values();
  }

  /** The extension method `method` in `direction` under `version`, if a registered extension adds it. */
  method(direction: ExtensionDirection, method: string, version: ProtocolVersion): ExtensionMethodEntry | undefined {
    for (const extension of this.byId.values()) {
      const entry = extension.methods[direction].get(method);
      if (entry && extension.appliesTo(version)) return entry;
    }
    return undefined;
  }

  /** The extension that removes `method` under `version`, if one does. */
  removing(method: string, version: ProtocolVersion): RegisteredExtension | undefined {
    for (const extension of this.byId.values()) {
      if (extension.removedMethods.has(method) && extension.appliesTo(version)) return extension;
    }
    return undefined;
  }

  /** The extension that adds `resultType` value `value` to `method`'s result under `version`, and its check. */
  resultType(
    method: string,
    value: unknown,
    version: ProtocolVersion,
  ): { extension: RegisteredExtension; check: SchemaCheck } | undefined {
    if (typeof value !== "string") return undefined;
    for (const extension of this.byId.values()) {
      const added = extension.resultTypes.get(value);
      if (added?.methods.has(method) && extension.appliesTo(version)) return { extension, check: added.check };
    }
    return undefined;
  }

  /** The extension that adds listen-filter key `key` under `version`, and its check. */
  listenFilter(
    key: string,
    version: ProtocolVersion,
  ): { extension: RegisteredExtension; check: SchemaCheck } | undefined {
    for (const extension of this.byId.values()) {
      const check = extension.listenFilters.get(key);
      if (check && extension.appliesTo(version)) return { extension, check };
    }
    return undefined;
  }

  /** What `capabilities.extensions` holds under `version` (undefined when no extension applies). */
  capabilities(version: ProtocolVersion | undefined): Record<string, Record<string, unknown>> | undefined {
    let declared: Record<string, Record<string, unknown>> | undefined;
    for (const extension of this.byId.values()) {
      if (version !== undefined && !extension.appliesTo(version)) continue;
      declared ??= {};
      declared[extension.id] = { ...extension.settings };
    }
    return declared;
  }
}

/** Whether a capabilities object declares extension `id` under `extensions`. */
export function declaresExtension(capabilities: unknown, id: string): boolean {
  if (typeof capabilities !== "object" || capabilities === null) return false;
  const extensions = (capabilities as { extensions?: unknown }).extensions;
  return (
    typeof extensions === "object" && extensions !== null && (extensions as Record<string, unknown>)[id] !== undefined
  );
}

/** The -32021 error for a use of extension `id` by a peer that did not declare it. */
export function missingExtensionError(id: string, what: string): McpError {
  return new McpError(
    ErrorCode.MissingRequiredClientCapability,
    `Missing required client capability: the ${id} extension (needed for ${what})`,
    { requiredCapabilities: { extensions: { [id]: {} } } },
  );
}
