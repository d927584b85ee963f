/**
 * The docs plugin (docs/typedoc-generated-types.mjs) under the docs build's strict checks, on a small
 * project shaped like ours: the members of generated types the schema gives no description, and the
 * fields of the method tables, are documented by it; a hand-written member without a comment still
 * fails the check, so the rule reaches no further than generated/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Application, type DeclarationReflection, LogLevel } from "typedoc";
import { afterAll, describe, expect, it } from "vitest";

const PLUGIN = join(import.meta.dirname, "..", "..", "docs", "typedoc-generated-types.mjs");
const work = mkdtempSync(join(tmpdir(), "typed-mcp-api-reference-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function project(handWritten: string): string {
  const dir = mkdtempSync(join(work, "project-"));
  mkdirSync(join(dir, "generated", "2099-01-01"), { recursive: true });
  mkdirSync(join(dir, "src"));
  writeFileSync(
    join(dir, "generated", "2099-01-01", "types.ts"),
    [
      "/** Pings. */",
      "export interface PingRequest {",
      '  method: "ping";',
      "  /** Described by the schema. */",
      "  id: string;",
      "}",
      "export interface Undescribed {",
      "  value?: number;",
      "}",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "generated", "2099-01-01", "methods.ts"),
    [
      "/** The table. */",
      "export const methodTable = {",
      "  /** Requests a client sends. */",
      "  clientRequests: {",
      "    /** `ping`: the schema's `PingRequest`. */",
      '    "ping": { definition: "PingRequest", hasParams: false, paramsRequired: false, result: "EmptyResult" },',
      "  },",
      "} as const;",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "src", "index.ts"),
    [
      "/** Version 2099-01-01. */",
      'export type * as V2099 from "../generated/2099-01-01/types.js";',
      'export { methodTable } from "../generated/2099-01-01/methods.js";',
      handWritten,
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        skipLibCheck: true,
      },
      include: ["src", "generated"],
    }),
  );
  // Its own (empty) TypeDoc config, so that the repository's is not read.
  writeFileSync(join(dir, "typedoc.json"), "{}\n");
  return dir;
}

async function build(dir: string): Promise<{ warnings: string[]; comment: (path: string) => string | undefined }> {
  const warnings: string[] = [];
  const app = await Application.bootstrapWithPlugins({
    options: join(dir, "typedoc.json"),
    name: "fixture",
    entryPoints: [join(dir, "src", "index.ts")],
    tsconfig: join(dir, "tsconfig.json"),
    plugin: [PLUGIN],
    logLevel: LogLevel.Warn,
    disableSources: true,
    requiredToBeDocumented: ["Class", "Interface", "TypeAlias", "Variable", "Namespace", "Property", "Method"],
    validation: { notExported: true, invalidLink: true, notDocumented: true },
  });
  app.logger.log = (message: string, level: LogLevel) => {
    if (level >= LogLevel.Warn) warnings.push(message);
  };
  const converted = await app.convert();
  if (!converted) throw new Error(`conversion failed: ${warnings.join("\n")}`);
  app.validate(converted);
  const comment = (path: string) => {
    const [first, ...rest] = path.split(".");
    const top = converted.getChildByName(first as string) as DeclarationReflection | undefined;
    // Down through namespaces and, for the method table, through the object type of the constant.
    const reflection = rest.length === 0 ? top : top?.getChildOrTypePropertyByName(rest);
    return reflection?.comment?.summary.map((part) => part.text).join("");
  };
  return { warnings, comment };
}

describe("the generated-types docs plugin", () => {
  it("documents what the schema leaves undescribed, and the method tables' fields", { timeout: 120_000 }, async () => {
    const { warnings, comment } = await build(
      project("/** A documented hand-written name. */\nexport const answer = 42;"),
    );
    expect(warnings).toEqual([]);
    expect(comment("V2099.PingRequest.method")).toBe(
      'The `method` member of `PingRequest`, which the 2099-01-01 schema gives no description. Always `"ping"`.',
    );
    expect(comment("V2099.PingRequest.id")).toBe("Described by the schema.");
    expect(comment("V2099.Undescribed")).toBe("`Undescribed` as the 2099-01-01 schema defines it.");
    expect(comment("V2099.Undescribed.value")).toBe(
      "The `value` member of `Undescribed`, which the 2099-01-01 schema gives no description.",
    );
    const table = (converted: string) => comment(`methodTable.clientRequests.ping.${converted}`);
    expect(table("definition")).toBe("The name of the schema definition of the request or notification.");
    expect(table("hasParams")).toBe("Whether the definition has a `params` member.");
  });

  it("leaves hand-written code to the check: an undocumented member there is a warning", {
    timeout: 120_000,
  }, async () => {
    const { warnings } = await build(
      project("/** A hand-written interface. */\nexport interface HandWritten {\n  undocumented: string;\n}"),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("HandWritten.undocumented");
    expect(warnings[0]).toContain("does not have any documentation");
  });
});
