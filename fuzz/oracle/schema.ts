/**
 * The specification's schemas as the oracle reads them: each version's method tables and the
 * validators generated from its JSON schema (generated/, produced from the locked schema files),
 * loaded directly, not through the validation API under test.
 */
import { createRequire } from "node:module";
import { METHOD_TABLES, VALIDATOR_FILES } from "../../generated/registry.js";
import type { SpecVersion } from "./spec.js";

type Validate = (data: unknown) => boolean;
type Direction = "clientRequests" | "serverRequests" | "clientNotifications" | "serverNotifications";
interface MethodEntry {
  hasParams: boolean;
  paramsRequired: boolean;
}

const requireGenerated = createRequire(new URL("../../generated/registry.js", import.meta.url));
const validatorsByVersion = new Map<SpecVersion, Readonly<Record<string, Validate>>>();

function validator(version: SpecVersion, key: string): Validate | undefined {
  let validators = validatorsByVersion.get(version);
  if (!validators) {
    validators = requireGenerated(VALIDATOR_FILES[version]) as Readonly<Record<string, Validate>>;
    validatorsByVersion.set(version, validators);
  }
  return Object.hasOwn(validators, key) ? validators[key] : undefined;
}

function entry(direction: Direction, method: string, version: SpecVersion): MethodEntry | undefined {
  const table = METHOD_TABLES[version][direction] as Readonly<Record<string, MethodEntry>>;
  return Object.hasOwn(table, method) ? table[method] : undefined;
}

/** The methods a version defines in a direction. */
export const methodsOf = (direction: Direction, version: SpecVersion): string[] =>
  Object.keys(METHOD_TABLES[version][direction]);

export const definesMethod = (direction: Direction, method: string, version: SpecVersion): boolean =>
  entry(direction, method, version) !== undefined;

/**
 * Whether a client request's params are valid for the version's schema: a request whose schema
 * has no params takes none, one whose params are required needs them, and present params must
 * match their definition.
 */
export function validRequestParams(method: string, version: SpecVersion, params: unknown): boolean {
  const found = entry("clientRequests", method, version);
  if (!found) return false;
  if (params === undefined) return !found.paramsRequired;
  const validate = found.hasParams ? validator(version, `params:clientRequests:${method}`) : undefined;
  return validate?.(params) === true;
}

/** Whether a result the server sent for a client request matches the version's schema. */
export function validResult(method: string, version: SpecVersion, result: unknown): boolean {
  if (!entry("clientRequests", method, version)) return false;
  return validator(version, `result:clientRequests:${method}`)?.(result) === true;
}
