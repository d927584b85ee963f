/**
 * What an extension is: a named unit (`io.modelcontextprotocol/tasks`, `com.example/notes`) that
 * adds request and notification methods with their own JSON Schemas, may add `resultType` values
 * to core results and keys to the `subscriptions/listen` filter, and is negotiated through
 * `capabilities.extensions`. A definition is plain data; `ServerRunner.registerExtension` and
 * `ClientSession.registerExtension` take the same definition.
 */
import type { InferSchema } from "../json-schema/infer.js";
import type { JsonSchema } from "../json-schema/resources.js";
import type { ProtocolVersion } from "../protocol/versions.js";

/**
 * A validator compiled ahead of time (the shape AJV's standalone output and the generated protocol
 * validators have): true when valid, the failures in `errors` otherwise.
 */
export interface PrecompiledValidator {
  (data: unknown): boolean;
  /** The failures of the last call that returned false (Ajv's error objects: where, what, which keyword). */
  errors?: readonly { instancePath?: string; message?: string; keyword?: string }[] | null;
}

/**
 * A schema as an extension gives it: a JSON Schema (compiled once, at registration, into closures:
 * no code generation, no eval) or a validator compiled at build time.
 */
export type SchemaSource = JsonSchema | PrecompiledValidator;

/** One method an extension adds. `P` and `R` type params and result when no `as const` schema says them. */
export interface ExtensionMethod<P = unknown, R = unknown> {
  /** The params' schema (absent: any object, or none). */
  readonly params?: SchemaSource;
  /** A request's result schema (absent: any object). */
  readonly result?: SchemaSource;
  /**
   * Stateless Streamable HTTP: the params field the `Mcp-Name` header mirrors (as `name` for
   * tools/call); the client sets the header from it and the server checks it.
   */
  readonly nameParam?: string;
  /** Types only (never set at run time): what `method<P, R>()` records. */
  readonly types?: { readonly params: P; readonly result: R };
}

/** A `resultType` value an extension adds to core results (tasks' `"task"` on tools/call). */
export interface ExtensionResultType {
  /** The core requests whose result may carry this value. */
  readonly methods: readonly string[];
  /** The whole result's schema when it carries this value (it replaces the core result schema). */
  readonly schema: SchemaSource;
}

/** The four directions, named by the sender as the generated method tables name them. */
export type ExtensionDirection = "clientRequests" | "serverRequests" | "clientNotifications" | "serverNotifications";

/** What an extension definition says. */
export interface ExtensionDefinition {
  /** `{vendor-prefix}/{name}`: the key under `capabilities.extensions`. */
  readonly id: string;
  /** Its settings object under `capabilities.extensions[id]` (default `{}`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Protocol versions it applies to (default: every version); under the others it does not exist. */
  readonly protocolVersions?: readonly ProtocolVersion[];
  /** Requests the client sends (the server answers them). */
  readonly clientRequests?: Readonly<Record<string, ExtensionMethod>>;
  /** Requests the server sends (the client answers them). */
  readonly serverRequests?: Readonly<Record<string, ExtensionMethod>>;
  /** Notifications the client sends. */
  readonly clientNotifications?: Readonly<Record<string, ExtensionMethod>>;
  /** Notifications the server sends. */
  readonly serverNotifications?: Readonly<Record<string, ExtensionMethod>>;
  /** `resultType` values it adds, by value. */
  readonly resultTypes?: Readonly<Record<string, ExtensionResultType>>;
  /** Keys it adds to the `notifications` filter of `subscriptions/listen`, with their schemas. */
  readonly listenFilters?: Readonly<Record<string, SchemaSource>>;
  /** Methods that answer -32601 (Method not found) where this extension applies, whoever asks. */
  readonly removedMethods?: readonly string[];
  /**
   * Whether a client must declare the extension to call its client requests (default `"required"`:
   * -32021 otherwise). `"optional"`: the server's own declaration commits it to answering them for
   * any client, as SEP-2640 has it for `skills/list` and `skills/get`.
   */
  readonly clientDeclaration?: "required" | "optional";
}

/** An extension: its definition, plus its methods' types for the typed surfaces. */
export interface Extension<D extends ExtensionDefinition = ExtensionDefinition> {
  /** The extension's definition, as given to `defineExtension`. */
  readonly definition: D;
  /** The extension's identifier (`definition.id`). */
  readonly id: D["id"];
}

/**
 * Defines an extension. Write the definition `as const` (or use `method<P, R>()`) so that its
 * methods' params and results are typed for `registerExtension(...)` handles on both sides.
 *
 * ```ts
 * const notes = defineExtension({
 *   id: "com.example/notes",
 *   clientRequests: {
 *     "notes/add": {
 *       params: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
 *       result: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
 *     },
 *   },
 * } as const);
 * ```
 */
export function defineExtension<const D extends ExtensionDefinition>(definition: D): Extension<D> {
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\/[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(definition.id)) {
    throw new Error(`extension id ${JSON.stringify(definition.id)} is not {vendor-prefix}/{name}`);
  }
  return { definition, id: definition.id };
}

/** A method whose params and result are typed as `P` and `R` (with or without schemas). */
export function method<P, R = Record<string, unknown>>(
  spec: Omit<ExtensionMethod, "types"> = {},
): ExtensionMethod<P, R> {
  return spec as ExtensionMethod<P, R>;
}

type FromSchema<S> = [S] extends [undefined] ? Record<string, unknown> : S extends object ? InferSchema<S> : unknown;

type Typed<M, F extends "params" | "result", S> = M extends { types?: { [K in F]: infer T } }
  ? unknown extends T
    ? FromSchema<S>
    : T
  : FromSchema<S>;

/** Params of method `K` in one direction of definition `D`. */
export type ExtensionParams<D extends ExtensionDefinition, Dir extends ExtensionDirection, K> = D[Dir] extends infer T
  ? K extends keyof T
    ? Typed<T[K], "params", T[K] extends { params: infer S } ? S : undefined>
    : never
  : never;

/** Result of request `K` in one direction of definition `D`. */
export type ExtensionResult<D extends ExtensionDefinition, Dir extends ExtensionDirection, K> = D[Dir] extends infer T
  ? K extends keyof T
    ? Typed<T[K], "result", T[K] extends { result: infer S } ? S : undefined>
    : never
  : never;

/** Method names of one direction of definition `D`. */
export type ExtensionMethodName<D extends ExtensionDefinition, Dir extends ExtensionDirection> = keyof NonNullable<
  D[Dir]
> &
  string;

/**
 * An extension's methods in the shape of the generated method maps
 * (`ProtocolMethodMaps[V]["clientRequests"]["tools/call"]` is `{ params; result }`): merge it into a
 * version's maps with `&` to type a surface that includes the extension.
 */
export type ExtensionMethodMaps<D extends ExtensionDefinition> = {
  [Dir in ExtensionDirection]: {
    [K in ExtensionMethodName<D, Dir>]: Dir extends "clientRequests" | "serverRequests"
      ? { params: ExtensionParams<D, Dir, K>; result: ExtensionResult<D, Dir, K> }
      : { params: ExtensionParams<D, Dir, K> };
  };
};
