/**
 * A synthetic breaking change shows up in the schema snapshots as a readable change: in a temporary
 * workspace, a copy of the newest schema with a method removed (completion/complete) and a field
 * renamed (Tool.title -> Tool.displayName) is added under a new date with `npm run schema -- add`;
 * the snapshots the snapshot tests would write for it differ from the newest version's by exactly
 * those lines, and the diff snapshot between the two is the diff the command printed.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysedSchema } from "../../codegen/analyse.js";
import { readLock, SCHEMA_DIR, type SchemaLock } from "../../schema/lock.js";
import { type CommandResult, runSchemaCommand, type SchemaWorkspace } from "../../schema/manage.js";
import { lock, makeTempDir, removeTempDirs } from "../helpers/codegen-stages.js";
import {
  analyseLocked,
  renderChanges,
  renderDefinitions,
  renderMethodFields,
  snapshotDelta,
} from "../helpers/schema-snapshots.js";

const NEWEST = lock.versions.at(-1)?.version as string;
const BROKEN = "2099-03-01";
let added: CommandResult;
let newest: AnalysedSchema;
let broken: AnalysedSchema;

afterAll(removeTempDirs);

beforeAll(async () => {
  const root = makeTempDir("breaking-change");
  const ws: SchemaWorkspace = {
    lockFile: join(root, "schema", "lock.json"),
    schemaDir: join(root, "schema"),
    generatedDir: join(root, "generated"),
    mirrors: [],
    fetchImpl: async () => {
      throw new Error("offline in tests");
    },
  };
  // The newest two: the generator needs a version of each lifecycle.
  const subset: SchemaLock = { ...lock, versions: lock.versions.slice(-2) };
  for (const { version } of subset.versions) {
    mkdirSync(join(ws.schemaDir, version), { recursive: true });
    copyFileSync(join(SCHEMA_DIR, version, "schema.json"), join(ws.schemaDir, version, "schema.json"));
  }
  writeFileSync(ws.lockFile, `${JSON.stringify(subset, null, 2)}\n`);

  const document = JSON.parse(readFileSync(join(SCHEMA_DIR, NEWEST, "schema.json"), "utf8"));
  const defs = document.$defs ?? document.definitions;
  defs.ClientRequest.anyOf = defs.ClientRequest.anyOf.filter(
    (member: { $ref: string }) => !member.$ref.endsWith("/CompleteRequest"),
  );
  defs.Tool.properties.displayName = defs.Tool.properties.title;
  delete defs.Tool.properties.title;
  const file = join(root, "broken-schema.json");
  writeFileSync(file, JSON.stringify(document, null, 2));

  added = await runSchemaCommand(["add", BROKEN, "--file", file], ws);
  const schemas = analyseLocked(readLock(ws.lockFile), ws.schemaDir);
  newest = schemas.find((schema) => schema.version === NEWEST) as AnalysedSchema;
  broken = schemas.find((schema) => schema.version === BROKEN) as AnalysedSchema;
}, 240_000);

describe(`a synthetic breaking change (${BROKEN}: ${NEWEST} without completion/complete, Tool.title renamed)`, () => {
  it("changes the definitions snapshot by exactly the union that lost its member and the renamed field", () => {
    const delta = snapshotDelta(renderDefinitions(newest), renderDefinitions(broken));
    const unionWas = renderDefinitions(newest)
      .split("\n")
      .find((line) => line.startsWith("ClientRequest = ")) as string;
    expect(unionWas).toContain("| CompleteRequest");
    expect(delta.sort()).toEqual(
      [
        `- ${unionWas}`,
        `+ ${unionWas.replace(" | CompleteRequest", "")}`,
        "- Tool.title: string (optional)",
        "+ Tool.displayName: string (optional)",
      ].sort(),
    );
  });

  it("drops the removed method's section from the message fields snapshot, and nothing else", () => {
    const delta = snapshotDelta(renderMethodFields(newest), renderMethodFields(broken));
    expect(delta).toContain("- ## clientRequests completion/complete");
    expect(delta.every((line) => line.startsWith("- "))).toBe(true);
    const section = renderMethodFields(newest).split("## clientRequests completion/complete\n")[1] ?? "";
    const sectionLines = new Set(section.slice(0, section.indexOf("\n## ")).split("\n"));
    for (const line of delta) {
      if (line !== "- ## clientRequests completion/complete") expect(sectionLines.has(line.slice(2))).toBe(true);
    }
  });

  it("gets a diff snapshot naming both changes, the same text the command printed", () => {
    const diff = renderChanges(newest, broken);
    expect(diff).toContain(`Changes from ${NEWEST} to ${BROKEN}\n`);
    expect(diff).toContain("Client requests:\n  - completion/complete\n");
    expect(diff).toContain("  Tool\n    + displayName\n    - title\n");
    expect(added.text).toContain(diff);
  });
});
