/**
 * Wire tracing: with `TYPED_MCP_TRACE=1` in the environment, every JSON-RPC message a dispatcher
 * receives or sends is written to stderr (never stdout, so a stdio server's output stays clean),
 * with the time since the first traced message and, for answers, how long the request took.
 * Off, it costs one check when a dispatcher is made and nothing per message.
 */
import type { JsonRpcMessage, RequestId } from "./messages.js";

/** What a dispatcher tells the tracer about each message that crosses its transport. */
export interface WireTracer {
  inbound(message: unknown): void;
  outbound(message: JsonRpcMessage): void;
}

/** Where trace lines go and how much of each message they show. */
export interface WireTraceOptions {
  /** Names the connection in each line, e.g. the transport's class and a number. */
  label: string;
  write: (line: string) => void;
  /** Milliseconds, monotonic. */
  now: () => number;
  /** Longest message text shown; longer ones are cut, with their full length given (default 4096). */
  maxMessageChars?: number;
}

const DEFAULT_MAX_MESSAGE_CHARS = 4096;

/** A tracer that writes one line per message, pairing answers with their requests to time them. */
export function createWireTracer(options: WireTraceOptions): WireTracer {
  const { label, write, now } = options;
  const limit = options.maxMessageChars ?? DEFAULT_MAX_MESSAGE_CHARS;
  // Requests still waiting for an answer, by direction: an answer travels the other way.
  const sentAt = new Map<RequestId, number>();
  const receivedAt = new Map<RequestId, number>();
  const line = (
    arrow: string,
    message: unknown,
    startedAt: Map<RequestId, number>,
    answeredFrom: Map<RequestId, number>,
  ) => {
    const at = now();
    let text: string;
    try {
      text = JSON.stringify(message) ?? String(message);
    } catch {
      text = String(message);
    }
    if (text.length > limit) text = `${text.slice(0, limit)}… (${text.length} chars)`;
    let took = "";
    const shape = message as { id?: unknown; method?: unknown } | null;
    if (shape && typeof shape === "object" && (typeof shape.id === "string" || typeof shape.id === "number")) {
      if (typeof shape.method === "string") startedAt.set(shape.id, at);
      else {
        const started = answeredFrom.get(shape.id);
        if (started !== undefined) {
          answeredFrom.delete(shape.id);
          took = ` (${(at - started).toFixed(1)} ms after the request)`;
        }
      }
    }
    write(`[typed-mcp ${at.toFixed(1)} ms] ${label} ${arrow} ${text}${took}\n`);
  };
  return {
    inbound: (message) => line("<-", message, receivedAt, sentAt),
    outbound: (message) => line("->", message, sentAt, receivedAt),
  };
}

interface TraceHost {
  process?: { env?: Record<string, string | undefined>; stderr?: { write(text: string): unknown } };
  performance?: { now(): number };
}

let enabled: boolean | undefined;
let connections = 0;

/** Whether `TYPED_MCP_TRACE` asks for tracing (read once per process). */
export function wireTraceEnabled(): boolean {
  if (enabled === undefined) {
    const value = (globalThis as TraceHost).process?.env?.TYPED_MCP_TRACE;
    enabled = value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
  }
  return enabled;
}

/** A tracer for one connection when `TYPED_MCP_TRACE` is on, writing to stderr; otherwise undefined. */
export function wireTracerFromEnvironment(transport: object): WireTracer | undefined {
  if (!wireTraceEnabled()) return undefined;
  const host = globalThis as TraceHost;
  const stderr = host.process?.stderr;
  const write = stderr ? (text: string) => void stderr.write(text) : (text: string) => console.error(text.trimEnd());
  const clock = host.performance ?? Date;
  return createWireTracer({
    label: `${transport.constructor?.name || "transport"}#${++connections}`,
    write,
    now: () => clock.now(),
  });
}
