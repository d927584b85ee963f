/**
 * Loads a version's generated validators on first use, so importing the package costs nothing
 * for the versions a program never speaks. The validators are CommonJS precisely so that this can
 * happen synchronously (createRequire); runtimes without it call `loadProtocolVersion` first.
 */
import { createRequire } from "node:module";
import { type ProtocolVersion, VALIDATOR_FILES } from "../../generated/registry.js";
import { ValidatorsUnavailableError } from "../errors.js";
import type { ValidatorError } from "./issues.js";

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

export type ValidatorModule = Readonly<Record<string, ValidateFunction>>;

const loaded = new Map<ProtocolVersion, ValidatorModule>();
const generatedDir = new URL("../../generated/", import.meta.url);
let requireFromGenerated: NodeJS.Require | undefined;

export function validatorModule(version: ProtocolVersion): ValidatorModule {
  const cached = loaded.get(version);
  if (cached) return cached;
  try {
    requireFromGenerated ??= createRequire(new URL("registry.js", generatedDir));
    const module = requireFromGenerated(VALIDATOR_FILES[version]) as ValidatorModule;
    loaded.set(version, module);
    return module;
  } catch (error) {
    throw new ValidatorsUnavailableError(version, error);
  }
}

/** Loads a version's validators ahead of use, asynchronously (works wherever dynamic import does). */
export async function loadProtocolVersion(version: ProtocolVersion): Promise<void> {
  if (loaded.has(version)) return;
  const namespace = (await import(new URL(VALIDATOR_FILES[version], generatedDir).href)) as {
    default?: ValidatorModule;
  };
  loaded.set(version, (namespace.default ?? namespace) as ValidatorModule);
}

/** Which versions' validators are in memory (for tests and diagnostics). */
export function loadedProtocolVersions(): ProtocolVersion[] {
  return [...loaded.keys()];
}
