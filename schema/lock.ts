/** The schema lock: which upstream file, at which commit, with which sha256, for every protocol version. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface LockedSchema {
  version: string;
  /** The upstream commit, or "unpublished" for a schema added from a local file (a draft). */
  commit: string;
  path: string;
  sha256: string;
  /**
   * How the version runs a connection. Absent: derived from the schema (a version that defines
   * `initialize` is stateful); set it when that rule would be wrong.
   */
  lifecycle?: "stateful" | "stateless";
  /** A draft: generated and usable, but neither advertised nor negotiated unless a server or client lists it. */
  optIn?: boolean;
}

export interface SchemaLock {
  repository: string;
  urlTemplate: string;
  versions: LockedSchema[];
}

export const SCHEMA_DIR = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = dirname(SCHEMA_DIR);

export function readLock(file = join(SCHEMA_DIR, "lock.json")): SchemaLock {
  return JSON.parse(readFileSync(file, "utf8")) as SchemaLock;
}

/** Where the sync step puts a version's schema in the working tree (git-ignored). */
export function syncedSchemaPath(version: string, schemaDir = SCHEMA_DIR): string {
  return join(schemaDir, version, "schema.json");
}

export function upstreamUrl(lock: SchemaLock, entry: LockedSchema): string {
  return lock.urlTemplate
    .replace("{repository}", lock.repository)
    .replace("{commit}", entry.commit)
    .replace("{path}", entry.path);
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
