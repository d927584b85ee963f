/**
 * Puts every locked schema.json into the working tree (schema/<version>/schema.json, git-ignored),
 * from a mirror directory or from upstream, and verifies each sha256.
 *
 * Sources, in order: $MCP_SCHEMA_MIRROR, ../shared/mcp-schema beside the project, the upstream URL.
 * Usage: tsx schema/sync.ts [--quiet] [--offline]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type LockedSchema,
  PROJECT_ROOT,
  readLock,
  SCHEMA_DIR,
  type SchemaLock,
  sha256,
  syncedSchemaPath,
  upstreamUrl,
} from "./lock.js";

export class SchemaSyncError extends Error {
  override name = "SchemaSyncError";
}

export interface SyncOptions {
  lock?: SchemaLock;
  /** Where synced files go; defaults to schema/. */
  schemaDir?: string;
  /** Mirror directories to try, in order; defaults to $MCP_SCHEMA_MIRROR then ../shared/mcp-schema. */
  mirrors?: string[];
  /** Whether the upstream URL may be tried when no mirror has the file. */
  allowDownload?: boolean;
  fetchImpl?: typeof fetch;
  log?: (line: string) => void;
}

export interface SyncedSchema {
  version: string;
  file: string;
  source: "cached" | "mirror" | "upstream";
}

export function defaultMirrors(env: NodeJS.ProcessEnv = process.env): string[] {
  const mirrors: string[] = [];
  if (env.MCP_SCHEMA_MIRROR) mirrors.push(resolve(env.MCP_SCHEMA_MIRROR));
  mirrors.push(resolve(PROJECT_ROOT, "..", "shared", "mcp-schema"));
  return mirrors;
}

const FIX_HINT =
  "Fix: set MCP_SCHEMA_MIRROR to a directory holding <version>/schema.json (for example ../shared/mcp-schema), " +
  "or run on a machine that can reach the upstream repository.";

export async function syncSchemas(options: SyncOptions = {}): Promise<SyncedSchema[]> {
  const lock = options.lock ?? readLock();
  const schemaDir = options.schemaDir ?? SCHEMA_DIR;
  const mirrors = options.mirrors ?? defaultMirrors();
  const allowDownload = options.allowDownload ?? true;
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const results: SyncedSchema[] = [];
  for (const entry of lock.versions) {
    const target = syncedSchemaPath(entry.version, schemaDir);
    if (existsSync(target) && sha256(readFileSync(target)) === entry.sha256) {
      results.push({ version: entry.version, file: target, source: "cached" });
      continue;
    }
    const bytes = await fetchLocked(lock, entry, mirrors, allowDownload, fetchImpl);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes.data);
    results.push({ version: entry.version, file: target, source: bytes.source });
    options.log?.(`synced ${entry.version} from ${bytes.from}`);
  }
  return results;
}

async function fetchLocked(
  lock: SchemaLock,
  entry: LockedSchema,
  mirrors: string[],
  allowDownload: boolean,
  fetchImpl: typeof fetch,
): Promise<{ data: Uint8Array; source: "mirror" | "upstream"; from: string }> {
  const tried: string[] = [];
  for (const mirror of mirrors) {
    const file = join(mirror, entry.version, "schema.json");
    if (!existsSync(file)) {
      tried.push(`${file}: not found`);
      continue;
    }
    const data = readFileSync(file);
    const actual = sha256(data);
    if (actual !== entry.sha256) {
      throw new SchemaSyncError(
        `sha256 mismatch for ${entry.version} in ${file}: expected ${entry.sha256}, found ${actual}. ` +
          "The mirror holds a different schema than schema/lock.json pins. " +
          "Fix: restore the mirror's file, or update the lock entry (commit and sha256) if the spec really changed.",
      );
    }
    return { data, source: "mirror", from: file };
  }
  if (allowDownload) {
    const url = upstreamUrl(lock, entry);
    let data: Uint8Array;
    try {
      const response = await fetchImpl(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      data = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      tried.push(`${url}: ${(error as Error).message}`);
      throw new SchemaSyncError(
        `no source for the ${entry.version} schema.\n  tried ${tried.join("\n  tried ")}\n${FIX_HINT}`,
      );
    }
    const actual = sha256(data);
    if (actual !== entry.sha256) {
      throw new SchemaSyncError(
        `sha256 mismatch for ${entry.version} downloaded from ${url}: expected ${entry.sha256}, found ${actual}. ` +
          "Fix: check schema/lock.json (commit, path and sha256 must describe the same file).",
      );
    }
    return { data, source: "upstream", from: url };
  }
  throw new SchemaSyncError(
    `no source for the ${entry.version} schema.\n  tried ${tried.join("\n  tried ")}\n${FIX_HINT}`,
  );
}

async function main(argv: string[]): Promise<void> {
  const quiet = argv.includes("--quiet");
  try {
    const synced = await syncSchemas({
      allowDownload: !argv.includes("--offline"),
      log: quiet ? undefined : (line) => console.log(line),
    });
    if (!quiet) console.log(`schemas in place: ${synced.map((s) => `${s.version} (${s.source})`).join(", ")}`);
  } catch (error) {
    console.error(`schema sync failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(process.argv.slice(2));
}
