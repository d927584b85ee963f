/**
 * A synthetic future version, end to end, with no hand edit: in a temporary copy of the project
 * the newest schema is added under a new date with `npm run schema -- add`, and then the copy
 * type-checks (the new version's namespace and method maps included), validates, negotiates the
 * new version (envelope, as its lifecycle is stateless) and serves a high-level server to the
 * high-level client over stdio and Streamable HTTP (127.0.0.1). src/ stays byte-identical.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../schema/lock.js";
import { makeTempDir, removeTempDirs } from "../helpers/codegen-stages.js";

const NEW = "2099-01-01";
const DRAFT = "2099-02-01";
let root: string;
let addOutput: string;

afterAll(removeTempDirs);

function run(args: string[]): string {
  const env = { ...process.env };
  delete env.MCP_SCHEMA_MIRROR;
  return execFileSync(process.execPath, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Every file below `dir`, relative, with its content. */
function tree(dir: string, prefix = ""): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) for (const [p, c] of tree(dir, path)) files.set(p, c);
    else files.set(path, readFileSync(join(dir, path), "utf8"));
  }
  return files;
}

beforeAll(() => {
  root = makeTempDir("synthetic-version");
  for (const folder of ["src", "generated", "codegen", "schema", "test/fixtures/synthetic-version"]) {
    cpSync(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });
  }
  cpSync(join(PROJECT_ROOT, "package.json"), join(root, "package.json"));
  const tsconfig = JSON.parse(readFileSync(join(PROJECT_ROOT, "tsconfig.json"), "utf8"));
  tsconfig.include = ["src", "generated", "codegen", "schema", "test/fixtures/synthetic-version", "check-types.ts"];
  writeFileSync(join(root, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  symlinkSync(realpathSync(join(PROJECT_ROOT, "node_modules")), join(root, "node_modules"), "dir");
  mkdirSync(join(root, "schema", NEW), { recursive: true });
  const newest = join("schema", "2026-07-28", "schema.json");
  addOutput = run(["--import", "tsx", "schema/manage.ts", "add", NEW, "--file", newest]);
}, 240_000);

describe(`a synthetic future version (${NEW}, a copy of the newest schema)`, () => {
  it("is added by one command: locked, generated with the newest schema's patches, diffed as no change", () => {
    expect(addOutput).toContain(`added ${NEW}`);
    expect(addOutput).toContain("patches applied: elicit-result-content-number, json-value-number-and-null");
    expect(addOutput).toContain(`Changes from 2026-07-28 to ${NEW}\n\nNo changes.\n`);
    const lock = JSON.parse(readFileSync(join(root, "schema", "lock.json"), "utf8"));
    expect(lock.versions.at(-1).version).toBe(NEW);
    expect(readdirSync(join(root, "generated", NEW)).sort()).toEqual([
      "fields.cjs",
      "index.ts",
      "methods.ts",
      "shapes.cjs",
      "shapes.d.cts",
      "types.ts",
      "validators.cjs",
      "validators.d.cts",
    ]);
  });

  it("needs no hand edit: src/ is byte-identical to the project's", () => {
    expect(tree(join(root, "src"))).toEqual(tree(join(PROJECT_ROOT, "src")));
  });

  it("type-checks, with its namespace on the package root and its method maps in the registry", () => {
    writeFileSync(
      join(root, "check-types.ts"),
      [
        'import type { V2099_01_01 } from "./src/index.js";',
        'import type { ProtocolMethodMaps, ProtocolVersion } from "./generated/registry.js";',
        'export const version: ProtocolVersion = "2099-01-01";',
        'export type Call = ProtocolMethodMaps["2099-01-01"]["clientRequests"]["tools/call"];',
        'export const tool: V2099_01_01.Tool = { name: "add", inputSchema: { type: "object" } };',
        "// @ts-expect-error a version nobody added",
        'export const unknown: ProtocolVersion = "2099-12-31";',
        "",
      ].join("\n"),
    );
    expect(() =>
      run([join(realpathSync(join(PROJECT_ROOT, "node_modules")), "typescript/bin/tsc"), "--noEmit", "-p", "."]),
    ).not.toThrow();
  }, 240_000);

  it("validates, negotiates and serves: high-level server and client over stdio and HTTP", () => {
    const report = JSON.parse(run(["--import", "tsx", "test/fixtures/synthetic-version/scenario.ts", NEW]));
    const served = { version: NEW, sum: 5 };
    // The stateful lifecycle still ends at the newest handshake version.
    const handshake = { version: "2025-11-25", sum: 5 };
    expect(report).toEqual({
      latest: NEW,
      lifecycle: "stateless",
      invalidRejected: true,
      "stdio stateless": served,
      "stdio auto": served,
      "stdio stateful": handshake,
      "http stateless": served,
      "http auto": served,
      "http stateful": handshake,
    });
  }, 120_000);

  it("as an opt-in draft, is generated but spoken only where both sides list it", () => {
    const newest = join("schema", "2026-07-28", "schema.json");
    const added = run(["--import", "tsx", "schema/manage.ts", "add", DRAFT, "--file", newest, "--opt-in"]);
    expect(added).toContain(`Changes from ${NEW} to ${DRAFT}\n\nNo changes.\n`);
    expect(readFileSync(join(root, "generated", "registry.ts"), "utf8")).toContain(
      `export const OPT_IN_VERSIONS: readonly ProtocolVersion[] = ["${DRAFT}"];`,
    );
    const report = JSON.parse(run(["--import", "tsx", "test/fixtures/synthetic-version/scenario.ts", NEW, DRAFT]));
    expect(report.latest).toBe(NEW);
    expect(report["draft listed by neither"]).toEqual({ version: NEW, sum: 5 });
    expect(report["draft listed by both"]).toEqual({ version: DRAFT, sum: 5 });
    expect(report["draft listed by the client only"]).toEqual({ version: NEW, sum: 5 });
    expect(report["draft listed by the server only"]).toEqual({ version: NEW, sum: 5 });
  }, 240_000);
});
