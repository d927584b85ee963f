/**
 * Shared helpers for the generator tests: the real locked schemas (raw, and through load ->
 * patch -> analyse), and temporary directories that are removed after each file.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnalysedSchema, analyseSchema } from "../../codegen/analyse.js";
import { loadSchemas } from "../../codegen/load.js";
import { patchSchema } from "../../codegen/patch.js";
import { readLock, SCHEMA_DIR } from "../../schema/lock.js";

export const lock = readLock();
export const VERSIONS: readonly string[] = lock.versions.map((entry) => entry.version);

export type RawSchema = Record<string, unknown>;
export type RawDefinitions = Record<string, Record<string, unknown>>;

/** The synced schema file of a version, parsed straight from disk (no generator code involved). */
export function rawDocument(version: string): RawSchema {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, version, "schema.json"), "utf8")) as RawSchema;
}

/** The named definitions of a raw document, wherever the dialect keeps them. */
export function rawDefinitions(version: string): RawDefinitions {
  const document = rawDocument(version);
  const defs = (document.$defs ?? document.definitions) as RawDefinitions | undefined;
  if (!defs) throw new Error(`${version}: no definitions in the raw schema`);
  return defs;
}

let analysedCache: AnalysedSchema[] | undefined;

/** Every locked version through load -> patch -> analyse (computed once per test file). */
export function analysedSchemas(): AnalysedSchema[] {
  analysedCache ??= loadSchemas(lock).map((loaded) => analyseSchema(patchSchema(loaded)));
  return analysedCache;
}

export function analysedVersion(version: string): AnalysedSchema {
  const found = analysedSchemas().find((schema) => schema.version === version);
  if (!found) throw new Error(`no analysed schema for ${version}`);
  return found;
}

const tempDirs: string[] = [];

/** A fresh directory under the OS temp dir; removeTempDirs() deletes every one made so far. */
export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `typed-mcp-${label}-`));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
