/**
 * OpenTelemetry tracing for the kernel: one span per inbound request (SERVER) and per request the
 * server sends (CLIENT), carrying the MCP method, protocol version, session id, request id and,
 * on failure, the JSON-RPC error code. An inbound span joins the caller's trace when the request's
 * `_meta` carries W3C trace context (`traceparent`/`tracestate`); outbound requests carry it on.
 *
 * `@opentelemetry/api` is an optional peer dependency: the kernel turns tracing on by default when
 * it is installed, and it costs nothing more than the API's no-op tracer until an SDK is registered.
 * Only the few API members used here are named, so typed-mcp's own types do not depend on it.
 */
import type { Params } from "../jsonrpc/outbound.js";
import { McpError } from "../protocol/errors.js";

interface SpanLike {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): unknown;
  end(): void;
}

type Carrier = Record<string, unknown>;

interface TracerLike {
  startActiveSpan<T>(
    name: string,
    options: { kind?: number; attributes?: Record<string, string | number | boolean> },
    context: unknown,
    fn: (span: SpanLike) => T,
  ): T;
}

/** The part of `@opentelemetry/api` typed-mcp uses. */
export interface OpenTelemetryApi {
  /** Tracer access. */
  trace: {
    /** The tracer of instrumentation `name` (and `version`). */
    getTracer(name: string, version?: string): TracerLike;
    /** The global tracer provider (its delegate tells whether an SDK is registered). */
    getTracerProvider(): { getDelegateTracer?(name: string): TracerLike | undefined };
  };
  /** Context access. */
  context: { active(): unknown };
  /** Context propagation across process boundaries (W3C trace context in `_meta`). */
  propagation: {
    /** Reads a trace context out of `carrier` into `context`. */
    extract(context: unknown, carrier: Carrier, getter?: unknown): unknown;
    /** Writes `context`'s trace context into `carrier`. */
    inject(context: unknown, carrier: Carrier, setter?: unknown): void;
  };
}

const SPAN_KIND_SERVER = 1;
const SPAN_KIND_CLIENT = 2;
const STATUS_ERROR = 2;

/** Loads `@opentelemetry/api` if the application installed it; undefined otherwise. */
export function detectOpenTelemetry(): OpenTelemetryApi | undefined {
  try {
    // Node's createRequire without importing a `node:` module, so the kernel loads on any runtime.
    const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
    const builtin = process?.getBuiltinModule?.("node:module") as
      | { createRequire(path: string | URL): (id: string) => unknown }
      | undefined;
    if (!builtin) return undefined;
    return builtin.createRequire(import.meta.url)("@opentelemetry/api") as OpenTelemetryApi;
  } catch {
    return undefined;
  }
}

export interface SpanFacts {
  method: string;
  protocolVersion: string | undefined;
  sessionId: string | undefined;
  requestId?: string | number;
  params: Params | undefined;
}

/** OpenTelemetry spans for inbound and outbound requests, when `@opentelemetry/api` is installed; no span work otherwise. */
export class Telemetry {
  /**
   * Creates the tracing on the given `@opentelemetry/api` (the kernel does so when the package is installed).
   */
  constructor(private readonly api: OpenTelemetryApi) {}

  /**
   * The tracer to use now, or undefined while no OpenTelemetry SDK is registered: then requests
   * skip span bookkeeping altogether (the API's no-op spans would cost a third of an in-memory
   * round trip for nothing).
   */
  /** Whether a tracer is registered now: when not, a request is served without building anything for its span. */
  get tracing(): boolean {
    return this.tracer() !== undefined;
  }

  private tracer(): TracerLike | undefined {
    const provider = this.api.trace.getTracerProvider();
    if (typeof provider.getDelegateTracer === "function") return provider.getDelegateTracer("typed-mcp");
    return this.api.trace.getTracer("typed-mcp");
  }

  private attributes(facts: SpanFacts): Record<string, string | number | boolean> {
    const attributes: Record<string, string | number | boolean> = { "mcp.method.name": facts.method };
    if (facts.protocolVersion) attributes["mcp.protocol.version"] = facts.protocolVersion;
    if (facts.sessionId) attributes["mcp.session.id"] = facts.sessionId;
    if (facts.requestId !== undefined) attributes["jsonrpc.request.id"] = String(facts.requestId);
    const target = facts.params?.name;
    if (typeof target === "string" && (facts.method === "tools/call" || facts.method === "prompts/get")) {
      attributes[facts.method === "tools/call" ? "gen_ai.tool.name" : "gen_ai.prompt.name"] = target;
    }
    return attributes;
  }

  private spanName(facts: SpanFacts): string {
    const target = facts.params?.name;
    return typeof target === "string" && (facts.method === "tools/call" || facts.method === "prompts/get")
      ? `${facts.method} ${target}`
      : facts.method;
  }

  private async run<T>(span: SpanLike, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const code = error instanceof McpError ? error.code : -32603;
      span.setAttribute("rpc.jsonrpc.error_code", code);
      span.setStatus({ code: STATUS_ERROR, message: error instanceof Error ? error.message : String(error) });
      if (error instanceof Error) span.recordException(error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** A SERVER span around an inbound request, child of the caller's trace when `_meta` carries one. */
  traceInbound<T>(facts: SpanFacts, work: () => Promise<T>): Promise<T> {
    const tracer = this.tracer();
    if (!tracer) return work();
    const meta = facts.params?._meta;
    const carrier = typeof meta === "object" && meta !== null ? (meta as Carrier) : {};
    const parent = this.api.propagation.extract(this.api.context.active(), carrier);
    return tracer.startActiveSpan(
      this.spanName(facts),
      { kind: SPAN_KIND_SERVER, attributes: this.attributes(facts) },
      parent,
      (span) => this.run(span, work),
    );
  }

  /** A CLIENT span around a request this side sends; the trace context goes along in `_meta`. */
  traceOutbound<T>(facts: SpanFacts, work: (params: Params | undefined) => Promise<T>): Promise<T> {
    const tracer = this.tracer();
    if (!tracer) return work(facts.params);
    return tracer.startActiveSpan(
      this.spanName(facts),
      { kind: SPAN_KIND_CLIENT, attributes: this.attributes(facts) },
      this.api.context.active(),
      (span) =>
        this.run(span, () => {
          const meta: Carrier = { ...((facts.params?._meta as Carrier | undefined) ?? {}) };
          this.api.propagation.inject(this.api.context.active(), meta);
          const params = Object.keys(meta).length > 0 ? { ...facts.params, _meta: meta } : facts.params;
          return work(params);
        }),
    );
  }
}
