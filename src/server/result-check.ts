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
    // Stateless-lifecycle versions say what kind of result this is; a handler need not.
    let typed = result;
    if (this.statelessProtocolVersions.includes(version)) {
      if (result.resultType === undefined) typed = { resultType: "complete", ...result };
      // Cacheable results always carry their hints in this lifecycle.
      if (CACHEABLE_METHODS.has(method) && typed.resultType === "complete") {
        const hint = this.options.cacheHints?.[method];
        if (typed.ttlMs === undefined) typed = { ...typed, ttlMs: hint?.ttlMs ?? 0 };
        if (typed.cacheScope === undefined) typed = { ...typed, cacheScope: hint?.cacheScope ?? "private" };
      }
    }
    const serialized = definition ? (serializeForVersion(definition, version, typed) as Params) : typed;
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
}
