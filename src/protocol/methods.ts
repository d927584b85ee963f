/** Which methods each protocol version defines, per direction, from the generated method tables. */
import { METHOD_TABLES, type ProtocolVersion } from "../../generated/registry.js";

export type { ModelVersion, ProtocolMethodMaps } from "../../generated/registry.js";

import type { MethodDirection } from "./errors.js";

type Table = Record<string, { result?: string }>;

/** Whether `version` defines `method` in `direction` (a request or notification sent by that side). */
export function definesMethod(version: ProtocolVersion, direction: MethodDirection, method: string): boolean {
  return Object.hasOwn(METHOD_TABLES[version][direction], method);
}

/** The schema definition of a client request's result in `version` (e.g. "CallToolResult"). */
export function clientRequestResultDefinition(version: ProtocolVersion, method: string): string | undefined {
  const table = METHOD_TABLES[version].clientRequests as Table;
  return Object.hasOwn(table, method) ? table[method]?.result : undefined;
}
