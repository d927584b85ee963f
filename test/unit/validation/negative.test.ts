/** Hand-made bad messages, per version: each must be refused with the right typed error and path. */
import { describe, expect, it } from "vitest";
import {
  MethodNotInVersionError,
  SchemaViolationError,
  SUPPORTED_PROTOCOL_VERSIONS,
  UnsupportedProtocolVersionError,
  validateClientNotification,
  validateClientRequest,
  validateClientResult,
  validateServerNotification,
  validateServerRequest,
  validateServerResult,
} from "../../../src/index.js";

function violation(run: () => unknown): SchemaViolationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaViolationError);
    return error as SchemaViolationError;
  }
  throw new Error("expected a SchemaViolationError, but the value was accepted");
}

/** Widens a literal so the call reaches the run-time check the type system would otherwise stop. */
const dynamic = (name: string): string => name;

const withResultType = (version: string, result: Record<string, unknown>) =>
  version === "2026-07-28" ? { resultType: "complete", ...result } : result;

describe.each(SUPPORTED_PROTOCOL_VERSIONS)("protocol %s", (version) => {
  it("accepts a well-formed tools/call result", () => {
    const result = withResultType(version, { content: [{ type: "text", text: "ok" }] });
    expect(validateServerResult("tools/call", version, result)).toBe(result);
  });

  it("rejects a content block of an unknown type, naming the path", () => {
    const error = violation(() =>
      validateServerResult("tools/call", version, withResultType(version, { content: [{ type: "video", url: "x" }] })),
    );
    expect(error.code).toBe(-32602);
    expect(error.issues.some((issue) => issue.path === "/content/0/type")).toBe(true);
    expect(error.message).toContain("/content/0/type");
  });

  it("rejects a text block whose text is not a string", () => {
    const error = violation(() =>
      validateServerResult("tools/call", version, withResultType(version, { content: [{ type: "text", text: 42 }] })),
    );
    expect(error.issues).toContainEqual(expect.objectContaining({ path: "/content/0/text", keyword: "type" }));
  });

  it("rejects a tools/call request without the required name", () => {
    const error = violation(() => validateClientRequest("tools/call", version, { arguments: {} }));
    expect(error.issues).toContainEqual({ path: "/name", message: "is required", keyword: "required" });
  });

  it("rejects missing required params", () => {
    const error = violation(() => validateClientRequest("tools/call", version, undefined));
    expect(error.issues[0]?.message).toContain("required");
  });

  it("rejects a progress notification with a non-numeric progress", () => {
    const params = { progressToken: "t", progress: "half" };
    const error = violation(() => validateServerNotification("notifications/progress", version, params));
    expect(error.issues).toContainEqual(expect.objectContaining({ path: "/progress", keyword: "type" }));
  });

  it("lists every failing path, not only the first", () => {
    const error = violation(() =>
      validateServerResult(
        "tools/list",
        version,
        withResultType(version, { tools: [{ name: 1, inputSchema: { type: "object" } }, { inputSchema: {} }] }),
      ),
    );
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toContain("/tools/0/name");
    expect(paths).toContain("/tools/1/name");
    expect(paths).toContain("/tools/1/inputSchema/type");
  });

  it("refuses a method the version lacks in that direction", () => {
    expect(() => validateServerRequest(dynamic("tools/call"), version, { name: "x" })).toThrow(MethodNotInVersionError);
    expect(() => validateClientNotification(dynamic("notifications/message"), version, {})).toThrow(
      MethodNotInVersionError,
    );
  });
});

describe("methods that exist only in some versions", () => {
  it("elicitation/create is not in 2025-03-26 but is in 2025-06-18", () => {
    const error = (() => {
      try {
        validateClientResult(dynamic("elicitation/create"), "2025-03-26", { action: "accept" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MethodNotInVersionError);
    expect((error as MethodNotInVersionError).code).toBe(-32601);
    expect(validateClientResult("elicitation/create", "2025-06-18", { action: "accept", content: { n: 1.5 } })).toEqual(
      {
        action: "accept",
        content: { n: 1.5 },
      },
    );
  });

  it("initialize is gone in 2026-07-28 and server/discover is new", () => {
    expect(() => validateClientRequest(dynamic("initialize"), "2026-07-28", {})).toThrow(MethodNotInVersionError);
    expect(() => validateClientRequest(dynamic("server/discover"), "2025-11-25", {})).toThrow(MethodNotInVersionError);
  });

  it("structuredContent is a 2025-06-18 addition: 2025-03-26 accepts it only as an extra property", () => {
    const result = { content: [], structuredContent: "not an object" };
    expect(validateServerResult("tools/call", "2025-03-26", result)).toBe(result);
    violation(() => validateServerResult("tools/call", "2025-06-18", result));
  });

  it("2026-07-28 results must say their resultType", () => {
    const error = violation(() => validateServerResult("tools/list", "2026-07-28", { tools: [] }));
    expect(error.issues.map((issue) => issue.path)).toContain("/resultType");
  });
});

describe("unknown protocol versions", () => {
  it.each(["2023-01-01", "", "latest"])("%j is a typed error, never a crash", (version) => {
    expect(() => validateServerResult("tools/call", version, {})).toThrow(UnsupportedProtocolVersionError);
    expect(() => validateClientRequest("tools/call", version, {})).toThrow(UnsupportedProtocolVersionError);
  });

  it("an inherited property name is not mistaken for a method", () => {
    expect(() => validateClientRequest(dynamic("constructor"), "2025-11-25", {})).toThrow(MethodNotInVersionError);
    expect(() => validateClientRequest(dynamic("__proto__"), "2025-11-25", {})).toThrow(MethodNotInVersionError);
  });
});
