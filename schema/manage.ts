/**
 * `npm run schema -- <command>`: the maintainer's way to change which protocol versions the SDK is
 * generated from. Each command updates schema/lock.json, syncs the schemas, regenerates generated/
 * and prints what changed (the same diff as `typed-mcp diff`).
 *
 *   add <version> --file <schema.json> [--lifecycle stateful|stateless] [--opt-in]
 *   add <version> --commit <sha> [--lifecycle …] [--opt-in]     (downloads schema/<version>/schema.json)
 *   pin <version> --commit <sha> [--file <schema.json>]           (re-pin: the file given, else a mirror
 *                                                                  holding that commit, else upstream)
 *   remove <version>
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type AnalysedSchema, DIRECTIONS } from "../codegen/analyse.js";
import { buildFields } from "../codegen/emit-fields.js";
import { generate } from "../codegen/generate.js";
import { type WriteReport, writeGenerated } from "../codegen/write.js";
import { diffSurfaces, formatVersionDiff, type VersionSurface } from "../src/cli/surface-diff.js";
import {
  type LockedSchema,
  PROJECT_ROOT,
  readLock,
  type SchemaLock,
  sha256,
  syncedSchemaPath,
  upstreamUrl,
} from "./lock.js";
import { defaultMirrors, syncSchemas } from "./sync.js";

export class SchemaCommandError extends Error {
  override name = "SchemaCommandError";
}

/** Where a command works: the project's files by default, a temporary copy in tests. */
export interface SchemaWorkspace {
  lockFile: string;
  schemaDir: string;
  generatedDir: string;
  /** Mirror directories for the versions already locked (see sync.ts). */
  mirrors?: string[];
  fetchImpl?: typeof fetch;
}

export function projectWorkspace(root = PROJECT_ROOT): SchemaWorkspace {
  return {
    lockFile: join(root, "schema", "lock.json"),
    schemaDir: join(root, "schema"),
    generatedDir: join(root, "generated"),
  };
}

export interface CommandResult {
  /** False when nothing needed doing (e.g. re-pinning to the pinned commit). */
  changed: boolean;
  /** What regeneration wrote; absent when nothing changed. */
  report?: WriteReport;
  /** What the user reads. */
  text: string;
}

const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const UNPUBLISHED = "unpublished";

export interface AddOptions {
  file?: string;
  commit?: string;
  lifecycle?: "stateful" | "stateless";
  optIn?: boolean;
}

/** Adds a protocol version: locks its schema, syncs, regenerates, and diffs it against its predecessor. */
export async function addVersion(ws: SchemaWorkspace, version: string, options: AddOptions): Promise<CommandResult> {
  if (!VERSION_PATTERN.test(version))
    throw new SchemaCommandError(`a version is a date, YYYY-MM-DD; got ${JSON.stringify(version)}`);
  const lock = readLock(ws.lockFile);
  if (lock.versions.some((entry) => entry.version === version)) {
    throw new SchemaCommandError(`${version} is already in schema/lock.json: use "pin" to change its schema`);
  }
  const entry: LockedSchema = {
    version,
    commit: options.commit ?? UNPUBLISHED,
    path: `schema/${version}/schema.json`,
    sha256: "",
  };
  const bytes = await schemaBytes(ws, lock, entry, options.file);
  entry.sha256 = sha256(bytes);
  if (options.lifecycle) entry.lifecycle = options.lifecycle;
  if (options.optIn) entry.optIn = true;
  const versions = [...lock.versions, entry].sort((a, b) => (a.version < b.version ? -1 : 1));
  const next = { ...lock, versions };
  const schemas = await regenerate(ws, next, entry, bytes);
  const index = schemas.findIndex((schema) => schema.version === version);
  const added = schemas[index] as AnalysedSchema;
  const predecessor = schemas[index - 1];
  const lines = [
    `added ${version} (sha256 ${entry.sha256}, ${entry.commit === UNPUBLISHED ? "from a local file" : `commit ${entry.commit}`})`,
  ];
  lines.push(patchLine(added));
  if (entry.commit === UNPUBLISHED) {
    lines.push(`unpublished: keep a copy at $MCP_SCHEMA_MIRROR/${version}/schema.json so other clones can sync it`);
  }
  const diff = predecessor ? formatVersionDiff(diffSurfaces(surfaceOfSchema(predecessor), surfaceOfSchema(added))) : "";
  return { changed: true, report: schemas.report, text: `${lines.join("\n")}\n\n${diff}` };
}

/** Re-pins a version to another commit (or file): a no-op when nothing changes, else regenerates and diffs old against new. */
export async function pinVersion(
  ws: SchemaWorkspace,
  version: string,
  commit: string,
  file?: string,
): Promise<CommandResult> {
  const lock = readLock(ws.lockFile);
  const current = lock.versions.find((entry) => entry.version === version);
  if (!current) throw new SchemaCommandError(`${version} is not in schema/lock.json: use "add" first`);
  if (commit === current.commit && file === undefined) {
    return { changed: false, text: `${version} is already pinned to ${commit}: nothing to do\n` };
  }
  const entry: LockedSchema = { ...current, commit };
  const bytes = await schemaBytes(ws, lock, entry, file);
  entry.sha256 = sha256(bytes);
  if (entry.sha256 === current.sha256 && commit === current.commit) {
    return {
      changed: false,
      text: `${version} is already pinned to this schema (sha256 ${entry.sha256}): nothing to do\n`,
    };
  }
  const before = (await generate(lock, ws.schemaDir)).schemas.find(
    (schema) => schema.version === version,
  ) as AnalysedSchema;
  const next = { ...lock, versions: lock.versions.map((e) => (e.version === version ? entry : e)) };
  const schemas = await regenerate(ws, next, entry, bytes);
  const after = schemas.find((schema) => schema.version === version) as AnalysedSchema;
  const text = [
    `pinned ${version} to ${commit} (sha256 ${current.sha256} -> ${entry.sha256})`,
    patchLine(after),
    "",
    formatVersionDiff(
      diffSurfaces(surfaceOfSchema(before), { ...surfaceOfSchema(after), version: `${version} at ${commit}` }),
    ),
  ].join("\n");
  return { changed: true, report: schemas.report, text };
}

/** Removes a version from the lock and from generated/. */
export async function removeVersion(ws: SchemaWorkspace, version: string): Promise<CommandResult> {
  const lock = readLock(ws.lockFile);
  if (!lock.versions.some((entry) => entry.version === version)) {
    throw new SchemaCommandError(`${version} is not in schema/lock.json`);
  }
  const next = { ...lock, versions: lock.versions.filter((entry) => entry.version !== version) };
  const schemas = await regenerate(ws, next);
  return {
    changed: true,
    report: schemas.report,
    text: `removed ${version}; generated/: ${schemas.report.removed.length} files removed\n`,
  };
}

/** The schema's bytes: the file given, else the file at the entry's commit in a mirror, else upstream. */
async function schemaBytes(
  ws: SchemaWorkspace,
  lock: SchemaLock,
  entry: LockedSchema,
  file?: string,
): Promise<Uint8Array> {
  if (file !== undefined) {
    if (!existsSync(file)) throw new SchemaCommandError(`${file} does not exist`);
    const bytes = readFileSync(file);
    try {
      JSON.parse(bytes.toString("utf8"));
    } catch (error) {
      throw new SchemaCommandError(`${file} is not JSON: ${(error as Error).message}`);
    }
    return bytes;
  }
  if (entry.commit === UNPUBLISHED) throw new SchemaCommandError("give --file <schema.json> or --commit <sha>");
  const mirrored = mirroredAt(ws.mirrors ?? defaultMirrors(), entry);
  if (mirrored) return readFileSync(mirrored);
  const url = upstreamUrl(lock, entry);
  try {
    const response = await (ws.fetchImpl ?? globalThis.fetch)(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new SchemaCommandError(
      `cannot download ${url}: ${(error as Error).message}. No mirror holds commit ${entry.commit} ` +
        `(tried ${(ws.mirrors ?? defaultMirrors()).join(", ") || "none"}). Fix: pass --file <schema.json>`,
    );
  }
}

/**
 * The schema of `entry` at its commit in one of the mirrors, when one has it. A mirror is addressed
 * by commit: its top level holds the files of the commit its README.md names ("at commit `<sha>`"),
 * and a folder named by a full commit holds that commit's (`<mirror>/<sha>/<version>/schema.json`).
 */
export function mirroredAt(mirrors: readonly string[], entry: LockedSchema): string | undefined {
  for (const mirror of mirrors) {
    const byCommit = join(mirror, entry.commit, entry.version, "schema.json");
    if (existsSync(byCommit)) return byCommit;
    const readme = join(mirror, "README.md");
    if (!existsSync(readme)) continue;
    const named = [...readFileSync(readme, "utf8").matchAll(/commit\s+`([0-9a-f]{40})`/g)].map((match) => match[1]);
    const top = join(mirror, entry.version, "schema.json");
    if (named.includes(entry.commit) && existsSync(top)) return top;
  }
  return undefined;
}

/** Places the changed schema, writes the lock, syncs the rest, and regenerates generated/. */
async function regenerate(
  ws: SchemaWorkspace,
  lock: SchemaLock,
  changed?: LockedSchema,
  bytes?: Uint8Array,
): Promise<AnalysedSchema[] & { report: WriteReport }> {
  if (changed && bytes) {
    const target = syncedSchemaPath(changed.version, ws.schemaDir);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  await syncSchemas({ lock, schemaDir: ws.schemaDir, mirrors: ws.mirrors, fetchImpl: ws.fetchImpl });
  // Generate before writing the lock: a schema the generator cannot take leaves the lock as it was.
  const { schemas, files } = await generate(lock, ws.schemaDir);
  writeFileSync(ws.lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  const report = writeGenerated(ws.generatedDir, files);
  return Object.assign(schemas, { report });
}

function patchLine(schema: AnalysedSchema): string {
  const applied = schema.patches.length ? schema.patches.join(", ") : "none";
  const fixed = schema.fixedUpstream?.length
    ? `; fixed upstream (the patch can go): ${schema.fixedUpstream.join(", ")}`
    : "";
  return `patches applied: ${applied}${fixed}`;
}

/** The diffable surface of a schema the generator analysed in memory. */
export function surfaceOfSchema(schema: AnalysedSchema): VersionSurface {
  const methods = {} as Record<(typeof DIRECTIONS)[number], string[]>;
  for (const direction of DIRECTIONS) methods[direction] = Object.keys(schema.methods[direction]);
  return { version: schema.version, methods, fields: buildFields(schema) };
}

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith("--")) throw new SchemaCommandError(`${name} needs a value`);
  return value;
}

const USAGE = [
  "usage: npm run schema -- add <version> --file <schema.json> [--lifecycle stateful|stateless] [--opt-in]",
  "       npm run schema -- add <version> --commit <sha> [--lifecycle stateful|stateless] [--opt-in]",
  "       npm run schema -- pin <version> --commit <sha> [--file <schema.json>]",
  "       npm run schema -- remove <version>",
].join("\n");

export async function runSchemaCommand(argv: string[], ws = projectWorkspace()): Promise<CommandResult> {
  const [command, version] = argv;
  if (!version) throw new SchemaCommandError(USAGE);
  const file = option(argv, "--file");
  const resolved = file === undefined ? undefined : resolve(file);
  if (command === "add") {
    const lifecycle = option(argv, "--lifecycle");
    if (lifecycle !== undefined && lifecycle !== "stateful" && lifecycle !== "stateless") {
      throw new SchemaCommandError(`--lifecycle is stateful or stateless, not ${lifecycle}`);
    }
    return await addVersion(ws, version, {
      file: resolved,
      commit: option(argv, "--commit"),
      lifecycle,
      optIn: argv.includes("--opt-in"),
    });
  }
  if (command === "pin") {
    const commit = option(argv, "--commit");
    if (!commit) throw new SchemaCommandError(`pin needs --commit <sha>\n${USAGE}`);
    return await pinVersion(ws, version, commit, resolved);
  }
  if (command === "remove") return await removeVersion(ws, version);
  throw new SchemaCommandError(USAGE);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    process.stdout.write((await runSchemaCommand(process.argv.slice(2))).text);
  } catch (error) {
    console.error(`schema: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
