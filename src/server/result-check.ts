/**
 * Results on their way out: brought down to the negotiated version (fields it does not define are
 * dropped), completed with what the stateless lifecycle requires of them, then validated, so that a
 * server bug is -32603, never bad data on the wire.
 */

import type { Params } from "../jsonrpc/outbound.js";
import { CACHEABLE_METHODS } from "../protocol/caching.js";
import { ErrorCode, McpError, SchemaViolationError } from "../protocol/errors.js";
import { clientRequestResultDefinition } from "../protocol/methods.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import { serializeForVersion } from "../validation/serialize.js";
import { validateServerResult } from "../validation/validate.js";

export interface ResultCheckOptions {
  /** Caching hints for cacheable results that carry none (default for each: `{ ttlMs: 0, cacheScope: "private" }`). */
  cacheHints?: Partial<Record<string, { ttlMs: number; cacheScope: "public" | "private" }>>;
  /** Told of every invalid result the server produced. */
  onError?: (error: Error) => void;
}

export class ResultChecker {
  constructor(
    /** The versions whose results say what kind they are (and, when cacheable, carry their hints). */
    private readonly statelessProtocolVersions: readonly ProtocolVersion[],
    private readonly options: ResultCheckOptions,
  ) {}

  check(method: string, version: ProtocolVersion, result: Params): Params {
    const definition = clientRequestResultDefinition(version, method);
    // Stateless-lifecycle versions say what kind of result this is (a handler need not), and cacheable
    // results carry their hints: what the result leaves out comes from these defaults.
    const defaults = this.statelessProtocolVersions.includes(version) ? this.defaultsOf(method, result) : undefined;
    const serialized = definition
      ? (serializeForVersion(definition, version, result, defaults) as Params)
      : defaults
        ? withDefaults(result, defaults)
        : result;
    try {
      return validateServerResult(method, version, serialized) as Params;
    } catch (error) {
      if (error instanceof SchemaViolationError) {
        this.options.onError?.(error);
        throw new McpError(ErrorCode.InternalError, `Internal error: the server produced an invalid ${method} result`, {
          issues: error.issues,
        });
      }
      throw error;
    }
  }

  /** The fields a stateless-lifecycle result gets when it leaves them out. */
  private defaultsOf(method: string, result: Params): Readonly<Record<string, unknown>> {
    if (!CACHEABLE_METHODS.has(method) || (result.resultType ?? "complete") !== "complete") return COMPLETE;
    const hint = this.options.cacheHints?.[method];
    return { resultType: "complete", ttlMs: hint?.ttlMs ?? 0, cacheScope: hint?.cacheScope ?? "private" };
  }
}

/** A result's missing `resultType`: most results need no other default, so one object serves them all. */
const COMPLETE: Readonly<Record<string, unknown>> = Object.freeze({ resultType: "complete" });

/** `result` with the defaults it leaves undefined, `resultType` first (a result no definition projects). */
function withDefaults(result: Params, defaults: Readonly<Record<string, unknown>>): Params {
  let typed = result.resultType === undefined ? { resultType: defaults.resultType, ...result } : result;
  for (const key in defaults) {
    if (key !== "resultType" && typed[key] === undefined) typed = { ...typed, [key]: defaults[key] };
  }
  return typed;
}
