import { describe, expect, it } from "vitest";
import type { AnalysedSchema } from "../../codegen/analyse.js";
import { emitMethods } from "../../codegen/emit-methods.js";

const schema: AnalysedSchema = {
  version: "2099-01-01",
  sha256: "0",
  dialect: "2020-12",
  defsKey: "$defs",
  document: { $defs: {} },
  patches: [],
  definitionNames: [],
  methods: {
    clientRequests: {
      "frob/run": {
        method: "frob/run",
        definition: "FrobRequest",
        paramsPointer: "/$defs/FrobRequest/properties/params",
        paramsRequired: true,
        result: "FrobResult",
        resultPointer: "/$defs/FrobResultResponse/properties/result",
      },
      "frob/peek": {
        method: "frob/peek",
        definition: "PeekRequest",
        paramsPointer: null,
        paramsRequired: false,
        result: "EmptyResult",
        resultPointer: "/$defs/EmptyResult",
      },
    },
    serverRequests: {},
    clientNotifications: {},
    serverNotifications: {
      "notifications/frobbed": {
        method: "notifications/frobbed",
        definition: "FrobbedNotification",
        paramsPointer: "/$defs/FrobbedNotification/properties/params",
        paramsRequired: false,
      },
    },
  },
};

describe("emitMethods", () => {
  const source = emitMethods(schema);

  it("writes the runtime table, with result names for requests only", () => {
    expect(source).toContain(
      '"frob/run": { definition: "FrobRequest", hasParams: true, paramsRequired: true, result: "FrobResult" },',
    );
    expect(source).toContain(
      '"notifications/frobbed": { definition: "FrobbedNotification", hasParams: true, paramsRequired: false },',
    );
    expect(source).toContain("serverRequests: {},");
    expect(source).toContain("} as const;");
  });

  it("writes the type-level maps, using the *ResultResponse's result where there is one", () => {
    expect(source).toContain(
      '"frob/run": { params: T.FrobRequest["params"]; result: T.FrobResultResponse["result"] };',
    );
    expect(source).toContain('"frob/peek": { params: undefined; result: T.EmptyResult };');
    expect(source).toContain('"notifications/frobbed": { params: T.FrobbedNotification["params"] };');
    expect(source).toMatch(/export interface ServerRequests \{\s*\}/);
    expect(source).toMatch(/export interface MethodMaps \{[\s\S]*clientRequests: ClientRequests;/);
  });

  it("is deterministic", () => {
    expect(emitMethods(schema)).toBe(source);
  });
});
