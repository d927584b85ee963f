/** Stage 4d, emit the version registry: the versions, their schema pins and method tables, and where each version's validators live. */
import type { AnalysedSchema } from "./analyse.js";

function identifier(version: string): string {
  return `v${version.replace(/-/g, "_")}`;
}

export function emitRegistry(schemas: readonly AnalysedSchema[], commits: Record<string, string>): string {
  const lines: string[] = [];
  for (const schema of schemas) {
    lines.push(
      `import { type MethodMaps as ${identifier(schema.version)}Maps, methodTable as ${identifier(schema.version)}Methods } from "./${schema.version}/methods.js";`,
    );
  }
  lines.push("");
  lines.push("/** Every protocol version this build knows, oldest first. */");
  lines.push(
    `export const PROTOCOL_VERSIONS = [${schemas.map((s) => JSON.stringify(s.version)).join(", ")}] as const;`,
  );
  lines.push("");
  lines.push("export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];");
  lines.push("");
  lines.push("/** Where each version's schema came from, and which generator patches it needed. */");
  lines.push("export const SCHEMA_PINS = {");
  for (const schema of schemas) {
    const commit = commits[schema.version];
    if (commit === undefined) throw new Error(`no upstream commit is pinned for ${schema.version} in schema/lock.json`);
    lines.push(`  ${JSON.stringify(schema.version)}: {`);
    lines.push(`    commit: ${JSON.stringify(commit)},`);
    lines.push(`    sha256: ${JSON.stringify(schema.sha256)},`);
    lines.push(`    dialect: ${JSON.stringify(schema.dialect)},`);
    lines.push(`    patches: [${schema.patches.map((id) => JSON.stringify(id)).join(", ")}],`);
    lines.push("  },");
  }
  lines.push("} as const;");
  lines.push("");
  lines.push("/** The runtime method tables of every version. */");
  lines.push("export const METHOD_TABLES = {");
  for (const schema of schemas)
    lines.push(`  ${JSON.stringify(schema.version)}: ${identifier(schema.version)}Methods,`);
  lines.push("} as const;");
  lines.push("");
  lines.push("/** The type-level method maps of every version. */");
  lines.push("export interface ProtocolMethodMaps {");
  for (const schema of schemas) lines.push(`  ${JSON.stringify(schema.version)}: ${identifier(schema.version)}Maps;`);
  lines.push("}");
  lines.push("");
  lines.push(
    "/** This file's URL: the validator and shape files are found relative to it, wherever a bundler put the code that loads them. */",
  );
  // Typed by hand: `import.meta.url` is declared only by the DOM and Node.js libs, which consumers may not load.
  lines.push("export const REGISTRY_URL: string = (import.meta as { url: string }).url;");
  lines.push("");
  lines.push("/** Each version's standalone validators, relative to this file (CommonJS, loaded on first use). */");
  lines.push("export const VALIDATOR_FILES = {");
  for (const schema of schemas)
    lines.push(`  ${JSON.stringify(schema.version)}: "./${schema.version}/validators.cjs",`);
  lines.push("} as const;");
  lines.push("");
  lines.push("/** Each version's field shapes, relative to this file (CommonJS, loaded on first use). */");
  lines.push("export const SHAPE_FILES = {");
  for (const schema of schemas) lines.push(`  ${JSON.stringify(schema.version)}: "./${schema.version}/shapes.cjs",`);
  lines.push("} as const;");
  return `${lines.join("\n")}\n`;
}

export function emitVersionIndex(schema: AnalysedSchema): string {
  return [
    `/** Protocol version ${schema.version}: every schema definition as a type, and the method maps. */`,
    'export type * from "./types.js";',
    'export * from "./methods.js";',
    "",
  ].join("\n");
}
