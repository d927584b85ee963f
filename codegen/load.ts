/** Stage 1, load: read each locked schema from the working tree and verify its sha256. */
import { existsSync, readFileSync } from "node:fs";
import { type SchemaLock, sha256, syncedSchemaPath } from "../schema/lock.js";
import type { JsonSchema, SchemaDocument } from "./json-schema.js";

export type SchemaDialect = "draft-07" | "2020-12";

export interface LoadedSchema {
  version: string;
  sha256: string;
  dialect: SchemaDialect;
  /** "definitions" (draft-07) or "$defs" (2020-12): where the named definitions live. */
  defsKey: "definitions" | "$defs";
  document: SchemaDocument;
}

export class SchemaLoadError extends Error {
  override name = "SchemaLoadError";
}

export function loadSchemas(lock: SchemaLock, schemaDir?: string): LoadedSchema[] {
  return lock.versions.map((entry) => {
    const file = syncedSchemaPath(entry.version, schemaDir);
    if (!existsSync(file)) {
      throw new SchemaLoadError(
        `${file} is missing. Fix: run "npm run sync-schemas" (npm run generate does it first).`,
      );
    }
    return parseSchema(entry.version, entry.sha256, readFileSync(file));
  });
}

export function parseSchema(version: string, expectedSha256: string, bytes: Uint8Array): LoadedSchema {
  const actual = sha256(bytes);
  if (actual !== expectedSha256) {
    throw new SchemaLoadError(
      `schema ${version} has sha256 ${actual}, but schema/lock.json pins ${expectedSha256}. Fix: run "npm run sync-schemas".`,
    );
  }
  const document = JSON.parse(Buffer.from(bytes).toString("utf8")) as SchemaDocument;
  const dialect = dialectOf(version, document.$schema);
  const defsKey = dialect === "2020-12" ? "$defs" : "definitions";
  if (typeof document[defsKey] !== "object") {
    throw new SchemaLoadError(`schema ${version} (${dialect}) has no "${defsKey}" object`);
  }
  return { version, sha256: actual, dialect, defsKey, document };
}

function dialectOf(version: string, $schema: string | undefined): SchemaDialect {
  if ($schema?.includes("draft-07")) return "draft-07";
  if ($schema?.includes("2020-12")) return "2020-12";
  throw new SchemaLoadError(`schema ${version} declares an unsupported $schema: ${String($schema)}`);
}

export function definitionsOf(schema: LoadedSchema): Record<string, JsonSchema> {
  return schema.document[schema.defsKey] as Record<string, JsonSchema>;
}
