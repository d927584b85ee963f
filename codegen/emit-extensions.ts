/**
 * Stage 4d, the extensions that ship with typed-mcp (tasks, skills): every JSON Schema of their
 * definitions compiled into AJV standalone code, as the protocol's validators are, one CommonJS
 * module per extension under generated/extensions/. Registering one of them then compiles
 * nothing (see src/extensions/precompiled.ts); a user's extension is compiled at registration.
 *
 * Exports, keyed as `schemaKeys` lists them: `{direction}:{method}:params|result`,
 * `resultType:{value}`, `listenFilter:{key}`.
 */
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { ExtensionDefinition } from "../src/extensions/extension.js";
import { schemaKeys } from "../src/extensions/precompiled.js";
import { skillsExtension } from "../src/extensions/skills/extension.js";
import { tasksExtension } from "../src/tasks/extension.js";
import { AJV_OPTIONS, stripAnnotations, ValidatorEmitError } from "./emit-validators.js";
import { formatFunctions, REGEX_FORMATS } from "./formats.js";

/** The shipped extensions, by the file name of their validators (and the source that defines them). */
export const SHIPPED_EXTENSIONS: ReadonlyArray<{ name: string; source: string; definition: ExtensionDefinition }> = [
  { name: "tasks", source: "src/tasks/extension.ts", definition: tasksExtension.definition },
  { name: "skills", source: "src/extensions/skills/extension.ts", definition: skillsExtension.definition },
];

/** One extension's validators as a CommonJS module. */
export function emitExtensionValidators(definition: ExtensionDefinition): string {
  // Extension schemas are written by hand, in the style users write theirs: not held to AJV's strict mode.
  const ajv = new Ajv.default({ ...AJV_OPTIONS, strict: false });
  for (const [name, pattern] of Object.entries(REGEX_FORMATS)) ajv.addFormat(name, pattern);
  for (const [name, check] of Object.entries(formatFunctions())) ajv.addFormat(name, check);
  const exports: Record<string, string> = {};
  schemaKeys(definition).forEach(([key, schema], index) => {
    const id = `${definition.id}#${index}`;
    ajv.addSchema({ ...(stripAnnotations(schema) as Record<string, unknown>), $id: id });
    exports[key] = id;
  });
  const code = standaloneCode.default(ajv, exports).trimEnd();
  const required = code.match(/require\([^)]*\)/g);
  if (required) {
    throw new ValidatorEmitError(
      `${definition.id}: the standalone validators would need ${[...new Set(required)].join(", ")} at run time`,
    );
  }
  return `${code}\n`;
}

/** The declaration beside each module. */
export function emitExtensionDeclaration(definition: ExtensionDefinition): string {
  return [
    `/** The ${definition.id} extension's validators, compiled at build time, by schema key. */`,
    "declare const validators: { readonly [key: string]: (data: unknown) => boolean };",
    "export = validators;",
    "",
  ].join("\n");
}
