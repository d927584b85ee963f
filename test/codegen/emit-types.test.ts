import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { dropRefSiblings, emitTypes, markUnconstrained } from "../../codegen/emit-types.js";
import { analysed } from "./stages.js";

const emitted = new Map<string, string>();

beforeAll(async () => {
  for (const schema of analysed) emitted.set(schema.version, await emitTypes(schema));
}, 60_000);

const exportNames = (source: string) => [...source.matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]);

describe("emitTypes", () => {
  it("emits exactly one named type per definition, with no numbered copies", () => {
    for (const schema of analysed) {
      const names = exportNames(emitted.get(schema.version) as string);
      expect([...names].sort(), schema.version).toEqual(schema.definitionNames);
      expect(
        names.filter((name) => /\D\d+$/.test(name ?? "") && !schema.definitionNames.includes(name as string)),
      ).toEqual([]);
    }
    expect(emitted.get("2025-11-25")).toContain("export type EmptyResult = Result;");
  });

  it("types an unconstrained schema as unknown", () => {
    const source = emitted.get("2025-11-25") as string;
    expect(source).toMatch(/export interface LoggingMessageNotificationParams \{[\s\S]*?\n {2}data: unknown;/);
    expect(markUnconstrained({ properties: { a: { description: "anything" }, b: { type: "string" } } })).toEqual({
      properties: { a: { description: "anything", tsType: "unknown" }, b: { type: "string" } },
    });
  });

  it("drops the siblings of $ref, leaving other keywords alone", () => {
    expect(
      dropRefSiblings({
        a: { $ref: "#/x", description: "d" },
        b: [{ $ref: "#/y", title: "t" }],
        c: { description: "kept" },
      }),
    ).toEqual({
      a: { $ref: "#/x" },
      b: [{ $ref: "#/y" }],
      c: { description: "kept" },
    });
  });

  it("compiles with the TypeScript compiler, every version", () => {
    const dir = mkdtempSync(join(tmpdir(), "typed-mcp-types-"));
    const files: string[] = [];
    for (const [version, source] of emitted) {
      mkdirSync(join(dir, version));
      writeFileSync(join(dir, version, "types.ts"), source);
      files.push(join(dir, version, "types.ts"));
    }
    const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [] });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });
});
