/**
 * The context every tool handler, resource reader and prompt handler gets: the request's own
 * session, so that whatever a handler sends (logs, progress, sampling, elicitation) travels with
 * the request it serves.
 */

import {
  isRawShape,
  isStandardSchema,
  type RawShape,
  type SchemaOutput,
  type StandardSchema,
  userSchema,
} from "../../json-schema/standard-schema.js";
import { type AuthInfo, isAuthInfo } from "../../protocol/auth-info.js";
import { ErrorCode, McpError } from "../../protocol/errors.js";
import type * as Model from "../../protocol/model.js";
import type { ProtocolVersion } from "../../protocol/versions.js";
import type { LoggingLevel } from "../../server/connection.js";
import type { AskOptions, InputRound } from "../../server/input-required.js";
import type { RequestContext } from "../../server/runner.js";
import { ServerSession } from "../../server/server-session.js";

/** What a tool handler gets besides its arguments. Everything it sends travels with the request. */
export interface ToolContext {
  /** The request's ServerSession, request-scoped by default (`{ standalone: true }` to send outside the request). */
  session: ServerSession;
  /** The request's JSON-RPC id. */
  requestId: RequestContext["requestId"];
  /** Aborted when the client cancels the request, its time is up or the connection closes. */
  signal: AbortSignal;
  /** The protocol version the request is served in. */
  protocolVersion: ProtocolVersion;
  /** Progress of this request: `({ progress, total, message })` as the official SDK writes it, or positional. */
  reportProgress(progress: number | ProgressUpdate, total?: number, message?: string): Promise<void>;
  /**
   * Sends a log message with this request, when the client's level lets it through (`logger` names its
   * source).
   */
  log(level: LoggingLevel, data: unknown, logger?: string): Promise<void>;
  /**
   * Sampling, elicitation and roots work the same for every protocol version; the handler never
   * branches on it. In the stateful lifecycle each is a real request to the client on this request's stream.
   * In the stateless lifecycle there are no server-to-client requests: the first ask the client has not yet
   * answered ends this run of the handler (its promise rejects with InputRequiredSignal and
   * `signal` aborts), the client gets an InputRequiredResult listing every ask still open, and when
   * it retries the request with the answers **the handler runs again from the start**: asks
   * already answered now resolve at once, in order. So code before an ask may run more than once:
   * keep side effects after the asks, or make them idempotent. Asks are matched to answers by
   * `key`; the default key is the kind and position of the ask ("elicitation-1", ...), which is
   * stable when the handler asks in the same order each run. A client that did not declare the
   * capability gets -32021 (CapabilityNotSupportedError inside the handler, which may catch it).
   */
  createMessage(params: Model.CreateMessageRequestParams, options?: AskOptions): Promise<Model.CreateMessageResult>;
  /**
   * Form-mode elicitation: asks the user to fill a flat form described by a JSON Schema. Throws
   * CapabilityNotSupportedError when the client cannot show forms.
   */
  elicitForm(params: Omit<Model.ElicitRequestFormParams, "mode">, options?: AskOptions): Promise<Model.ElicitResult>;
  /**
   * A form described by a Standard Schema (zod, valibot, arktype) or a raw shape of them: the
   * client gets its JSON Schema, and accepted content is parsed by the library (-32602 when it does
   * not parse) and typed from it.
   */
  elicitForm<S extends StandardSchema | RawShape>(
    params: { message: string; requestedSchema: S; _meta?: Record<string, unknown> },
    options?: AskOptions,
  ): Promise<Omit<Model.ElicitResult, "content"> & { content?: SchemaOutput<S> }>;
  /**
   * `roots/list`: the client's roots. Throws CapabilityNotSupportedError when the client did not declare
   * `roots`.
   */
  listRoots(options?: AskOptions): Promise<Model.ListRootsResult>;
  /**
   * Stateless-lifecycle tools/call, prompts/get, resources/read: this run of the multi round-trip request
   * (`resumed` after a round trip; `state` is JSON kept, sealed, for the next run). Undefined for
   * stateful versions, where asks are real requests.
   */
  inputRound?: InputRound;
  /**
   * Over Streamable HTTP with an event store: end this request's stream now and let the client
   * resume it later (polling, SEP-1699). Undefined where the transport cannot.
   */
  closeSseStream?: () => void;
  /**
   * The authenticated caller, when the server sits behind an auth gate (`bearerAuth` from
   * `typed-mcp/auth`): subject, client, scopes, expiry, resource and the token's verified claims.
   */
  authInfo?: AuthInfo;
  /** The HTTP request this message came in, over Streamable HTTP: its headers (names in lower case). */
  http?: { headers: Readonly<Record<string, string | string[] | undefined>> };
}

/** The official SDK's object form of a progress notification. */
export interface ProgressUpdate {
  /** How far along. */
  progress: number;
  /** The total `progress` will reach, when known. */
  total?: number;
  /** A human-readable note (sent to clients whose version has it). */
  message?: string;
}

/**
 * The context of one request. Everything but the request id and version is made when first read,
 * from accessors every context shares: the session, and each method (a function bound to this
 * context, so that it can be taken off the object: `({ log }) => log("info", ...)`). A handler that
 * reads none of them costs one small object per call, not a session and a closure per method.
 *
 * Per-object getters (an object literal's `get`, or defineProperty with a new function) are what
 * this avoids too: each such object was in dictionary mode, and V8 kept the getter, its scope and so
 * the whole request alive through every scavenge until a full collection (a stateless server
 * promoted 1.4 MB per scavenge).
 */
class HandlerContext implements ToolContext {
  readonly requestId: RequestContext["requestId"];
  readonly protocolVersion: ProtocolVersion;
  declare closeSseStream?: () => void;
  declare authInfo?: AuthInfo;
  readonly #context: RequestContext;
  #session: ServerSession | undefined;
  #http: ToolContext["http"] | null = null;

  constructor(context: RequestContext) {
    this.#context = context;
    this.requestId = context.requestId;
    this.protocolVersion = context.protocolVersion;
    // Set only when present, as own properties (no temporary objects per call for the absent ones).
    const extra = context.extra;
    if (extra?.closeSseStream) this.closeSseStream = extra.closeSseStream;
    if (extra && isAuthInfo(extra.authInfo)) this.authInfo = extra.authInfo;
  }

  /** The request's input round (opened when first read: most handlers never ask for one). */
  get inputRound(): InputRound | undefined {
    return this.#context.round;
  }

  /** Request-scoped by default: what a handler sends travels with its request. */
  get session(): ServerSession {
    const context = this.#context;
    this.#session ??= new ServerSession(context.connection, context.dispatch, true, context.round);
    return this.#session;
  }

  get signal(): AbortSignal {
    return this.#context.signal;
  }

  // The transports copy the request's headers only when read (most handlers never do).
  get http(): ToolContext["http"] {
    if (this.#http === null) {
      const headers = this.#context.extra?.requestInfo?.headers;
      this.#http = headers ? { headers } : undefined;
    }
    return this.#http;
  }

  get reportProgress(): ToolContext["reportProgress"] {
    return (progress, total, message) =>
      typeof progress === "number"
        ? this.session.reportProgress(progress, total, message)
        : this.session.reportProgress(progress.progress, progress.total, progress.message);
  }

  get log(): ToolContext["log"] {
    return (level, data, logger) =>
      this.session.sendLogMessage(logger === undefined ? { level, data } : { level, data, logger }, this.#scoped());
  }

  get createMessage(): ToolContext["createMessage"] {
    return (params, options) => this.session.createMessage(params, { ...options, ...this.#scoped() });
  }

  get elicitForm(): ToolContext["elicitForm"] {
    return ((params: { message: string; requestedSchema: unknown }, options?: AskOptions) =>
      elicitWithSchema(
        (form) => this.session.elicitForm(form, { ...options, ...this.#scoped() }),
        params,
      )) as ToolContext["elicitForm"];
  }

  get listRoots(): ToolContext["listRoots"] {
    return (options) => this.session.listRoots({ ...options, ...this.#scoped() });
  }

  #scoped(): { relatedRequestId: RequestContext["requestId"] } {
    return { relatedRequestId: this.requestId };
  }
}

/** The context a handler of `context`'s request gets (see HandlerContext). */
export function handlerContext(context: RequestContext): ToolContext {
  return new HandlerContext(context);
}

/**
 * A form elicitation sent through `ask` (the request's session, or a task's channel): a Standard
 * Schema or raw shape becomes its JSON Schema on the wire, and accepted content is parsed by the
 * library (-32602 when it does not parse); a plain JSON Schema form goes as is.
 */
export async function elicitWithSchema(
  ask: (form: Omit<Model.ElicitRequestFormParams, "mode">) => Promise<Model.ElicitResult>,
  params: { message: string; requestedSchema: unknown },
): Promise<Model.ElicitResult> {
  const given = params.requestedSchema;
  if (!isStandardSchema(given) && !isRawShape(given)) {
    return ask(params as Omit<Model.ElicitRequestFormParams, "mode">);
  }
  const schema = userSchema(given, "input");
  const requestedSchema = schema.jsonSchema as Model.ElicitRequestFormParams["requestedSchema"];
  const result = await ask({ ...params, requestedSchema });
  if (result.action !== "accept" || result.content === undefined) return result;
  const checked = await schema.check(result.content);
  if (checked.issues) {
    const listed = checked.issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
    throw new McpError(ErrorCode.InvalidParams, `Invalid params: the elicited form does not parse: ${listed}`, {
      issues: checked.issues,
    });
  }
  return { ...result, content: checked.value as Model.ElicitResult["content"] };
}
