/**
 * Validators compiled at build time for the extensions that ship with typed-mcp (tasks, skills):
 * `npm run generate` compiles every schema of their definitions into `generated/extensions/*.cjs`
 * (AJV standalone code, as the protocol's own validators), keyed as `schemaKeys` lists them.
 * Registering such an extension looks its schemas up here instead of compiling them; a user's
 * extension has none and is compiled at registration, as before.
 */
import type { JsonSchema } from "../json-schema/resources.js";
import { extensionValidatorModule } from "../validation/validator-modules.js";
import type { ExtensionDefinition, PrecompiledValidator } from "./extension.js";

const DIRECTIONS = ["clientRequests", "serverRequests", "clientNotifications", "serverNotifications"] as const;

/**
 * Every JSON Schema of a definition with its key: `{direction}:{method}:params|result`,
 * `resultType:{value}`, `listenFilter:{key}`. Validators given as functions are left out.
 */
export function schemaKeys(definition: ExtensionDefinition): Array<[string, JsonSchema]> {
  const out: Array<[string, JsonSchema]> = [];
  const add = (key: string, schema: unknown) => {
    if (typeof schema === "object" && schema !== null) out.push([key, schema as JsonSchema]);
  };
  for (const direction of DIRECTIONS) {
    for (const [method, spec] of Object.entries(definition[direction] ?? {})) {
      add(`${direction}:${method}:params`, spec.params);
      add(`${direction}:${method}:result`, spec.result);
    }
  }
  for (const [value, spec] of Object.entries(definition.resultTypes ?? {})) add(`resultType:${value}`, spec.schema);
  for (const [key, schema] of Object.entries(definition.listenFilters ?? {})) add(`listenFilter:${key}`, schema);
  return out;
}

/** Where a shipped definition's validators come from: loads them on first registration (undefined when they cannot be loaded). */
type Loader = () => Readonly<Record<string, PrecompiledValidator>> | undefined;

const loaders = new WeakMap<ExtensionDefinition, Loader>();
const bySchema = new WeakMap<object, PrecompiledValidator>();

/** Says where `definition`'s build-time validators are: loaded, and matched to its schemas, at its first registration. */
export function precompiledFrom(definition: ExtensionDefinition, load: Loader): void {
  loaders.set(definition, load);
}

/**
 * Matches `definition`'s schemas to its build-time validators, once. A definition without them, or
 * whose validators cannot be loaded on this runtime, keeps its schemas (compiled at registration).
 * A schema the generated file lacks is an out-of-date generation: an error, not a silent fallback.
 */
export function attachPrecompiled(definition: ExtensionDefinition): void {
  const load = loaders.get(definition);
  if (!load) return;
  loaders.delete(definition);
  const validators = load();
  if (!validators) return;
  for (const [key, schema] of schemaKeys(definition)) {
    const validator = validators[key];
    if (typeof validator !== "function") {
      throw new Error(`${definition.id}: no build-time validator for ${key}; run \`npm run generate\``);
    }
    bySchema.set(schema as object, validator);
  }
}

/** The build-time validator of a schema object, if it has one. */
export function precompiledFor(schema: object): PrecompiledValidator | undefined {
  return bySchema.get(schema);
}

/** A shipped extension's validators from generated/extensions/ (undefined where they cannot be loaded). */
export function shippedValidators(
  name: "tasks" | "skills",
): Readonly<Record<string, PrecompiledValidator>> | undefined {
  return extensionValidatorModule(name) as Readonly<Record<string, PrecompiledValidator>> | undefined;
}
