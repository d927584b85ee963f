/** Stage 4d, emit the version registry: the versions, their schema pins and method tables, and where each version's validators live. */
import type { AnalysedSchema } from "./analyse.js";

function identifier(version: string): string {
  return `v${version.replace(/-/g, "_")}`;
}

/** What the lock says about a version beyond its schema, as the registry records it. */
export interface VersionFacts {
  commit: string;
  lifecycle: "stateful" | "stateless";
  optIn: boolean;
}

/**
 * The version application code's model follows: the newest stateful-lifecycle version that is not
 * opt-in (the stateless lifecycle's per-request shapes are brought up and down to it by the kernel).
 */
export function modelVersion(schemas: readonly AnalysedSchema[], facts: Record<string, VersionFacts>): string {
  const candidates = schemas.filter((s) => facts[s.version]?.lifecycle === "stateful" && !facts[s.version]?.optIn);
  const newest = candidates[candidates.length - 1];
  if (!newest) throw new Error("no stateful-lifecycle version that is not opt-in: the model has nothing to follow");
  return newest.version;
}

export function emitRegistry(schemas: readonly AnalysedSchema[], facts: Record<string, VersionFacts>): string {
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
  lines.push("/** A protocol version this build knows: one of {@link PROTOCOL_VERSIONS}. */");
  lines.push("export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];");
  lines.push("");
  lines.push("/** Where each version's schema came from, and which generator patches it needed. */");
  lines.push("export const SCHEMA_PINS = {");
  for (const schema of schemas) {
    const commit = facts[schema.version]?.commit;
    if (commit === undefined) throw new Error(`no upstream commit is pinned for ${schema.version} in schema/lock.json`);
    lines.push(`  /** Protocol version ${schema.version}'s schema. */`);
    lines.push(`  ${JSON.stringify(schema.version)}: {`);
    lines.push("    /** The commit of the specification repository the schema was taken from. */");
    lines.push(`    commit: ${JSON.stringify(commit)},`);
    lines.push("    /** The SHA-256 of the schema file, as schema/lock.json pins it. */");
    lines.push(`    sha256: ${JSON.stringify(schema.sha256)},`);
    lines.push("    /** The JSON Schema dialect the schema is written in. */");
    lines.push(`    dialect: ${JSON.stringify(schema.dialect)},`);
    lines.push(
      "    /** The generator's patches applied to the schema before generation (see codegen/patch.ts), by id. */",
    );
    lines.push(`    patches: [${schema.patches.map((id) => JSON.stringify(id)).join(", ")}],`);
    lines.push("  },");
  }
  lines.push("} as const;");
  lines.push("");
  lines.push(
    '/** How each version runs a connection: "stateful" (an initialize handshake) or "stateless" (a `_meta` envelope per request). */',
  );
  lines.push("export const LIFECYCLES = {");
  for (const schema of schemas)
    lines.push(`  ${JSON.stringify(schema.version)}: ${JSON.stringify(facts[schema.version]?.lifecycle)},`);
  lines.push("} as const;");
  lines.push("");
  lines.push(
    "/** Draft versions: spoken only by a server or client that lists them, never advertised or negotiated by default. */",
  );
  const optIn = schemas.filter((s) => facts[s.version]?.optIn).map((s) => JSON.stringify(s.version));
  lines.push(`export const OPT_IN_VERSIONS: readonly ProtocolVersion[] = [${optIn.join(", ")}];`);
  lines.push("");
  lines.push("/** The version whose shapes make the model application code is written against. */");
  lines.push(`export type ModelVersion = ${JSON.stringify(modelVersion(schemas, facts))};`);
  lines.push("");
  lines.push("/** The runtime method tables of every version. */");
  lines.push("export const METHOD_TABLES = {");
  for (const schema of schemas) {
    lines.push(`  /** Protocol version ${schema.version}'s method table. */`);
    lines.push(`  ${JSON.stringify(schema.version)}: ${identifier(schema.version)}Methods,`);
  }
  lines.push("} as const;");
  lines.push("");
  lines.push("/** The type-level method maps of every version. */");
  lines.push("export interface ProtocolMethodMaps {");
  for (const schema of schemas) {
    lines.push(`  /** Protocol version ${schema.version}'s method maps. */`);
    lines.push(`  ${JSON.stringify(schema.version)}: ${identifier(schema.version)}Maps;`);
  }
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
  lines.push("");
  for (const [name, file, what] of [
    ["importValidators", "validators", "standalone validators"],
    ["importShapes", "shapes", "field shapes"],
  ] as const) {
    lines.push("/**");
    lines.push(` * Loads a version's ${what}: one literal \`import()\` per version, so that every bundler sees each`);
    lines.push(" * file (and splits or wraps it on its own), and nothing is evaluated until its version is asked for.");
    lines.push(" */");
    lines.push(`export function ${name}(version: ProtocolVersion): Promise<unknown> {`);
    lines.push("  switch (version) {");
    for (const schema of schemas) {
      lines.push(`    case ${JSON.stringify(schema.version)}:`);
      lines.push(`      return import("./${schema.version}/${file}.cjs");`);
    }
    lines.push("  }");
    lines.push("}");
    lines.push("");
  }
  lines.push(
    "/** Each version's fields with readable types, relative to this file (CommonJS; read by the version diff only). */",
  );
  lines.push("export const FIELD_FILES = {");
  for (const schema of schemas) lines.push(`  ${JSON.stringify(schema.version)}: "./${schema.version}/fields.cjs",`);
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

/** The model's types: the shapes of the model version (see ModelVersion in registry.ts). */
export function emitModel(schemas: readonly AnalysedSchema[], facts: Record<string, VersionFacts>): string {
  const version = modelVersion(schemas, facts);
  return [
    `/** Every definition of protocol version ${version}, the model version: the shapes application code uses. */`,
    `export type * from "./${version}/types.js";`,
    "/** The model version's server notifications by method, for typed notification handlers. */",
    `export type { ServerNotifications } from "./${version}/methods.js";`,
    "",
  ].join("\n");
}

/** One type namespace per version (V2025_11_25 …), re-exported by the package root. */
export function emitNamespaces(schemas: readonly AnalysedSchema[]): string {
  const lines: string[] = [];
  for (const schema of schemas) {
    lines.push(`/** The generated types of protocol version ${schema.version}, exactly as its schema defines them. */`);
    lines.push(`export type * as V${schema.version.replace(/-/g, "_")} from "./${schema.version}/index.js";`);
  }
  return `${lines.join("\n")}\n`;
}

/** The declaration of a version's CommonJS validators or shapes, so that the literal imports type-check. */
export function emitCommonJsDeclaration(schema: AnalysedSchema, kind: "validators" | "shapes"): string {
  const value =
    kind === "validators"
      ? "{ readonly [key: string]: (data: unknown) => boolean }"
      : "{ readonly [definition: string]: unknown }";
  return [
    `/** Protocol version ${schema.version}'s ${kind === "validators" ? "standalone validators, by key" : "field shapes, by definition"}. */`,
    `declare const ${kind}: ${value};`,
    `export = ${kind};`,
    "",
  ].join("\n");
}
