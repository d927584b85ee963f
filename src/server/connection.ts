/** Per peer: what the handshake established, and the connection's standalone channel. */

import type { Outbound } from "../jsonrpc/outbound.js";
import type * as Model from "../protocol/model.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import type { Telemetry } from "./telemetry.js";

export type ClientCapabilities = Model.ClientCapabilities;
export type InitializeParams = Model.InitializeRequestParams;
/** A log message's severity, as `logging/setLevel` and `notifications/message` name it ("debug" … "emergency"). */
export type LoggingLevel = Model.LoggingLevel;

export const LOGGING_LEVELS: readonly LoggingLevel[] = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
];

export class Connection {
  /** The client's initialize params, once the handshake happened. */
  initializeParams: InitializeParams | undefined;
  /**
   * The negotiated protocol version: set by the handshake (stateful) or by each request's envelope
   * (stateless).
   */
  protocolVersion: ProtocolVersion | undefined;
  /** True once the client sent notifications/initialized. */
  initializedNotified = false;
  /** The minimum level the client asked for with logging/setLevel (all levels until it does). */
  logLevel: LoggingLevel | undefined;
  /** Tracing for requests this side sends, when the kernel has it on. */
  telemetry: Telemetry | undefined;

  /**
   * Creates the state of one connection; the kernel makes one per connected transport (per session on HTTP).
   */
  constructor(
    /** The standalone channel: messages not tied to any inbound request. */
    readonly outbound: Outbound,
    /** The transport's session id, on transports that have sessions. */
    readonly sessionId: string | undefined,
    /** Whether this side can send requests to the client at all (false on stateless transports). */
    readonly hasBackChannel: boolean,
  ) {}

  /** The capabilities the client declared (empty before the handshake). */
  get clientCapabilities(): ClientCapabilities {
    return this.initializeParams?.capabilities ?? {};
  }

  /** The client's name and version, once the handshake happened. */
  get clientInfo(): InitializeParams["clientInfo"] | undefined {
    return this.initializeParams?.clientInfo;
  }

  /** Whether a protocol version has been negotiated. */
  get isInitialized(): boolean {
    return this.protocolVersion !== undefined;
  }

  /** Whether a log message at `level` passes the client's minimum. */
  /** Stateless lifecycle: a request without a log level in its envelope gets no log messages at all. */
  logsOff = false;

  /**
   * Whether a log message at `level` reaches the client: at or above its `logging/setLevel` level (everything
   * when it set none), nothing when `logsOff`.
   */
  wantsLog(level: LoggingLevel): boolean {
    if (this.logsOff) return false;
    if (this.logLevel === undefined) return true;
    return LOGGING_LEVELS.indexOf(level) >= LOGGING_LEVELS.indexOf(this.logLevel);
  }
}
