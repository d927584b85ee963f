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
  protocolVersion: ProtocolVersion | undefined;
  /** True once the client sent notifications/initialized. */
  initializedNotified = false;
  /** The minimum level the client asked for with logging/setLevel (all levels until it does). */
  logLevel: LoggingLevel | undefined;
  /** Tracing for requests this side sends, when the kernel has it on. */
  telemetry: Telemetry | undefined;

  constructor(
    /** The standalone channel: messages not tied to any inbound request. */
    readonly outbound: Outbound,
    readonly sessionId: string | undefined,
    /** Whether this side can send requests to the client at all (false on stateless transports). */
    readonly hasBackChannel: boolean,
  ) {}

  get clientCapabilities(): ClientCapabilities {
    return this.initializeParams?.capabilities ?? {};
  }

  get clientInfo(): InitializeParams["clientInfo"] | undefined {
    return this.initializeParams?.clientInfo;
  }

  get isInitialized(): boolean {
    return this.protocolVersion !== undefined;
  }

  /** Whether a log message at `level` passes the client's minimum. */
  /** Stateless lifecycle: a request without a log level in its envelope gets no log messages at all. */
  logsOff = false;

  wantsLog(level: LoggingLevel): boolean {
    if (this.logsOff) return false;
    if (this.logLevel === undefined) return true;
    return LOGGING_LEVELS.indexOf(level) >= LOGGING_LEVELS.indexOf(this.logLevel);
  }
}
