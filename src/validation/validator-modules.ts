/**
 * Loads a version's generated validators on first use, so importing the package costs nothing
 * for the versions a program never speaks. Two ways in:
 * - `loadProtocolVersion`, asynchronous, through the generated literal `import()` per version that
 *   every bundler follows; the server and client sessions await it before their first message of
 *   a version, so bundled programs and every runtime work;
 * - synchronously on first use, where the unbundled package runs on a runtime with
 *   `process.getBuiltinModule` (Node.js 20.16 and later, Bun, Deno): the validators are CommonJS
 *   precisely so that this works, and it is the cheaper cold start.
 */
import {
  importShapes,
  importValidators,
  type ProtocolVersion,
  REGISTRY_URL,
  SHAPE_FILES,
  VALIDATOR_FILES,
} from "../../generated/registry.js";
import { ValidatorsUnavailableError } from "../protocol/errors.js";
import type { ValidatorError } from "./issues.js";

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

export type ValidatorModule = Readonly<Record<string, ValidateFunction>>;

const loaded = new Map<ProtocolVersion, ValidatorModule>();
const loadedShapes = new Map<ProtocolVersion, ShapeModule>();
let requireFromGenerated: ((id: string) => unknown) | undefined;

interface NodeModuleBuiltin {
  createRequire(path: string | URL): (id: string) => unknown;
}

function requireGenerated<T>(version: ProtocolVersion, file: string): T {
  try {
    if (!requireFromGenerated) {
      const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
      const builtin = process?.getBuiltinModule?.("node:module") as NodeModuleBuiltin | undefined;
      if (!builtin) throw new Error("this runtime cannot load modules synchronously");
      requireFromGenerated = builtin.createRequire(REGISTRY_URL);
    }
    return requireFromGenerated(file) as T;
  } catch (error) {
    throw new ValidatorsUnavailableError(version, error);
  }
}

/**
 * The build-time validators of an extension shipped with typed-mcp (`generated/extensions/{name}.cjs`),
 * loaded synchronously; undefined where this runtime cannot load modules synchronously (its schemas
 * are then compiled at registration instead).
 */
export function extensionValidatorModule(name: string): ValidatorModule | undefined {
  try {
    return requireGenerated<ValidatorModule>("extensions" as ProtocolVersion, `./extensions/${name}.cjs`);
  } catch {
    return undefined;
  }
}

export function validatorModule(version: ProtocolVersion): ValidatorModule {
  let module = loaded.get(version);
  if (!module) {
    module = requireGenerated<ValidatorModule>(version, VALIDATOR_FILES[version]);
    loaded.set(version, module);
  }
  return module;
}

/** What a field holds: a definition ("Name"), a union told apart by `type`, or an array of either. */
export type FieldTarget = string | { union: Record<string, string> };
export type FieldRef = FieldTarget | [FieldTarget];
export type Shape = { keys: string[]; refs: Record<string, FieldRef> } | { union: Record<string, string> };
export type ShapeModule = Readonly<Record<string, Shape>>;

export function shapeModule(version: ProtocolVersion): ShapeModule {
  let module = loadedShapes.get(version);
  if (!module) {
    module = requireGenerated<ShapeModule>(version, SHAPE_FILES[version]);
    loadedShapes.set(version, module);
  }
  return module;
}

/**
 * Loads a version's validators and shapes ahead of use, asynchronously, through the generated
 * literal `import()` of each version (which bundlers follow, and which works in every runtime).
 * The sessions call it before their first message of a version; call it yourself before the
 * synchronous validation functions where modules cannot be loaded synchronously.
 */
export async function loadProtocolVersion(version: ProtocolVersion): Promise<void> {
  if (loaded.has(version) && loadedShapes.has(version)) return;
  try {
    const [validators, shapes] = await Promise.all([
      loaded.has(version) ? undefined : importValidators(version),
      loadedShapes.has(version) ? undefined : importShapes(version),
    ]);
    if (validators !== undefined && !loaded.has(version)) loaded.set(version, commonJsExports(validators));
    if (shapes !== undefined && !loadedShapes.has(version)) loadedShapes.set(version, commonJsExports(shapes));
  } catch (error) {
    throw new ValidatorsUnavailableError(version, error);
  }
}

/**
 * Makes sure a version's validators and shapes are in memory before a session's first message of
 * it: undefined when they already are or load synchronously (the unbundled package on Node.js), a
 * promise to await otherwise (bundles, runtimes without synchronous loading).
 */
export function ensureProtocolVersion(version: ProtocolVersion): Promise<void> | undefined {
  if (loaded.has(version) && loadedShapes.has(version)) return undefined;
  try {
    validatorModule(version);
    shapeModule(version);
    return undefined;
  } catch {
    return loadProtocolVersion(version);
  }
}

/** A CommonJS module's exports from its namespace (`default` under Node.js and bundlers alike). */
function commonJsExports<T>(namespace: unknown): T {
  const value = namespace as { default?: T };
  return (value.default ?? value) as T;
}

/** Which versions' validators are in memory (for tests and diagnostics). */
export function loadedProtocolVersions(): ProtocolVersion[] {
  return [...loaded.keys()];
}
