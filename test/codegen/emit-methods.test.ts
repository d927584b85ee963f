import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { type AnalysedSchema, DIRECTIONS, type MethodTables } from "../../codegen/analyse.js";
import { emitMethods } from "../../codegen/emit-methods.js";
import { analysedVersion, makeTempDir, removeTempDirs } from "../helpers/codegen-stages.js";
import { describeDiagnostic, typeCheck } from "../helpers/type-check.js";

afterAll(removeTempDirs);

function schemaWith(methods: MethodTables, defsKey: "definitions" | "$defs" = "definitions"): AnalysedSchema {
  return {
    version: "2099-01-01",
    sha256: "0".repeat(64),
    dialect: defsKey === "$defs" ? "2020-12" : "draft-07",
    defsKey,
    document: { [defsKey]: {} },
    patches: [],
    methods,
    definitionNames: [],
  };
}

/** A hand-built analysis: two client requests (one without params), no server requests, two notifications. */
const SMALL: MethodTables = {
  clientRequests: {
    ping: {
      method: "ping",
      definition: "PingRequest",
      paramsPointer: null,
      paramsRequired: false,
      result: "EmptyResult",
      resultPointer: "/definitions/EmptyResult",
    },
    "tools/call": {
      method: "tools/call",
      definition: "CallToolRequest",
      paramsPointer: "/definitions/CallToolRequest/properties/params",
      paramsRequired: true,
      result: "CallToolResult",
      resultPointer: "/definitions/CallToolResult",
    },
  },
  serverRequests: {},
  clientNotifications: {
    "notifications/initialized": {
      method: "notifications/initialized",
      definition: "InitializedNotification",
      paramsPointer: "/definitions/InitializedNotification/properties/params",
      paramsRequired: false,
    },
  },
  serverNotifications: {
    "notifications/message": {
      method: "notifications/message",
      definition: "LoggingMessageNotification",
      paramsPointer: "/definitions/LoggingMessageNotification/properties/params",
      paramsRequired: true,
    },
  },
};

/** Interface name -> property name -> (member of the property's type literal -> its type, as written). */
function interfaces(source: string): Record<string, Record<string, Record<string, string>>> {
  const file = ts.createSourceFile("methods.ts", source, ts.ScriptTarget.ES2022, true);
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const statement of file.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const properties: Record<string, Record<string, string>> = {};
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = ts.isStringLiteral(member.name) ? member.name.text : member.name.getText();
      const fields: Record<string, string> = {};
      if (ts.isTypeLiteralNode(member.type)) {
        for (const field of member.type.members) {
          if (ts.isPropertySignature(field) && field.type) fields[field.name.getText()] = field.type.getText();
        }
      } else {
        fields[""] = member.type.getText();
      }
      properties[name] = fields;
    }
    out[statement.name.text] = properties;
  }
  return out;
}

/** Transpiles emitted methods.ts to JavaScript and imports it (the `import type` disappears). */
async function runtimeOf(source: string): Promise<Record<string, unknown>> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  }).outputText;
  const file = join(makeTempDir("methods-runtime"), "methods.mjs");
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

describe("emitMethods on a hand-built analysis", () => {
  const source = emitMethods(schemaWith(SMALL));

  it("emits the runtime table with the four directions and each entry's fields", async () => {
    const module = await runtimeOf(source);
    expect(module.methodTable).toEqual({
      clientRequests: {
        ping: { definition: "PingRequest", hasParams: false, paramsRequired: false, result: "EmptyResult" },
        "tools/call": {
          definition: "CallToolRequest",
          hasParams: true,
          paramsRequired: true,
          result: "CallToolResult",
        },
      },
      serverRequests: {},
      clientNotifications: {
        "notifications/initialized": { definition: "InitializedNotification", hasParams: true, paramsRequired: false },
      },
      serverNotifications: {
        "notifications/message": { definition: "LoggingMessageNotification", hasParams: true, paramsRequired: true },
      },
    });
    expect(Object.keys(module)).toEqual(["methodTable"]);
    expect(source).toMatch(/^export const methodTable = \{$/m);
    expect(source).toContain("} as const;");
  });

  it("emits the interfaces with the right params and result types", () => {
    const found = interfaces(source);
    expect(found.ClientRequests).toEqual({
      ping: { params: "undefined", result: "T.EmptyResult" },
      "tools/call": { params: 'T.CallToolRequest["params"]', result: "T.CallToolResult" },
    });
    expect(found.ClientNotifications).toEqual({
      "notifications/initialized": { params: 'T.InitializedNotification["params"]' },
    });
    expect(found.ServerNotifications).toEqual({
      "notifications/message": { params: 'T.LoggingMessageNotification["params"]' },
    });
    expect(found.MethodMaps).toEqual({
      clientRequests: { "": "ClientRequests" },
      serverRequests: { "": "ServerRequests" },
      clientNotifications: { "": "ClientNotifications" },
      serverNotifications: { "": "ServerNotifications" },
    });
  });

  it("documents every method, in the runtime table and in the interfaces, by its schema definitions", () => {
    const call = "/** `tools/call`: the schema's `CallToolRequest` (its params), answered by `CallToolResult`. */";
    const ping = "/** `ping`: the schema's `PingRequest` (no params), answered by `EmptyResult`. */";
    const message = "/** `notifications/message`: the schema's `LoggingMessageNotification` (its params). */";
    for (const doc of [call, ping, message]) expect(source.split(doc).length - 1, doc).toBe(2);
    // Each comment sits right above its entry.
    expect(source).toContain(`${call}\n    "tools/call": { definition: "CallToolRequest"`);
    expect(source).toMatch(/\/\*\* `tools\/call`: [^\n]*\*\/\n\s+"tools\/call": \{ params:/);
    // The directions too, in the table and in MethodMaps.
    expect(source.split("/** Requests a client sends and a server answers. */").length - 1).toBe(3);
  });

  it("gives an empty direction an empty table and an empty interface", () => {
    expect(source).toMatch(/^\s*serverRequests: \{\},$/m);
    expect(interfaces(source).ServerRequests).toEqual({});
    expect(source).toMatch(/export interface ServerRequests \{\s*\}/);
  });

  it("imports the version's types (type-only) and names the version in its docs", () => {
    expect(source).toContain('import type * as T from "./types.js";');
    expect(source).toContain("2099-01-01");
  });

  it("uses the *ResultResponse's result type when resultPointer points there", () => {
    const call = SMALL.clientRequests["tools/call"];
    if (!call) throw new Error("fixture has no tools/call");
    const responses = schemaWith(
      {
        ...SMALL,
        clientRequests: {
          "tools/call": { ...call, resultPointer: "/$defs/CallToolResultResponse/properties/result" },
        },
      },
      "$defs",
    );
    expect(interfaces(emitMethods(responses)).ClientRequests?.["tools/call"]).toEqual({
      params: 'T.CallToolRequest["params"]',
      result: 'T.CallToolResultResponse["result"]',
    });
  });

  it("with no methods at all, imports nothing and emits {} everywhere", async () => {
    const empty = emitMethods(
      schemaWith({ clientRequests: {}, serverRequests: {}, clientNotifications: {}, serverNotifications: {} }),
    );
    expect(empty).not.toContain("import");
    const module = await runtimeOf(empty);
    expect(module.methodTable).toEqual({
      clientRequests: {},
      serverRequests: {},
      clientNotifications: {},
      serverNotifications: {},
    });
    const found = interfaces(empty);
    for (const name of ["ClientRequests", "ServerRequests", "ClientNotifications", "ServerNotifications"]) {
      expect(found[name], name).toEqual({});
    }
  });

  it("type-checks against a types module, and the maps resolve to the right types", () => {
    const dir = makeTempDir("methods-compile");
    writeFileSync(join(dir, "methods.ts"), source);
    writeFileSync(
      join(dir, "types.ts"),
      [
        "export interface Result { _meta?: { [key: string]: unknown } }",
        "export type EmptyResult = Result;",
        'export interface CallToolRequest { method: "tools/call"; params: { name: string } }',
        "export interface CallToolResult { content: string[] }",
        'export interface InitializedNotification { method: "notifications/initialized"; params?: { note?: string } }',
        'export interface LoggingMessageNotification { method: "notifications/message"; params: { data: unknown } }',
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "usage.ts"),
      [
        'import type { ClientRequests, MethodMaps } from "./methods.js";',
        'export const params: ClientRequests["tools/call"]["params"] = { name: "echo" };',
        "// @ts-expect-error tools/call params need a name",
        'export const badParams: ClientRequests["tools/call"]["params"] = {};',
        'export const result: MethodMaps["clientRequests"]["tools/call"]["result"] = { content: ["a"] };',
        'export const none: ClientRequests["ping"]["params"] = undefined;',
        "// @ts-expect-error there are no server requests",
        'export type Missing = MethodMaps["serverRequests"]["ping"];',
      ].join("\n"),
    );
    const messages = typeCheck(["methods.ts", "types.ts", "usage.ts"].map((name) => join(dir, name))).map(
      describeDiagnostic,
    );
    expect(messages).toEqual([]);
  });
});

describe("emitMethods on real versions", () => {
  it("declares one interface member per table entry, in every direction (2025-06-18)", async () => {
    const schema = analysedVersion("2025-06-18");
    const source = emitMethods(schema);
    const found = interfaces(source);
    const module = await runtimeOf(source);
    const table = module.methodTable as Record<string, Record<string, unknown>>;
    const names = {
      clientRequests: "ClientRequests",
      serverRequests: "ServerRequests",
      clientNotifications: "ClientNotifications",
      serverNotifications: "ServerNotifications",
    } as const;
    for (const direction of DIRECTIONS) {
      const methods = Object.keys(schema.methods[direction]);
      expect(methods.length, direction).toBeGreaterThan(0);
      expect(Object.keys(found[names[direction]] ?? {}), direction).toEqual(methods);
      expect(Object.keys(table[direction] ?? {}), direction).toEqual(methods);
    }
    expect(found.ServerRequests?.["elicitation/create"]).toEqual({
      params: 'T.ElicitRequest["params"]',
      result: "T.ElicitResult",
    });
  });

  it("types 2026-07-28 results through their *ResultResponse, and has no server requests", () => {
    const found = interfaces(emitMethods(analysedVersion("2026-07-28")));
    expect(found.ClientRequests?.["tools/call"]?.result).toBe('T.CallToolResultResponse["result"]');
    expect(found.ServerRequests).toEqual({});
    expect(Object.keys(found.ClientNotifications ?? {})).toEqual(["notifications/cancelled"]);
  });
});
