/**
 * `npm run schema -- add|pin|remove` in a temporary workspace (its own lock, synced schemas and
 * generated/), with a subset of the locked versions to keep each regeneration short. The schemas
 * are copied from the synced ones at run time, never committed.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../codegen/generate.js";
import { PatchMismatchError } from "../../codegen/patch.js";
import { writeGenerated } from "../../codegen/write.js";
import { PROJECT_ROOT, readLock, SCHEMA_DIR, type SchemaLock, sha256 } from "../../schema/lock.js";
import { runSchemaCommand, SchemaCommandError, type SchemaWorkspace } from "../../schema/manage.js";
import { lock, makeTempDir, removeTempDirs } from "../helpers/codegen-stages.js";

afterAll(removeTempDirs);

const offline: typeof fetch = async () => {
  throw new Error("offline in tests");
};

/** A workspace locking `versions` only, with their schemas synced and generated/ up to date. */
async function workspace(versions: string[]): Promise<SchemaWorkspace> {
  const root = makeTempDir("schema-cmd");
  const ws: SchemaWorkspace = {
    lockFile: join(root, "schema", "lock.json"),
    schemaDir: join(root, "schema"),
    generatedDir: join(root, "generated"),
    mirrors: [],
    fetchImpl: offline,
  };
  const subset: SchemaLock = { ...lock, versions: lock.versions.filter((entry) => versions.includes(entry.version)) };
  for (const version of versions) {
    mkdirSync(join(ws.schemaDir, version), { recursive: true });
    copyFileSync(join(SCHEMA_DIR, version, "schema.json"), join(ws.schemaDir, version, "schema.json"));
  }
  writeFileSync(ws.lockFile, `${JSON.stringify(subset, null, 2)}\n`);
  writeGenerated(ws.generatedDir, (await generate(subset, ws.schemaDir)).files);
  return ws;
}

/** A copy of a synced schema, changed by `edit`, written beside the workspace. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach into raw upstream JSON, whatever its shape
function editedSchema(ws: SchemaWorkspace, version: string, edit: (defs: Record<string, any>) => void): string {
  const document = JSON.parse(readFileSync(join(SCHEMA_DIR, version, "schema.json"), "utf8"));
  edit(document.$defs ?? document.definitions);
  const file = join(ws.schemaDir, "..", `${version}-edited.json`);
  writeFileSync(file, JSON.stringify(document, null, 2));
  return file;
}

const perVersion = (paths: string[], version: string) => paths.filter((path) => path.startsWith(`${version}/`));

describe("npm run schema -- add", () => {
  it("adds a copy of the newest schema under a new date: locked, generated, patched by content, diffed", async () => {
    const ws = await workspace(["2025-11-25", "2026-07-28"]);
    const source = join(SCHEMA_DIR, "2026-07-28", "schema.json");
    const result = await runSchemaCommand(["add", "2099-01-01", "--file", source], ws);
    const entry = readLock(ws.lockFile).versions.at(-1);
    expect(entry).toEqual({
      version: "2099-01-01",
      commit: "unpublished",
      path: "schema/2099-01-01/schema.json",
      sha256: sha256(readFileSync(source)),
    });
    expect(perVersion(result.report?.written ?? [], "2099-01-01").sort()).toEqual(
      [
        "fields.cjs",
        "index.ts",
        "methods.ts",
        "shapes.cjs",
        "shapes.d.cts",
        "types.ts",
        "validators.cjs",
        "validators.d.cts",
      ].map((f) => `2099-01-01/${f}`),
    );
    expect(perVersion(result.report?.written ?? [], "2026-07-28")).toEqual([]);
    const registry = readFileSync(join(ws.generatedDir, "registry.ts"), "utf8");
    expect(registry).toContain('"2099-01-01": "stateless",');
    expect(result.text).toContain(
      "patches applied: elicit-result-content-number, json-value-number-and-null, result-type-values, cacheable-result-fields-optional",
    );
    expect(result.text).toContain("Changes from 2026-07-28 to 2099-01-01\n\nNo changes.\n");
    // Added as an opt-in draft with a declared lifecycle, the registry says so.
    const draft = await runSchemaCommand(
      ["add", "2099-02-01", "--file", source, "--opt-in", "--lifecycle", "stateless"],
      ws,
    );
    expect(draft.changed).toBe(true);
    expect(readFileSync(join(ws.generatedDir, "registry.ts"), "utf8")).toContain(
      'export const OPT_IN_VERSIONS: readonly ProtocolVersion[] = ["2099-02-01"];',
    );
    const removed = await runSchemaCommand(["remove", "2099-02-01"], ws);
    expect(perVersion(removed.report?.removed ?? [], "2099-02-01")).toHaveLength(8);
    expect(readLock(ws.lockFile).versions.map((e) => e.version)).toEqual(["2025-11-25", "2026-07-28", "2099-01-01"]);
  }, 180_000);

  it("refuses a known version, a name that is not a date, a missing file and a bad lifecycle, changing nothing", async () => {
    const ws = await workspace(["2025-03-26"]);
    const before = readFileSync(ws.lockFile, "utf8");
    const file = join(SCHEMA_DIR, "2025-03-26", "schema.json");
    await expect(runSchemaCommand(["add", "2025-03-26", "--file", file], ws)).rejects.toThrow(
      /already in schema\/lock.json/,
    );
    await expect(runSchemaCommand(["add", "next", "--file", file], ws)).rejects.toThrow(SchemaCommandError);
    await expect(runSchemaCommand(["add", "2099-01-01", "--file", "/nonexistent.json"], ws)).rejects.toThrow(
      /does not exist/,
    );
    await expect(runSchemaCommand(["add", "2099-01-01", "--file", file, "--lifecycle", "x"], ws)).rejects.toThrow(
      /--lifecycle/,
    );
    await expect(runSchemaCommand(["add", "2099-01-01", "--commit", "abc"], ws)).rejects.toThrow(
      /cannot download .*offline/,
    );
    await expect(runSchemaCommand(["pin", "2099-01-01", "--commit", "abc"], ws)).rejects.toThrow(/use "add" first/);
    expect(readFileSync(ws.lockFile, "utf8")).toBe(before);
  }, 60_000);

  it("a schema whose patch target changed shape fails loudly and leaves the lock as it was", async () => {
    const ws = await workspace(["2025-03-26"]);
    const before = readFileSync(ws.lockFile, "utf8");
    const file = editedSchema(ws, "2026-07-28", (defs) => {
      defs.JSONValue.anyOf[2].type = ["string", "boolean"];
    });
    await expect(runSchemaCommand(["add", "2099-01-01", "--file", file], ws)).rejects.toThrow(PatchMismatchError);
    expect(readFileSync(ws.lockFile, "utf8")).toBe(before);
  }, 60_000);
});

describe("npm run schema -- pin", () => {
  it("to the pinned commit is a no-op; to a schema with a breaking change regenerates just that version and shows it", async () => {
    const ws = await workspace(["2025-03-26", "2025-06-18"]);
    const pinned = lock.versions.find((e) => e.version === "2025-06-18")?.commit as string;
    const lockBefore = readFileSync(ws.lockFile, "utf8");
    const same = await runSchemaCommand(["pin", "2025-06-18", "--commit", pinned], ws);
    expect(same).toEqual({ changed: false, text: `2025-06-18 is already pinned to ${pinned}: nothing to do\n` });
    const sameFile = await runSchemaCommand(
      ["pin", "2025-06-18", "--commit", pinned, "--file", join(SCHEMA_DIR, "2025-06-18", "schema.json")],
      ws,
    );
    expect(sameFile.changed).toBe(false);
    expect(readFileSync(ws.lockFile, "utf8")).toBe(lockBefore);

    // A method removed and a field renamed, in a copy.
    const file = editedSchema(ws, "2025-06-18", (defs) => {
      defs.ClientRequest.anyOf = defs.ClientRequest.anyOf.filter(
        (m: { $ref: string }) => !m.$ref.endsWith("/PingRequest"),
      );
      defs.Tool.properties.displayName = defs.Tool.properties.title;
      delete defs.Tool.properties.title;
    });
    const result = await runSchemaCommand(["pin", "2025-06-18", "--commit", "f".repeat(40), "--file", file], ws);
    expect(result.changed).toBe(true);
    const written = result.report?.written ?? [];
    expect(perVersion(written, "2025-03-26")).toEqual([]);
    expect(perVersion(written, "2025-06-18").length).toBeGreaterThan(0);
    expect(written.filter((path) => !path.includes("/")).sort()).toEqual([
      "README.md",
      "model.ts",
      "namespaces.ts",
      "registry.ts",
    ]);
    expect(result.text).toContain(`Changes from 2025-06-18 to 2025-06-18 at ${"f".repeat(40)}`);
    expect(result.text).toContain("Client requests:\n  - ping\n");
    expect(result.text).toContain("  Tool\n    + displayName\n    - title\n");
    const entry = readLock(ws.lockFile).versions.find((e) => e.version === "2025-06-18");
    expect(entry).toMatchObject({ commit: "f".repeat(40), sha256: sha256(readFileSync(file)) });
    const fields = readFileSync(join(ws.generatedDir, "2025-06-18", "fields.cjs"), "utf8");
    expect(fields).toMatch(/"Tool": \{[^}]*"displayName": "string \(optional\)"/);
  }, 180_000);
});

describe("npm run schema -- pin, without --file: the schema at that commit from a mirror", () => {
  const shared = join(PROJECT_ROOT, "..", "shared", "mcp-schema");

  it("reads the shared mirror at the commit its README names (no network); the same commit again is a no-op", async () => {
    const ws = await workspace(["2025-03-26", "2025-06-18"]);
    ws.mirrors = [shared];
    const pinned = lock.versions.find((e) => e.version === "2025-06-18") as (typeof lock.versions)[number];
    expect(readFileSync(join(shared, "README.md"), "utf8")).toContain(`commit \`${pinned.commit}\``);
    // The workspace's lock names another commit for the same bytes: pinning reads the mirror, not upstream.
    const other = "1".repeat(40);
    const edited = readLock(ws.lockFile);
    for (const entry of edited.versions) if (entry.version === "2025-06-18") entry.commit = other;
    writeFileSync(ws.lockFile, `${JSON.stringify(edited, null, 2)}\n`);
    const result = await runSchemaCommand(["pin", "2025-06-18", "--commit", pinned.commit], ws);
    expect(result.changed).toBe(true);
    expect(result.text).toContain(
      `pinned 2025-06-18 to ${pinned.commit} (sha256 ${pinned.sha256} -> ${pinned.sha256})`,
    );
    expect(result.text).toContain("No changes.");
    expect(perVersion(result.report?.written ?? [], "2025-03-26")).toEqual([]);
    expect(readLock(ws.lockFile).versions.find((e) => e.version === "2025-06-18")).toEqual(pinned);
    const lockBefore = readFileSync(ws.lockFile, "utf8");
    const again = await runSchemaCommand(["pin", "2025-06-18", "--commit", pinned.commit], ws);
    expect(again).toEqual({
      changed: false,
      text: `2025-06-18 is already pinned to ${pinned.commit}: nothing to do\n`,
    });
    expect(readFileSync(ws.lockFile, "utf8")).toBe(lockBefore);
  }, 180_000);

  it("a commit whose schema changed a definition regenerates just that version; a commit no mirror holds is refused", async () => {
    const ws = await workspace(["2025-03-26", "2025-06-18"]);
    const mirror = join(ws.schemaDir, "..", "mirror");
    const commit = "c".repeat(40);
    const document = JSON.parse(readFileSync(join(SCHEMA_DIR, "2025-06-18", "schema.json"), "utf8"));
    document.definitions.Implementation.properties.vendor = { type: "string" };
    document.definitions.Implementation.required = [...document.definitions.Implementation.required, "vendor"];
    mkdirSync(join(mirror, commit, "2025-06-18"), { recursive: true });
    const file = join(mirror, commit, "2025-06-18", "schema.json");
    writeFileSync(file, JSON.stringify(document, null, 2));
    ws.mirrors = [mirror, join(PROJECT_ROOT, "..", "shared", "mcp-schema")];
    const lockBefore = readFileSync(ws.lockFile, "utf8");
    await expect(runSchemaCommand(["pin", "2025-06-18", "--commit", "d".repeat(40)], ws)).rejects.toThrow(
      /No mirror holds commit d{40} \(tried .*mirror, .*mcp-schema\)/,
    );
    expect(readFileSync(ws.lockFile, "utf8")).toBe(lockBefore);

    const result = await runSchemaCommand(["pin", "2025-06-18", "--commit", commit], ws);
    expect(result.changed).toBe(true);
    const written = result.report?.written ?? [];
    expect(perVersion(written, "2025-03-26")).toEqual([]);
    expect(perVersion(written, "2025-06-18").length).toBeGreaterThan(0);
    expect(result.text).toContain(`Changes from 2025-06-18 to 2025-06-18 at ${commit}`);
    expect(result.text).toContain("  Implementation\n    + vendor\n");
    expect(readLock(ws.lockFile).versions.find((e) => e.version === "2025-06-18")).toMatchObject({
      commit,
      sha256: sha256(readFileSync(file)),
    });
    const fields = readFileSync(join(ws.generatedDir, "2025-06-18", "fields.cjs"), "utf8");
    expect(fields).toMatch(/"Implementation": \{[^}]*"vendor": "string"/);
  }, 180_000);
});
