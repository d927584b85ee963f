/**
 * Reads the official JSON Schema Test Suite (draft 2020-12) from `../shared/json-schema-test-suite/`
 * beside the project, with the documents its remote `$ref`s name (served nowhere: handed to the
 * compiler by URI) and the 2020-12 meta-schemas (shipped with AJV, a dev dependency).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { JsonSchema } from "../../src/json-schema/compile.js";

export const SUITE_ROOT = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "shared",
  "json-schema-test-suite",
);

export interface SuiteCase {
  file: string;
  group: string;
  description: string;
  schema: JsonSchema;
  data: unknown;
  valid: boolean;
}

function jsonFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return jsonFiles(path);
      return name.endsWith(".json") ? [path] : [];
    });
}

/** Every case of the files directly in `folder` (relative to tests/draft2020-12), or of all below it. */
export function suiteCases(folder: string, recursive: boolean): SuiteCase[] {
  const root = join(SUITE_ROOT, "tests", "draft2020-12", folder);
  const files = recursive
    ? jsonFiles(root)
    : readdirSync(root)
        .filter((n) => n.endsWith(".json"))
        .sort()
        .map((n) => join(root, n));
  return files.flatMap((path) => {
    const groups = JSON.parse(readFileSync(path, "utf8")) as Array<{
      description: string;
      schema: JsonSchema;
      tests: Array<{ description: string; data: unknown; valid: boolean }>;
    }>;
    const file = relative(join(SUITE_ROOT, "tests", "draft2020-12"), path);
    return groups.flatMap((group) =>
      group.tests.map((test) => ({ file, group: group.description, schema: group.schema, ...test })),
    );
  });
}

/** The remote documents (`http://localhost:1234/...`) and the 2020-12 meta-schemas, by URI. */
export function suiteDocuments(): Record<string, JsonSchema> {
  const documents: Record<string, JsonSchema> = {};
  const remotes = join(SUITE_ROOT, "remotes");
  for (const path of jsonFiles(remotes)) {
    documents[`http://localhost:1234/${relative(remotes, path).split("\\").join("/")}`] = JSON.parse(
      readFileSync(path, "utf8"),
    );
  }
  const require = createRequire(import.meta.url);
  const metaRoot = dirname(require.resolve("ajv/dist/refs/json-schema-2020-12/schema.json"));
  for (const path of [join(metaRoot, "schema.json"), ...jsonFiles(join(metaRoot, "meta"))]) {
    const meta = JSON.parse(readFileSync(path, "utf8")) as { $id: string };
    documents[meta.$id] = meta as JsonSchema;
  }
  return documents;
}
