/** The whole pipeline in memory: load -> patch -> analyse -> emit, returning the files of generated/. */
import { readLock, type SchemaLock } from "../schema/lock.js";
import { type AnalysedSchema, analyseSchema, DIRECTIONS } from "./analyse.js";
import { emitExtensionDeclaration, emitExtensionValidators, SHIPPED_EXTENSIONS } from "./emit-extensions.js";
import { emitFields } from "./emit-fields.js";
import { emitMethods } from "./emit-methods.js";
import {
  emitCommonJsDeclaration,
  emitModel,
  emitNamespaces,
  emitRegistry,
  emitVersionIndex,
  type VersionFacts,
} from "./emit-registry.js";
import { emitShapes } from "./emit-shapes.js";
import { emitTypes } from "./emit-types.js";
import { emitValidators } from "./emit-validators.js";
import { loadSchemas } from "./load.js";
import { patchSchema } from "./patch.js";
import { type GeneratedFile, withHeader } from "./write.js";

export interface Generation {
  schemas: AnalysedSchema[];
  files: GeneratedFile[];
}

export async function generate(lock: SchemaLock = readLock(), schemaDir?: string): Promise<Generation> {
  const schemas = loadSchemas(lock, schemaDir).map((loaded) => analyseSchema(patchSchema(loaded)));
  const files: GeneratedFile[] = [];
  for (const schema of schemas) {
    const source = `MCP schema ${schema.version} (sha256 ${schema.sha256})`;
    const emitted: GeneratedFile[] = [
      { path: `${schema.version}/types.ts`, content: await emitTypes(schema) },
      { path: `${schema.version}/methods.ts`, content: emitMethods(schema) },
      { path: `${schema.version}/index.ts`, content: emitVersionIndex(schema) },
      { path: `${schema.version}/validators.cjs`, content: emitValidators(schema) },
      { path: `${schema.version}/validators.d.cts`, content: emitCommonJsDeclaration(schema, "validators") },
      { path: `${schema.version}/shapes.cjs`, content: emitShapes(schema) },
      { path: `${schema.version}/shapes.d.cts`, content: emitCommonJsDeclaration(schema, "shapes") },
      { path: `${schema.version}/fields.cjs`, content: emitFields(schema) },
    ];
    files.push(...emitted.map((file) => withHeader(file, source)));
  }
  for (const { name, source, definition } of SHIPPED_EXTENSIONS) {
    const from = `the ${definition.id} extension (${source})`;
    files.push(withHeader({ path: `extensions/${name}.cjs`, content: emitExtensionValidators(definition) }, from));
    files.push(withHeader({ path: `extensions/${name}.d.cts`, content: emitExtensionDeclaration(definition) }, from));
  }
  const facts = versionFacts(lock, schemas);
  const allSources = `MCP schemas ${schemas.map((s) => `${s.version} (sha256 ${s.sha256})`).join(", ")}`;
  files.push(withHeader({ path: "registry.ts", content: emitRegistry(schemas, facts) }, allSources));
  files.push(withHeader({ path: "model.ts", content: emitModel(schemas, facts) }, allSources));
  files.push(withHeader({ path: "namespaces.ts", content: emitNamespaces(schemas) }, allSources));
  files.push(withHeader({ path: "README.md", content: readme(schemas) }, allSources));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { schemas, files };
}

/**
 * Each version's commit, lifecycle and opt-in flag. The lifecycle is the lock's when it says one,
 * else the schema's: a version that defines `initialize` has the handshake.
 */
export function versionFacts(lock: SchemaLock, schemas: readonly AnalysedSchema[]): Record<string, VersionFacts> {
  const facts: Record<string, VersionFacts> = {};
  for (const entry of lock.versions) {
    const schema = schemas.find((s) => s.version === entry.version);
    const derived = schema && Object.hasOwn(schema.methods.clientRequests, "initialize") ? "stateful" : "stateless";
    facts[entry.version] = { commit: entry.commit, lifecycle: entry.lifecycle ?? derived, optIn: entry.optIn === true };
  }
  return facts;
}

function readme(schemas: readonly AnalysedSchema[]): string {
  const rows = schemas.map((schema) => {
    const counts = DIRECTIONS.map((direction) => Object.keys(schema.methods[direction]).length).join(" | ");
    return `| ${schema.version} | ${schema.definitionNames.length} | ${counts} | ${schema.patches.join(", ") || "none"} |`;
  });
  return [
    "# generated/ — do not edit files in this directory",
    "",
    "Everything here is written by `npm run generate` (codegen/) from the schemas pinned in",
    "schema/lock.json. Change the generator or the lock, regenerate, and commit the result;",
    "`npm run generate -- --check` fails when this directory is out of step.",
    "",
    "Per version: `types.ts` (every definition, json-schema-to-typescript), `methods.ts` (runtime",
    "method tables and type-level maps, ts-morph), `validators.cjs` (AJV standalone validators,",
    "loaded lazily on first use), `shapes.cjs` (which fields each definition defines, used to bring",
    "results down to a version), `fields.cjs` (each definition's fields with readable types, for the",
    "version diff), `index.ts`. `registry.ts` ties the versions together (lifecycles, opt-in drafts),",
    "`model.ts` is the model version's types and `namespaces.ts` one type namespace per version.",
    "",
    "| version | definitions | client requests | server requests | client notifications | server notifications | patches |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
