/**
 * Type-level tests: checked by `tsc --noEmit` (part of `npm test`); a wrong type here fails the
 * type-check, not the Vitest run. The runtime half makes sure the same calls behave as typed.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { ProtocolMethodMaps, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28 } from "../../src/index.js";
import {
  getMethodTable,
  validateClientRequest,
  validateClientResult,
  validateServerNotification,
  validateServerResult,
} from "../../src/index.js";

describe("per-version result types", () => {
  it("tools/call has structuredContent in 2025-06-18 but not in 2025-03-26", () => {
    expectTypeOf<V2025_06_18.CallToolResult>().toHaveProperty("structuredContent");
    expectTypeOf<V2025_03_26.CallToolResult>().not.toHaveProperty("structuredContent");
    const result = validateServerResult("tools/call", "2025-06-18", { content: [], structuredContent: { a: 1 } });
    expectTypeOf(result).toEqualTypeOf<V2025_06_18.CallToolResult>();
    const older = validateServerResult("tools/call", "2025-03-26", { content: [] });
    expectTypeOf(older).toEqualTypeOf<V2025_03_26.CallToolResult>();
  });

  it("a 2026-07-28 tools/call may answer with InputRequiredResult", () => {
    const result = validateServerResult("tools/call", "2026-07-28", { resultType: "complete", content: [] });
    expectTypeOf(result).toEqualTypeOf<V2026_07_28.CallToolResult | V2026_07_28.InputRequiredResult>();
  });

  it("params and notification types follow the version", () => {
    const params = validateClientRequest("tools/call", "2025-11-25", { name: "echo" });
    expectTypeOf(params).toEqualTypeOf<V2025_11_25.CallToolRequestParams>();
    const progress = validateServerNotification("notifications/progress", "2025-03-26", {
      progressToken: 1,
      progress: 1,
    });
    expectTypeOf(progress.progress).toEqualTypeOf<number>();
    expectTypeOf(progress).toHaveProperty("message");
    const elicit = validateClientResult("elicitation/create", "2025-06-18", { action: "decline" });
    expectTypeOf(elicit.action).toEqualTypeOf<"accept" | "cancel" | "decline">();
  });

  it("a method the version lacks does not compile; a dynamic one is unknown", () => {
    // @ts-expect-error elicitation/create is not a server request in 2025-03-26
    expectTypeOf(() => validateClientResult("elicitation/create", "2025-03-26", {})).toBeFunction();
    // @ts-expect-error a typo is caught
    expectTypeOf(() => validateServerResult("tools/cal", "2025-06-18", {})).toBeFunction();
    // @ts-expect-error an unknown version literal is caught
    expectTypeOf(() => validateServerResult("tools/call", "2024-01-01", {})).toBeFunction();
    const method: string = "tools/call";
    expectTypeOf(validateServerResult(method, "2025-06-18", { content: [] })).toBeUnknown();
  });

  it("the method maps and runtime tables agree on keys", () => {
    expectTypeOf<keyof ProtocolMethodMaps["2025-06-18"]["serverRequests"]>().toEqualTypeOf<
      "ping" | "sampling/createMessage" | "roots/list" | "elicitation/create"
    >();
    expectTypeOf<keyof ProtocolMethodMaps["2026-07-28"]["serverRequests"]>().toBeNever();
    expectTypeOf(getMethodTable("2025-06-18").clientRequests["tools/call"].result).toEqualTypeOf<"CallToolResult">();
  });
});

describe("ClientSession.request is typed with the model", () => {
  it("infers params and results from the method", () => {
    type Session = import("../../src/entry/client.js").ClientSession;
    expectTypeOf<ReturnType<Session["callTool"]>>().resolves.toHaveProperty("content");
    const call = (session: Session) => session.request("tools/call", { name: "x" });
    expectTypeOf(call).returns.resolves.toEqualTypeOf<V2025_11_25.CallToolResult>();
    // @ts-expect-error tools/call needs a name
    expectTypeOf((session: Session) => session.request("tools/call", { arguments: {} })).toBeFunction();
  });
});
