import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "json-schema-to-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysedSchema } from "../../codegen/analyse.js";
import { dropRefSiblings, emitTypes, markUnconstrained, TypeEmitError } from "../../codegen/emit-types.js";
import { analysedSchemas, makeTempDir, rawDefinitions, removeTempDirs, VERSIONS } from "../helpers/codegen-stages.js";
import { typeCheck } from "../helpers/type-check.js";

afterAll(removeTempDirs);

const emitted = new Map<string, string>();

beforeAll(async () => {
  for (const schema of analysedSchemas()) emitted.set(schema.version, await emitTypes(schema));
}, 60_000);

function typesOf(version: string): string {
  const source = emitted.get(version);
  if (source === undefined) throw new Error(`no emitted types for ${version}`);
  return source;
}

interface Declaration {
  name: string;
  kind: "interface" | "type";
  exported: boolean;
  node: ts.Statement;
}

/** The top-level type declarations of a TypeScript source, read with the compiler's parser. */
function declarations(source: string): Declaration[] {
  const file = ts.createSourceFile("types.ts", source, ts.ScriptTarget.ES2022, true);
  const out: Declaration[] = [];
  for (const statement of file.statements) {
    if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) continue;
    const exported = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    out.push({
      name: statement.name.text,
      kind: ts.isInterfaceDeclaration(statement) ? "interface" : "type",
      exported,
      node: statement,
    });
  }
  return out;
}

describe("emitTypes on the real schemas", () => {
  it.each(VERSIONS)("%s: exactly one exported type per definition, nothing else", (version) => {
    const found = declarations(typesOf(version));
    const names = found.map((declaration) => declaration.name);
    expect(found.every((declaration) => declaration.exported)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(rawDefinitions(version)).sort());
  });

  it.each(VERSIONS)("%s: no numbered copies of a definition (Annotations1, ...) anywhere", (version) => {
    const source = typesOf(version);
    for (const name of Object.keys(rawDefinitions(version))) {
      expect(source, name).not.toMatch(new RegExp(`\\b${name}\\d+\\b`));
    }
    expect(source).not.toContain("McpSchemaRoot");
    expect(source).not.toContain("This interface was referenced by");
  });

  it.each(VERSIONS)("%s: EmptyResult is an alias of Result", (version) => {
    const alias = declarations(typesOf(version)).find((declaration) => declaration.name === "EmptyResult");
    expect(alias?.kind).toBe("type");
    const node = alias?.node as ts.TypeAliasDeclaration;
    expect(ts.isTypeReferenceNode(node.type) && node.type.typeName.getText()).toBe("Result");
  });

  it("turns a bare $ref with a description (2026-07-28 ClientResult) into an alias too", () => {
    expect(rawDefinitions("2026-07-28").ClientResult).toMatchObject({ $ref: "#/$defs/Result" });
    expect(typesOf("2026-07-28")).toMatch(/^export type ClientResult = Result;$/m);
  });

  it("types a schema with only a description (LoggingMessageNotification's data) as unknown", () => {
    for (const version of VERSIONS) {
      const defs = rawDefinitions(version);
      type Params = { $ref?: string; properties: { data: Record<string, unknown> } };
      let params = (defs.LoggingMessageNotification as { properties: { params: Params } }).properties.params;
      // Newer versions name the params object (LoggingMessageNotificationParams) and point at it.
      if (params.$ref) params = defs[params.$ref.split("/").pop() as string] as unknown as Params;
      expect(Object.keys(params.properties.data), version).toEqual(["description"]);
      expect(typesOf(version), version).toMatch(/\bdata: unknown;/);
    }
  });

  it("compiles with the TypeScript compiler (2025-11-25 and 2026-07-28), and the types mean what the schema says", () => {
    const dir = makeTempDir("types-compile");
    const usage: Record<string, string> = {
      "2025-11-25": [
        'import type * as T from "./types.js";',
        "export const data: T.LoggingMessageNotification['params']['data'] = 42;",
        "export const empty: T.EmptyResult = {};",
        'export const text: T.TextContent = { type: "text", text: "hi" };',
        "// @ts-expect-error a text block needs its text",
        'export const noText: T.TextContent = { type: "text" };',
        'export const role: T.Role = "user";',
        "// @ts-expect-error not a role",
        'export const badRole: T.Role = "system";',
        'export const call: T.CallToolRequest["params"] = { name: "echo", arguments: { a: 1 } };',
        "// @ts-expect-error a tool call names its tool",
        "export const badCall: T.CallToolRequest['params'] = { arguments: {} };",
        'export const method: T.CallToolRequest["method"] = "tools/call";',
        "// @ts-expect-error the method is a constant",
        'export const badMethod: T.CallToolRequest["method"] = "tools/list";',
      ].join("\n"),
      "2026-07-28": [
        'import type * as T from "./types.js";',
        "export const json: T.JSONValue[] = [22.5, null, { temperature: 22.5 }];",
        'export const complete: T.ResultType = "complete";',
        "// @ts-expect-error ResultType is an enum after the result-type-values patch",
        'export const bogus: T.ResultType = "bogus";',
      ].join("\n"),
    };
    const roots: string[] = [];
    for (const [version, source] of Object.entries(usage)) {
      mkdirSync(join(dir, version));
      writeFileSync(join(dir, version, "types.ts"), typesOf(version));
      writeFileSync(join(dir, version, "usage.ts"), source);
      roots.push(join(dir, version, "types.ts"), join(dir, version, "usage.ts"));
    }
    // A control file with a deliberate error: proves the program really type-checks what it is given.
    writeFileSync(join(dir, "control.ts"), 'export const n: number = "not a number";\n');
    roots.push(join(dir, "control.ts"));
    const diagnostics = typeCheck(roots, { skipLibCheck: true }).map((diagnostic) => ({
      file: diagnostic.file?.fileName ?? "(global)",
      line: diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1 : 0,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
    }));
    const control = diagnostics.filter((d) => d.file.endsWith("control.ts"));
    expect(control).toHaveLength(1);
    expect(diagnostics.filter((d) => !d.file.endsWith("control.ts"))).toEqual([]);
  }, 60_000);
});

describe("dropRefSiblings", () => {
  it("keeps only $ref where a $ref has siblings, at any depth, but a property's description", () => {
    const input = {
      type: "object",
      description: "kept: not a $ref",
      properties: {
        annotations: { $ref: "#/definitions/Annotations", description: "kept", title: "dropped" },
        list: { type: "array", items: { $ref: "#/definitions/Item", title: "dropped" } },
        either: { anyOf: [{ $ref: "#/definitions/A", description: "dropped" }, { type: "null" }] },
      },
    };
    expect(dropRefSiblings(input)).toEqual({
      type: "object",
      description: "kept: not a $ref",
      properties: {
        annotations: { description: "kept", allOf: [{ $ref: "#/definitions/Annotations" }] },
        list: { type: "array", items: { $ref: "#/definitions/Item" } },
        either: { anyOf: [{ $ref: "#/definitions/A" }, { type: "null" }] },
      },
    });
  });

  it("leaves a property that happens to be named $ref alone, and does not mutate its input", () => {
    const input = { properties: { $ref: { type: "string", description: "a field called $ref" } } };
    const snapshot = JSON.stringify(input);
    expect(dropRefSiblings(input)).toEqual(input);
    expect(JSON.stringify(input)).toBe(snapshot);
    const withSibling = { $ref: "#/definitions/A", description: "d" };
    dropRefSiblings(withSibling);
    expect(withSibling.description).toBe("d");
  });

  it("is what prevents json-schema-to-typescript from emitting numbered copies", async () => {
    const document = {
      title: "Root",
      type: "object",
      definitions: {
        A: { type: "object", properties: { x: { type: "string" } } },
        B: { type: "object", properties: { a: { $ref: "#/definitions/A", description: "the a" } } },
      },
    };
    const options = { bannerComment: "", unreachableDefinitions: true, additionalProperties: false };
    const raw = await compile(document as never, "Root", options);
    const cleaned = await compile(dropRefSiblings(document) as never, "Root", options);
    expect(raw).toMatch(/\bA1\b/);
    expect(cleaned).not.toMatch(/\bA1\b/);
    expect(cleaned).toMatch(/a\?: A;/);
    // The property keeps its description as its doc comment.
    expect(cleaned).toMatch(/\/\*\*\n\s+\* the a\n\s+\*\/\n\s+a\?: A;/);
  });
});

describe("markUnconstrained", () => {
  it("marks schemas with only annotation keywords as unknown, at any depth", () => {
    const input = {
      type: "object",
      properties: {
        data: { description: "any JSON value" },
        name: { type: "string", description: "constrained: kept" },
        list: { type: "array", items: { title: "anything" } },
        either: { anyOf: [{ type: "string" }, { $comment: "anything" }] },
      },
    };
    expect(markUnconstrained(input)).toEqual({
      type: "object",
      properties: {
        data: { description: "any JSON value", tsType: "unknown" },
        name: { type: "string", description: "constrained: kept" },
        list: { type: "array", items: { title: "anything", tsType: "unknown" } },
        either: { anyOf: [{ type: "string" }, { $comment: "anything", tsType: "unknown" }] },
      },
    });
  });

  it("does not touch an empty additionalProperties schema", () => {
    const input = { type: "object", additionalProperties: {} };
    expect(markUnconstrained(input)).toEqual({ type: "object", additionalProperties: {} });
  });
});

describe("emitTypes on synthetic schemas", () => {
  function synthetic(definitions: Record<string, unknown>): AnalysedSchema {
    return {
      version: "test",
      sha256: "0".repeat(64),
      dialect: "draft-07",
      defsKey: "definitions",
      document: { $schema: "http://json-schema.org/draft-07/schema#", definitions } as AnalysedSchema["document"],
      patches: [],
      methods: { clientRequests: {}, serverRequests: {}, clientNotifications: {}, serverNotifications: {} },
      definitionNames: Object.keys(definitions).sort(),
    };
  }

  it("emits every definition, restoring bare $ref definitions as aliases", async () => {
    const source = await emitTypes(
      synthetic({
        Base: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        Same: { $ref: "#/definitions/Base", description: "only a pointer" },
        Uses: { type: "object", properties: { base: { $ref: "#/definitions/Base", description: "x" } } },
      }),
    );
    expect(
      declarations(source)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["Base", "Same", "Uses"]);
    expect(source).toMatch(/^export type Same = Base;$/m);
    expect(source).toMatch(/base\?: Base;/);
  });

  it("throws TypeEmitError when a definition cannot keep its name", async () => {
    const schema = synthetic({ "Foo-Bar": { type: "string" }, Fine: { type: "number" } });
    await expect(emitTypes(schema)).rejects.toThrow(TypeEmitError);
    await expect(emitTypes(schema)).rejects.toThrow(/missing: Foo-Bar; extra: FooBar/);
  });
});
