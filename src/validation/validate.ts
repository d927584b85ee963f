/**
 * The validation API: check a message's params or result against the generated validators of a
 * given protocol version. "Client" and "Server" name the sender: validateClientResult checks a
 * result the client sent back (to a server request); validateServerResult one the server sent.
 */
import { METHOD_TABLES, type ProtocolMethodMaps, type ProtocolVersion } from "../../generated/registry.js";
import {
  type MethodDirection,
  MethodNotInVersionError,
  SchemaViolationError,
  UnsupportedProtocolVersionError,
} from "../protocol/errors.js";
import { isSupportedProtocolVersion, SUPPORTED_PROTOCOL_VERSIONS } from "../protocol/versions.js";
import { toIssues } from "./issues.js";
import { type ValidateFunction, validatorModule } from "./validator-modules.js";

/** A version's four method tables, each mapping a method to the schema definitions of its params and result. */
export type MethodTable = (typeof METHOD_TABLES)[ProtocolVersion];

/** The runtime method table of a version: `{ clientRequests, serverRequests, clientNotifications, serverNotifications }`. */
export function getMethodTable<V extends ProtocolVersion>(version: V): (typeof METHOD_TABLES)[V];
export function getMethodTable(version: string): MethodTable;
export function getMethodTable(version: string): MethodTable {
  return METHOD_TABLES[checkVersion(version)];
}

type Maps = ProtocolMethodMaps;
type MethodOf<V extends ProtocolVersion, D extends MethodDirection> = V extends ProtocolVersion
  ? keyof Maps[V][D] & string
  : never;

/**
 * What `method` may be: with a literal version, one of that version's methods in the direction
 * (a typo or a method the version lacks is a compile error); with a plain `string` version or
 * method, anything (checked at run time).
 */
type MethodArg<V extends string, D extends MethodDirection, M extends string> = string extends V | M
  ? string
  : V extends ProtocolVersion
    ? MethodOf<V, D>
    : never;

type Field<
  V extends ProtocolVersion,
  D extends MethodDirection,
  M extends string,
  F extends "params" | "result",
> = V extends ProtocolVersion
  ? M extends keyof Maps[V][D]
    ? Maps[V][D][M] extends Record<F, infer T>
      ? T
      : never
    : never
  : never;

/** The typed params or result for a known version and method; `unknown` when either is only known as `string`. */
type Typed<
  V extends string,
  D extends MethodDirection,
  M extends string,
  F extends "params" | "result",
> = string extends V | M ? unknown : V extends ProtocolVersion ? Field<V, D, M, F> : unknown;

function checkVersion(version: string): ProtocolVersion {
  if (!isSupportedProtocolVersion(version))
    throw new UnsupportedProtocolVersionError(version, SUPPORTED_PROTOCOL_VERSIONS);
  return version;
}

interface TableEntry {
  readonly definition: string;
  readonly hasParams: boolean;
  readonly paramsRequired: boolean;
  readonly result?: string;
}

function entryFor(direction: MethodDirection, method: string, version: ProtocolVersion): TableEntry {
  const table = METHOD_TABLES[version][direction] as Readonly<Record<string, TableEntry>>;
  const entry = Object.hasOwn(table, method) ? table[method] : undefined;
  if (!entry) throw new MethodNotInVersionError(method, version, direction);
  return entry;
}

/** A method's table entry and validator, once looked up (per version, direction and field). */
interface Resolved {
  readonly entry: TableEntry;
  readonly validate: ValidateFunction;
}

/**
 * What `resolve` found, by version, then method: one map per direction and field. Only methods a
 * version defines are kept, so the maps stay as small as the schema's method tables.
 */
const resolvedParams: Record<MethodDirection, Map<string, Map<string, Resolved>>> = {
  clientRequests: new Map(),
  serverRequests: new Map(),
  clientNotifications: new Map(),
  serverNotifications: new Map(),
};
const resolvedResults: Record<"clientRequests" | "serverRequests", Map<string, Map<string, Resolved>>> = {
  clientRequests: new Map(),
  serverRequests: new Map(),
};

/**
 * The entry and validator of a method's params or result: looked up once per version and method, so
 * that a message checked costs no key built from strings and no lookup in the validator module.
 */
function resolve(
  cache: Map<string, Map<string, Resolved>>,
  field: "params" | "result",
  direction: MethodDirection,
  method: string,
  version: string,
): Resolved {
  const found = cache.get(version)?.get(method);
  if (found) return found;
  const checked = checkVersion(version);
  const entry = entryFor(direction, method, checked);
  const validate = validatorModule(checked)[`${field}:${direction}:${method}`];
  if (!validate) throw new MethodNotInVersionError(method, checked, direction);
  let byMethod = cache.get(checked);
  if (!byMethod) {
    byMethod = new Map();
    cache.set(checked, byMethod);
  }
  const resolved: Resolved = { entry, validate };
  byMethod.set(method, resolved);
  return resolved;
}

function checkParams(direction: MethodDirection, kind: string, method: string, version: string, value: unknown) {
  const { entry, validate } = resolve(resolvedParams[direction], "params", direction, method, version);
  if (value === undefined) {
    if (entry.paramsRequired) {
      throw new SchemaViolationError(`${method} ${kind} params`, version, [
        { path: "", message: "params are required", keyword: "required" },
      ]);
    }
    return value;
  }
  if (!entry.hasParams) {
    throw new SchemaViolationError(`${method} ${kind} params`, version, [
      { path: "", message: "this method takes no params", keyword: "params" },
    ]);
  }
  if (!validate(value)) throw new SchemaViolationError(`${method} ${kind} params`, version, toIssues(validate.errors));
  return value;
}

function checkResult(direction: "clientRequests" | "serverRequests", method: string, version: string, value: unknown) {
  const { validate } = resolve(resolvedResults[direction], "result", direction, method, version);
  if (!validate(value)) throw new SchemaViolationError(`${method} result`, version, toIssues(validate.errors));
  return value;
}

/** Checks the params of a request a client sent (tools/call, initialize, ...). */
export function validateClientRequest<const V extends string, const M extends string>(
  method: M & MethodArg<V, "clientRequests", M>,
  protocolVersion: V,
  value: unknown,
): Typed<V, "clientRequests", M, "params">;
export function validateClientRequest(method: string, protocolVersion: string, value: unknown): unknown {
  return checkParams("clientRequests", "request", method, protocolVersion, value);
}

/** Checks the params of a notification a client sent. */
export function validateClientNotification<const V extends string, const M extends string>(
  method: M & MethodArg<V, "clientNotifications", M>,
  protocolVersion: V,
  value: unknown,
): Typed<V, "clientNotifications", M, "params">;
export function validateClientNotification(method: string, protocolVersion: string, value: unknown): unknown {
  return checkParams("clientNotifications", "notification", method, protocolVersion, value);
}

/** Checks a result the client sent back for a server request (sampling/createMessage, roots/list, ...). */
export function validateClientResult<const V extends string, const M extends string>(
  method: M & MethodArg<V, "serverRequests", M>,
  protocolVersion: V,
  value: unknown,
): Typed<V, "serverRequests", M, "result">;
export function validateClientResult(method: string, protocolVersion: string, value: unknown): unknown {
  return checkResult("serverRequests", method, protocolVersion, value);
}

/** Checks the params of a request a server sent. */
export function validateServerRequest<const V extends string, const M extends string>(
  method: M & MethodArg<V, "serverRequests", M>,
  protocolVersion: V,
  value: unknown,
): Typed<V, "serverRequests", M, "params">;
export function validateServerRequest(method: string, protocolVersion: string, value: unknown): unknown {
  return checkParams("serverRequests", "request", method, protocolVersion, value);
}

/** Checks the params of a notification a server sent. */
export function validateServerNotification<const V extends string, const M extends string>(
  method: M & MethodArg<V, "serverNotifications", M>,
  protocolVersion: V,
  value: unknown,
): Typed<V, "serverNotifications", M, "params">;
export function validateServerNotification(method: string, protocolVersion: string, value: unknown): unknown {
  return checkParams("serverNotifications", "notification", method, protocolVersion, value);
}

/** Checks a result the server sent for a client request (tools/call, tools/list, ...). */
export function validateServerResult<const V extends string, const M extends string>(
  method: M & MethodArg<V, "clientRequests", M>,
  protocolVersion: V,
  value: unknown,
): Typed<V, "clientRequests", M, "result">;
export function validateServerResult(method: string, protocolVersion: string, value: unknown): unknown {
  return checkResult("clientRequests", method, protocolVersion, value);
}

/** Checks a value against any named definition of a version's schema (e.g. "ContentBlock", "Tool"). */
export function validateDefinition(definition: string, protocolVersion: string, value: unknown): unknown {
  const checked = checkVersion(protocolVersion);
  const module = validatorModule(checked);
  const key = `def:${definition}`;
  const validate = Object.hasOwn(module, key) ? module[key] : undefined;
  if (!validate) {
    throw new SchemaViolationError(definition, checked, [
      { path: "", message: `protocol version ${checked} has no definition named ${definition}`, keyword: "definition" },
    ]);
  }
  if (!validate(value)) throw new SchemaViolationError(definition, checked, toIssues(validate.errors));
  return value;
}
