import { describe, expect, it } from "vitest";
import { AnalysisError, analyseSchema, DIRECTIONS } from "../../codegen/analyse.js";
import { isObject } from "../../codegen/json-schema.js";
import { definitionsOf } from "../../codegen/load.js";
import type { PatchedSchema } from "../../codegen/patch.js";
import { analysed, analysedVersion } from "./stages.js";

const UNION: Record<string, string> = {
  clientRequests: "ClientRequest",
  serverRequests: "ServerRequest",
  clientNotifications: "ClientNotification",
  serverNotifications: "ServerNotification",
};

describe("analyse", () => {
  it("finds one method per union member, in every version and direction", () => {
    for (const schema of analysed) {
      const defs = definitionsOf(schema);
      for (const direction of DIRECTIONS) {
        const union = defs[UNION[direction] as string];
        const expected = !union ? 0 : Array.isArray(union.anyOf) ? union.anyOf.length : 1;
        expect(Object.keys(schema.methods[direction]), `${schema.version} ${direction}`).toHaveLength(expected);
      }
    }
  });

  it("pairs requests with results, EmptyResult for the ones without a result of their own", () => {
    const v = analysedVersion("2025-06-18");
    expect(v.methods.clientRequests["tools/call"]?.result).toBe("CallToolResult");
    for (const method of ["ping", "resources/subscribe", "resources/unsubscribe", "logging/setLevel"]) {
      expect(v.methods.clientRequests[method]?.result, method).toBe("EmptyResult");
    }
    expect(v.methods.serverRequests["elicitation/create"]?.result).toBe("ElicitResult");
    expect(analysedVersion("2025-03-26").methods.serverRequests["elicitation/create"]).toBeUndefined();
  });

  it("handles 2026-07-28: no server requests, a single-member client notification union", () => {
    const v = analysedVersion("2026-07-28");
    expect(v.methods.serverRequests).toEqual({});
    expect(Object.keys(v.methods.clientNotifications)).toEqual(["notifications/cancelled"]);
    expect(v.methods.clientNotifications["notifications/cancelled"]?.definition).toBe("CancelledNotification");
  });

  it("points results at the *ResultResponse where the version has one", () => {
    expect(analysedVersion("2026-07-28").methods.clientRequests["tools/call"]?.resultPointer).toBe(
      "/$defs/CallToolResultResponse/properties/result",
    );
    expect(analysedVersion("2025-11-25").methods.clientRequests["tools/call"]?.resultPointer).toBe(
      "/$defs/CallToolResult",
    );
  });

  function synthetic(defs: Record<string, unknown>): PatchedSchema {
    return {
      version: "test",
      sha256: "0",
      dialect: "draft-07",
      defsKey: "definitions",
      document: { definitions: defs as Record<string, Record<string, unknown>> },
      patches: [],
    };
  }

  it("refuses a request with no result definition", () => {
    const schema = synthetic({
      ClientRequest: { anyOf: [{ $ref: "#/definitions/FrobRequest" }] },
      FrobRequest: { properties: { method: { const: "frob" }, params: { type: "object" } } },
      ServerResult: { anyOf: [] },
    });
    expect(() => analyseSchema(schema)).toThrow(AnalysisError);
    expect(() => analyseSchema(schema)).toThrow(/no result definition for frob/);
  });

  it("refuses a union member that is not a reference", () => {
    const schema = synthetic({ ClientNotification: { anyOf: [{ type: "object" }] } });
    expect(() => analyseSchema(schema)).toThrow(/not a reference/);
  });

  it("records whether params are required", () => {
    const v = analysedVersion("2025-11-25");
    expect(v.methods.clientRequests["tools/call"]?.paramsRequired).toBe(true);
    expect(v.methods.clientRequests["tools/list"]?.paramsRequired).toBe(false);
    const defs = definitionsOf(v);
    const listTools = defs.ListToolsRequest;
    expect(isObject(listTools) && Array.isArray(listTools.required) && listTools.required.includes("params")).toBe(
      false,
    );
  });
});
