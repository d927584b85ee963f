import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { definitionsOf, loadSchemas, parseSchema, SchemaLoadError } from "../../codegen/load.js";
import { SCHEMA_DIR, type SchemaLock } from "../../schema/lock.js";
import { lock, makeTempDir, rawDocument, removeTempDirs } from "../helpers/codegen-stages.js";

afterAll(removeTempDirs);

const shaOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function bytesOf(document: unknown): Buffer {
  return Buffer.from(JSON.stringify(document));
}

const DRAFT_07 = bytesOf({
  $schema: "http://json-schema.org/draft-07/schema#",
  definitions: { Ping: { type: "object" } },
});
const DRAFT_2020 = bytesOf({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $defs: { Ping: { type: "object" }, Pong: { type: "string" } },
});

function loadError(run: () => unknown): SchemaLoadError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaLoadError);
    return error as SchemaLoadError;
  }
  throw new Error("expected a SchemaLoadError, but nothing was thrown");
}

describe("parseSchema", () => {
  it("rejects bytes whose sha256 differs from the pin, naming both hashes and the sync fix", () => {
    const pinned = shaOf(DRAFT_07);
    const tampered = Buffer.concat([DRAFT_07, Buffer.from(" ")]);
    const error = loadError(() => parseSchema("2099-01-01", pinned, tampered));
    expect(error.message).toContain(pinned);
    expect(error.message).toContain(shaOf(tampered));
    expect(error.message).toContain("2099-01-01");
    expect(error.message).toContain("sync-schemas");
  });

  it("detects draft-07 and reads its definitions from `definitions`", () => {
    const loaded = parseSchema("v", shaOf(DRAFT_07), DRAFT_07);
    expect(loaded.dialect).toBe("draft-07");
    expect(loaded.defsKey).toBe("definitions");
    expect(loaded.sha256).toBe(shaOf(DRAFT_07));
    expect(Object.keys(definitionsOf(loaded))).toEqual(["Ping"]);
  });

  it("detects 2020-12 and reads its definitions from `$defs`", () => {
    const loaded = parseSchema("v", shaOf(DRAFT_2020), DRAFT_2020);
    expect(loaded.dialect).toBe("2020-12");
    expect(loaded.defsKey).toBe("$defs");
    expect(Object.keys(definitionsOf(loaded)).sort()).toEqual(["Ping", "Pong"]);
  });

  it("rejects an unsupported or missing $schema", () => {
    const draft04 = bytesOf({ $schema: "http://json-schema.org/draft-04/schema#", definitions: {} });
    expect(loadError(() => parseSchema("v", shaOf(draft04), draft04)).message).toMatch(
      /unsupported \$schema.*draft-04/,
    );
    const none = bytesOf({ definitions: {} });
    expect(loadError(() => parseSchema("v", shaOf(none), none)).message).toMatch(/unsupported \$schema/);
  });

  it("rejects a document without the definitions object its dialect uses", () => {
    // A 2020-12 document that (wrongly) keeps its definitions under the draft-07 key.
    const misplaced = bytesOf({ $schema: "https://json-schema.org/draft/2020-12/schema", definitions: { A: {} } });
    expect(loadError(() => parseSchema("v", shaOf(misplaced), misplaced)).message).toContain('"$defs"');
  });
});

describe("loadSchemas", () => {
  function lockFor(entries: { version: string; bytes: Buffer }[]): SchemaLock {
    return {
      repository: "example/spec",
      urlTemplate: "https://example.test/{repository}/{commit}/{path}",
      versions: entries.map(({ version, bytes }) => ({
        version,
        commit: "0".repeat(40),
        path: `schema/${version}/schema.json`,
        sha256: shaOf(bytes),
      })),
    };
  }

  it("loads every locked version from <schemaDir>/<version>/schema.json, in lock order", () => {
    const dir = makeTempDir("load");
    for (const [version, bytes] of [
      ["2099-02-02", DRAFT_2020],
      ["2099-01-01", DRAFT_07],
    ] as const) {
      mkdirSync(join(dir, version));
      writeFileSync(join(dir, version, "schema.json"), bytes);
    }
    const loaded = loadSchemas(
      lockFor([
        { version: "2099-02-02", bytes: DRAFT_2020 },
        { version: "2099-01-01", bytes: DRAFT_07 },
      ]),
      dir,
    );
    expect(loaded.map((schema) => [schema.version, schema.dialect])).toEqual([
      ["2099-02-02", "2020-12"],
      ["2099-01-01", "draft-07"],
    ]);
  });

  it("reports a missing file with its path and the sync command", () => {
    const dir = makeTempDir("load-missing");
    const error = loadError(() => loadSchemas(lockFor([{ version: "2099-01-01", bytes: DRAFT_07 }]), dir));
    expect(error.message).toContain(join(dir, "2099-01-01", "schema.json"));
    expect(error.message).toContain("npm run sync-schemas");
  });

  it("reports a file that no longer matches its pin", () => {
    const dir = makeTempDir("load-changed");
    mkdirSync(join(dir, "2099-01-01"));
    writeFileSync(join(dir, "2099-01-01", "schema.json"), DRAFT_2020);
    const error = loadError(() => loadSchemas(lockFor([{ version: "2099-01-01", bytes: DRAFT_07 }]), dir));
    expect(error.message).toContain(shaOf(DRAFT_2020));
  });

  it("loads the real locked schemas with the dialect each file declares", () => {
    const loaded = loadSchemas(lock);
    expect(loaded.map((schema) => schema.version)).toEqual(lock.versions.map((entry) => entry.version));
    for (const schema of loaded) {
      const raw = rawDocument(schema.version);
      const declared = String(raw.$schema);
      // Decide the expected dialect from the raw file's $schema URL, independently of load.ts.
      const expected = declared.includes("draft-07") ? "draft-07" : declared.includes("2020-12") ? "2020-12" : "?";
      expect(schema.dialect, schema.version).toBe(expected);
      expect(schema.defsKey, schema.version).toBe(expected === "draft-07" ? "definitions" : "$defs");
      expect(schema.document).toEqual(raw);
      const file = join(SCHEMA_DIR, schema.version, "schema.json");
      expect(schema.sha256).toBe(shaOf(readFileSync(file)));
    }
    // The three older versions are draft-07, the two newer ones 2020-12 (as upstream publishes them).
    expect(loaded.map((schema) => schema.dialect)).toEqual(["draft-07", "draft-07", "draft-07", "2020-12", "2020-12"]);
  });
});
