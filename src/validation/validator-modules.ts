/**
 * Loads a version's generated validators on first use, so importing the package costs nothing
 * for the versions a program never speaks. The validators are CommonJS precisely so that this can
 * happen synchronously (createRequire, reached through `process.getBuiltinModule` so that no
 * `node:` module is imported: Node.js 20.16 and later, Bun, Deno); elsewhere, call
 * `loadProtocolVersion` first.
 */
import { type ProtocolVersion, REGISTRY_URL, SHAPE_FILES, VALIDATOR_FILES } from "../../generated/registry.js";
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

/** Loads a version's validators ahead of use, asynchronously (works wherever dynamic import does). */
export async function loadProtocolVersion(version: ProtocolVersion): Promise<void> {
  if (!loaded.has(version)) {
    const namespace = (await import(new URL(VALIDATOR_FILES[version], REGISTRY_URL).href)) as {
      default?: ValidatorModule;
    };
    loaded.set(version, (namespace.default ?? namespace) as ValidatorModule);
  }
  if (!loadedShapes.has(version)) {
    const namespace = (await import(new URL(SHAPE_FILES[version], REGISTRY_URL).href)) as { default?: ShapeModule };
    loadedShapes.set(version, (namespace.default ?? namespace) as ShapeModule);
  }
}

/** Which versions' validators are in memory (for tests and diagnostics). */
export function loadedProtocolVersions(): ProtocolVersion[] {
  return [...loaded.keys()];
}
