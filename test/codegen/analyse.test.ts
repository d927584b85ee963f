import { describe, expect, it } from "vitest";
import {
  AnalysisError,
  analyseSchema,
  DIRECTIONS,
  type Direction,
  EMPTY_RESULT_METHODS,
} from "../../codegen/analyse.js";
import { getPointer, isObject } from "../../codegen/json-schema.js";
import type { PatchedSchema } from "../../codegen/patch.js";
import { analysedSchemas, analysedVersion, rawDefinitions, VERSIONS } from "../helpers/codegen-stages.js";

const UNION_OF: Record<Direction, string> = {
  clientRequests: "ClientRequest",
  serverRequests: "ServerRequest",
  clientNotifications: "ClientNotification",
  serverNotifications: "ServerNotification",
};

/**
 * The methods of one direction, read straight from the raw schema file: each member of the union
 * definition is resolved and its `method` constant read. A union that is not an anyOf is a single
 * message written inline; an absent union is an empty direction.
 */
function rawMethods(version: string, direction: Direction): Map<string, string | undefined> {
  const defs = rawDefinitions(version);
  const union = defs[UNION_OF[direction]];
  const methods = new Map<string, string | undefined>();
  if (!union) return methods;
  const methodConst = (schema: unknown): string => {
    const properties = isObject(schema) ? schema.properties : undefined;
    const method = isObject(properties) && isObject(properties.method) ? properties.method.const : undefined;
    if (typeof method !== "string") throw new Error(`${version}: no method constant in ${JSON.stringify(schema)}`);
    return method;
  };
  if (Array.isArray(union.anyOf)) {
    for (const member of union.anyOf) {
      const name = String((member as { $ref: string }).$ref)
        .split("/")
        .pop() as string;
      methods.set(methodConst(defs[name]), name);
    }
  } else {
    methods.set(methodConst(union), undefined);
  }
  return methods;
}

describe("method tables of the real schemas", () => {
  const cases = VERSIONS.flatMap((version) => DIRECTIONS.map((direction) => [version, direction] as const));

  it.each(cases)("%s %s lists exactly the methods of the raw union", (version, direction) => {
    const expected = rawMethods(version, direction);
    const table = analysedVersion(version).methods[direction];
    expect(Object.keys(table).length).toBe(expected.size);
    expect(Object.keys(table).sort()).toEqual([...expected.keys()].sort());
    for (const [method, definition] of expected) {
      const entry = table[method];
      expect(entry?.method).toBe(method);
      if (definition) expect(entry?.definition, method).toBe(definition);
    }
  });

  it("keeps each table sorted by method name", () => {
    for (const schema of analysedSchemas()) {
      for (const direction of DIRECTIONS) {
        const keys = Object.keys(schema.methods[direction]);
        expect(keys, `${schema.version} ${direction}`).toEqual([...keys].sort());
      }
    }
  });

  it("points paramsPointer at the params property of the message definition, and reads paramsRequired", () => {
    for (const schema of analysedSchemas()) {
      const defs = rawDefinitions(schema.version);
      for (const direction of DIRECTIONS) {
        for (const entry of Object.values(schema.methods[direction])) {
          const message = defs[entry.definition];
          const properties = (message?.properties ?? {}) as Record<string, unknown>;
          const required = Array.isArray(message?.required) ? (message.required as string[]) : [];
          const label = `${schema.version} ${entry.method}`;
          if ("params" in properties) {
            expect(getPointer(schema.document, entry.paramsPointer ?? ""), label).toEqual(properties.params);
          } else {
            expect(entry.paramsPointer, label).toBeNull();
          }
          expect(entry.paramsRequired, label).toBe(required.includes("params"));
        }
      }
    }
  });

  it("pairs the spec's well-known requests with their results", () => {
    const pairs: [string, Direction, string, string][] = [
      ["2024-11-05", "clientRequests", "initialize", "InitializeResult"],
      ["2024-11-05", "clientRequests", "tools/call", "CallToolResult"],
      ["2024-11-05", "serverRequests", "sampling/createMessage", "CreateMessageResult"],
      ["2025-03-26", "serverRequests", "roots/list", "ListRootsResult"],
      ["2025-06-18", "serverRequests", "elicitation/create", "ElicitResult"],
      ["2025-06-18", "clientRequests", "completion/complete", "CompleteResult"],
      ["2025-11-25", "clientRequests", "resources/read", "ReadResourceResult"],
      ["2026-07-28", "clientRequests", "prompts/get", "GetPromptResult"],
    ];
    for (const [version, direction, method, result] of pairs) {
      expect(analysedVersion(version).methods[direction][method]?.result, `${version} ${method}`).toBe(result);
    }
  });

  it("answers ping, resources/subscribe, resources/unsubscribe and logging/setLevel with EmptyResult", () => {
    let seen = 0;
    for (const schema of analysedSchemas()) {
      for (const direction of ["clientRequests", "serverRequests"] as const) {
        for (const method of ["ping", "resources/subscribe", "resources/unsubscribe", "logging/setLevel"]) {
          const entry = schema.methods[direction][method];
          if (!entry) continue;
          seen++;
          expect(entry.result, `${schema.version} ${direction} ${method}`).toBe("EmptyResult");
          expect(entry.resultPointer).toBe(`/${schema.defsKey}/EmptyResult`);
        }
      }
      expect(schema.methods.clientRequests.ping !== undefined, schema.version).toBe(schema.version !== "2026-07-28");
    }
    // The four versions before 2026-07-28 each have the 4 client requests, plus ping as a server request.
    expect(seen).toBe(4 * (4 + 1));
  });

  it("gives every request a result that is a member of the answering side's result union", () => {
    for (const schema of analysedSchemas()) {
      const defs = rawDefinitions(schema.version);
      const members = (union: string): string[] => {
        const node = defs[union];
        if (!node) return [];
        const refs = Array.isArray(node.anyOf) ? node.anyOf : [node];
        return refs.map(
          (member) =>
            String((member as { $ref?: string }).$ref)
              .split("/")
              .pop() as string,
        );
      };
      const patched = (union: string) =>
        schema.patches.includes("create-task-result-in-result-unions")
          ? [...members(union), "CreateTaskResult"]
          : members(union);
      for (const [direction, union] of [
        ["clientRequests", "ServerResult"],
        ["serverRequests", "ClientResult"],
      ] as const) {
        for (const entry of Object.values(schema.methods[direction])) {
          const member = entry.result === "EmptyResult" ? "Result" : (entry.result as string);
          expect(patched(union), `${schema.version} ${entry.method}`).toContain(member);
          expect(defs[entry.result as string], `${schema.version} ${entry.result}`).toBeDefined();
        }
      }
    }
  });

  it("has elicitation/create as a server request from 2025-06-18, not in 2025-03-26", () => {
    expect(analysedVersion("2025-03-26").methods.serverRequests["elicitation/create"]).toBeUndefined();
    const elicit = analysedVersion("2025-06-18").methods.serverRequests["elicitation/create"];
    expect(elicit).toMatchObject({ definition: "ElicitRequest", result: "ElicitResult", paramsRequired: true });
    expect(analysedVersion("2025-06-18").methods.clientRequests["elicitation/create"]).toBeUndefined();
  });

  it("reads 2026-07-28: no server requests, and the inlined single-member ClientNotification", () => {
    const schema = analysedVersion("2026-07-28");
    expect(rawDefinitions("2026-07-28").ServerRequest).toBeUndefined();
    expect(schema.methods.serverRequests).toEqual({});
    expect(Object.keys(schema.methods.clientNotifications)).toEqual(["notifications/cancelled"]);
    // Upstream wrote the union inline; it is matched back to the named definition.
    expect(Array.isArray(rawDefinitions("2026-07-28").ClientNotification?.anyOf)).toBe(false);
    expect(schema.methods.clientNotifications["notifications/cancelled"]?.definition).toBe("CancelledNotification");
  });

  it("points resultPointer at the *ResultResponse's result in 2026-07-28 and at the result definition before", () => {
    for (const schema of analysedSchemas()) {
      for (const direction of ["clientRequests", "serverRequests"] as const) {
        for (const entry of Object.values(schema.methods[direction])) {
          const label = `${schema.version} ${entry.method}`;
          const target = getPointer(schema.document, entry.resultPointer ?? "");
          expect(target, label).toBeDefined();
          if (schema.version === "2026-07-28") {
            expect(entry.resultPointer, label).toBe(`/$defs/${entry.result}Response/properties/result`);
          } else {
            expect(entry.resultPointer, label).toBe(`/${schema.defsKey}/${entry.result}`);
          }
        }
      }
    }
    // tools/call may be answered with InputRequiredResult in 2026-07-28, and the pointer shows it.
    const call = analysedVersion("2026-07-28").methods.clientRequests["tools/call"];
    expect(JSON.stringify(getPointer(analysedVersion("2026-07-28").document, call?.resultPointer ?? ""))).toContain(
      "#/$defs/InputRequiredResult",
    );
  });

  it("lists every definition name, sorted", () => {
    for (const schema of analysedSchemas()) {
      expect(schema.definitionNames).toEqual(Object.keys(rawDefinitions(schema.version)).sort());
    }
  });
});

describe("analyseSchema on synthetic schemas", () => {
  const message = (method: string, params = true) => ({
    type: "object",
    properties: {
      method: { const: method, type: "string" },
      ...(params ? { params: { type: "object", properties: {} } } : {}),
    },
    required: params ? ["method", "params"] : ["method"],
  });

  function synthetic(defs: Record<string, Record<string, unknown>>): PatchedSchema {
    return {
      version: "test",
      sha256: "0".repeat(64),
      dialect: "draft-07",
      defsKey: "definitions",
      document: { $schema: "http://json-schema.org/draft-07/schema#", definitions: defs },
      patches: [],
    };
  }

  /** A minimal valid schema: one client request with its own result, one answered by EmptyResult, one notification. */
  function base(): Record<string, Record<string, unknown>> {
    return {
      Result: { type: "object" },
      EmptyResult: { $ref: "#/definitions/Result" },
      FooRequest: message("foo"),
      FooResult: { type: "object", properties: { foo: { type: "string" } } },
      PingRequest: message("ping", false),
      ClientRequest: { anyOf: [{ $ref: "#/definitions/FooRequest" }, { $ref: "#/definitions/PingRequest" }] },
      ServerResult: { anyOf: [{ $ref: "#/definitions/Result" }, { $ref: "#/definitions/FooResult" }] },
      HelloNotification: message("notifications/hello", false),
      ServerNotification: { anyOf: [{ $ref: "#/definitions/HelloNotification" }] },
    };
  }

  it("analyses the synthetic base schema (the control for the error cases)", () => {
    const analysed = analyseSchema(synthetic(base()));
    expect(analysed.methods.clientRequests).toEqual({
      foo: {
        method: "foo",
        definition: "FooRequest",
        paramsPointer: "/definitions/FooRequest/properties/params",
        paramsRequired: true,
        result: "FooResult",
        resultPointer: "/definitions/FooResult",
      },
      ping: {
        method: "ping",
        definition: "PingRequest",
        paramsPointer: null,
        paramsRequired: false,
        result: "EmptyResult",
        resultPointer: "/definitions/EmptyResult",
      },
    });
    expect(analysed.methods.serverRequests).toEqual({});
    expect(analysed.methods.clientNotifications).toEqual({});
    expect(Object.keys(analysed.methods.serverNotifications)).toEqual(["notifications/hello"]);
    expect(EMPTY_RESULT_METHODS).toContain("ping");
  });

  it("uses a *ResultResponse's result when the schema defines one", () => {
    const defs = base();
    defs.FooResultResponse = { type: "object", properties: { result: { $ref: "#/definitions/FooResult" } } };
    expect(analyseSchema(synthetic(defs)).methods.clientRequests.foo?.resultPointer).toBe(
      "/definitions/FooResultResponse/properties/result",
    );
  });

  it("fails when a *ResultResponse carries a different result", () => {
    const defs = base();
    defs.FooResultResponse = { type: "object", properties: { result: { $ref: "#/definitions/Result" } } };
    expect(() => analyseSchema(synthetic(defs))).toThrow(/FooResultResponse does not carry FooResult/);
  });

  it("fails when a request has no result definition", () => {
    const defs = base();
    delete defs.FooResult;
    defs.ServerResult = { anyOf: [{ $ref: "#/definitions/Result" }] };
    expect(() => analyseSchema(synthetic(defs))).toThrow(AnalysisError);
    expect(() => analyseSchema(synthetic(defs))).toThrow(/no result definition for foo \(looked for FooResult\)/);
  });

  it("fails when a union member is not a $ref", () => {
    const defs = base();
    defs.ClientRequest = { anyOf: [{ $ref: "#/definitions/FooRequest" }, message("inline")] };
    expect(() => analyseSchema(synthetic(defs))).toThrow(AnalysisError);
    expect(() => analyseSchema(synthetic(defs))).toThrow(/ClientRequest has a member that is not a reference/);
  });

  it("fails when a $ref member points into another dialect's definitions", () => {
    const defs = base();
    defs.ClientRequest = { anyOf: [{ $ref: "#/$defs/FooRequest" }] };
    expect(() => analyseSchema(synthetic(defs))).toThrow(/not a reference/);
  });

  it("fails when the result is not in the answering side's result union", () => {
    const defs = base();
    defs.ServerResult = { anyOf: [{ $ref: "#/definitions/Result" }] };
    expect(() => analyseSchema(synthetic(defs))).toThrow(/FooResult \(for foo\) is not a member of ServerResult/);
  });

  it("fails when an EmptyResult method has a result definition of its own", () => {
    const defs = base();
    defs.PingResult = { type: "object" };
    expect(() => analyseSchema(synthetic(defs))).toThrow(/ping is listed as answered by EmptyResult but PingResult/);
  });

  it("fails when a union lists a method twice", () => {
    const defs = base();
    defs.OtherFooRequest = message("foo");
    defs.ClientRequest = { anyOf: [{ $ref: "#/definitions/FooRequest" }, { $ref: "#/definitions/OtherFooRequest" }] };
    expect(() => analyseSchema(synthetic(defs))).toThrow(/lists foo twice/);
  });

  it("fails when a member has no method constant", () => {
    const defs = base();
    defs.FooRequest = { type: "object", properties: { method: { type: "string" } } };
    expect(() => analyseSchema(synthetic(defs))).toThrow(/FooRequest has no method constant/);
  });

  it("matches an inlined single-message union to exactly one named definition", () => {
    const defs = base();
    defs.ClientNotification = message("notifications/hello", false);
    expect(analyseSchema(synthetic(defs)).methods.clientNotifications["notifications/hello"]?.definition).toBe(
      "HelloNotification",
    );
    defs.OtherHello = message("notifications/hello", false);
    expect(() => analyseSchema(synthetic(defs))).toThrow(/matched by 2 named definitions instead of one/);
  });
});
