import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { emitModel, emitNamespaces, emitRegistry, emitVersionIndex } from "../../codegen/emit-registry.js";
import { versionFacts } from "../../codegen/generate.js";
import { analysedSchemas, lock, makeTempDir, removeTempDirs, VERSIONS } from "../helpers/codegen-stages.js";
import { describeDiagnostic, typeCheck } from "../helpers/type-check.js";

afterAll(removeTempDirs);

const schemas = analysedSchemas();
const facts = versionFacts(lock, schemas);
const registry = emitRegistry(schemas, facts);

/**
 * A temp project holding the registry and, per version, a stub methods module whose exports
 * carry the version as a marker, so the registry's wiring can be checked at run time and by tsc.
 */
function registryProject(): string {
  const dir = makeTempDir("registry");
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(dir, "registry.ts"), registry);
  for (const version of VERSIONS) {
    mkdirSync(join(dir, version));
    const stub = [
      `export const methodTable = { marker: ${JSON.stringify(version)} } as const;`,
      `export interface MethodMaps { marker: ${JSON.stringify(version)} }`,
    ].join("\n");
    writeFileSync(join(dir, version, "methods.ts"), stub);
    writeFileSync(
      join(dir, version, "methods.js"),
      `export const methodTable = { marker: ${JSON.stringify(version)} };\n`,
    );
    // The per-version modules the registry imports lazily (literal import() per version).
    for (const module of ["validators", "shapes"]) {
      writeFileSync(join(dir, version, `${module}.d.cts`), "declare const table: unknown;\nexport = table;\n");
    }
  }
  return dir;
}

function transpile(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  }).outputText;
}

describe("emitRegistry", () => {
  it("exports the versions, pins, method tables, validator and shape files, wired to each version's module", async () => {
    const dir = registryProject();
    writeFileSync(join(dir, "registry.js"), transpile(registry));
    const module = (await import(pathToFileURL(join(dir, "registry.js")).href)) as Record<string, unknown>;

    expect(module.PROTOCOL_VERSIONS).toEqual(lock.versions.map((entry) => entry.version));
    expect(module.METHOD_TABLES).toEqual(Object.fromEntries(VERSIONS.map((version) => [version, { marker: version }])));
    expect(module.VALIDATOR_FILES).toEqual(
      Object.fromEntries(VERSIONS.map((version) => [version, `./${version}/validators.cjs`])),
    );
    expect(module.SHAPE_FILES).toEqual(
      Object.fromEntries(VERSIONS.map((version) => [version, `./${version}/shapes.cjs`])),
    );
    expect(module.FIELD_FILES).toEqual(
      Object.fromEntries(VERSIONS.map((version) => [version, `./${version}/fields.cjs`])),
    );
    // Lifecycles come from the schemas (a version defining initialize is stateful) unless the lock says one.
    expect(module.LIFECYCLES).toEqual({
      "2024-11-05": "stateful",
      "2025-03-26": "stateful",
      "2025-06-18": "stateful",
      "2025-11-25": "stateful",
      "2026-07-28": "stateless",
    });
    expect(module.OPT_IN_VERSIONS).toEqual([]);
    const pins = module.SCHEMA_PINS as Record<string, Record<string, unknown>>;
    expect(Object.keys(pins)).toEqual([...VERSIONS]);
    for (const entry of lock.versions) {
      const schema = schemas.find((s) => s.version === entry.version);
      expect(pins[entry.version], entry.version).toEqual({
        commit: entry.commit,
        sha256: entry.sha256,
        dialect: schema?.dialect,
        patches: schema?.patches,
      });
    }
    // The pins carry the patches actually applied: the newest version needed some, the oldest none.
    expect(pins["2024-11-05"]?.patches).toEqual([]);
    expect(pins["2026-07-28"]?.patches).toContain("json-value-number-and-null");
  });

  it("type-checks, with ProtocolVersion and ProtocolMethodMaps keyed by version", () => {
    const dir = registryProject();
    writeFileSync(
      join(dir, "usage.ts"),
      [
        'import { METHOD_TABLES, type ProtocolMethodMaps, type ProtocolVersion, SCHEMA_PINS } from "./registry.js";',
        'export const maps: ProtocolMethodMaps["2025-06-18"]["marker"] = "2025-06-18";',
        "// @ts-expect-error each version maps to its own module",
        'export const wrong: ProtocolMethodMaps["2025-06-18"]["marker"] = "2026-07-28";',
        'export const version: ProtocolVersion = "2026-07-28";',
        "// @ts-expect-error not a known version",
        'export const unknown: ProtocolVersion = "1999-01-01";',
        'export const table: "2024-11-05" = METHOD_TABLES["2024-11-05"].marker;',
        'export const dialect: "draft-07" = SCHEMA_PINS["2025-03-26"].dialect;',
      ].join("\n"),
    );
    const messages = typeCheck([join(dir, "registry.ts"), join(dir, "usage.ts")]).map(describeDiagnostic);
    expect(messages).toEqual([]);
  });

  it("documents each version's pin, method table and method maps, and each field of a pin", () => {
    for (const version of VERSIONS) {
      expect(registry).toContain(`  /** Protocol version ${version}'s schema. */\n  "${version}": {\n`);
      expect(registry).toContain(`  /** Protocol version ${version}'s method table. */\n  "${version}": `);
      expect(registry).toContain(`  /** Protocol version ${version}'s method maps. */\n  "${version}": `);
    }
    for (const field of ["commit", "sha256", "dialect", "patches"]) {
      const documented = registry.match(new RegExp(`\\*/\\n    ${field}: `, "g")) ?? [];
      expect(documented, field).toHaveLength(VERSIONS.length);
    }
  });

  it("follows the order of the schemas it is given", () => {
    const reversed = emitRegistry([...schemas].reverse(), facts);
    const versions = [...VERSIONS].reverse().map((version) => JSON.stringify(version));
    expect(reversed).toContain(`export const PROTOCOL_VERSIONS = [${versions.join(", ")}] as const;`);
  });
});

describe("emitVersionIndex", () => {
  it("re-exports the version's types (type-only) and its methods", () => {
    const schema = schemas[0];
    if (!schema) throw new Error("no schemas");
    const index = emitVersionIndex(schema);
    const file = ts.createSourceFile("index.ts", index, ts.ScriptTarget.ES2022, true);
    const exports = file.statements.filter(ts.isExportDeclaration).map((statement) => ({
      from: (statement.moduleSpecifier as ts.StringLiteral).text,
      typeOnly: statement.isTypeOnly,
      star: statement.exportClause === undefined,
    }));
    expect(exports).toEqual([
      { from: "./types.js", typeOnly: true, star: true },
      { from: "./methods.js", typeOnly: false, star: true },
    ]);
    expect(index).toContain(`Protocol version ${schema.version}`);
  });

  it("takes a lifecycle and opt-in flag from the lock, and the model follows the newest default stateful version", () => {
    const newest = schemas[schemas.length - 1] as (typeof schemas)[number];
    const draft = { ...newest, version: "2099-01-01" };
    const draftFacts = versionFacts(
      { ...lock, versions: [...lock.versions, { ...lock.versions[0], version: "2099-01-01", optIn: true }] } as never,
      [...schemas, draft],
    );
    expect(draftFacts["2099-01-01"]).toEqual({ commit: lock.versions[0]?.commit, lifecycle: "stateless", optIn: true });
    const withDraft = emitRegistry([...schemas, draft], draftFacts);
    expect(withDraft).toContain('export const OPT_IN_VERSIONS: readonly ProtocolVersion[] = ["2099-01-01"];');
    expect(withDraft).toContain('export type ModelVersion = "2025-11-25";');
    // Declared stateful and not opt-in: the model moves to it with no hand edit.
    const stateful = { ...draftFacts, "2099-01-01": { commit: "x", lifecycle: "stateful" as const, optIn: false } };
    expect(emitRegistry([...schemas, draft], stateful)).toContain('export type ModelVersion = "2099-01-01";');
    expect(emitModel([...schemas, draft], stateful)).toContain('export type * from "./2099-01-01/types.js";');
    expect(emitNamespaces([...schemas, draft])).toContain('export type * as V2099_01_01 from "./2099-01-01/index.js";');
  });
});
