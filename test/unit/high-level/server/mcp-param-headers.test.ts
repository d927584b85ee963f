import { describe, expect, it } from "vitest";
import { checkMcpParamHeaders } from "../../../../src/high-level/server/mcp-param-headers.js";
import type { MirroredParam } from "../../../../src/protocol/mcp-headers.js";

const mirrored: MirroredParam[] = [
  { path: ["region"], name: "Region", type: "string" },
  { path: ["options", "limit"], name: "Limit", type: "integer" },
];

describe("checkMcpParamHeaders", () => {
  it("accepts headers that match the mirrored arguments (sentinel decoded, integers as numbers)", () => {
    const headers = new Headers({ "mcp-param-region": "=?base64?ZXUtd2VzdA==?=", "mcp-param-limit": "10" });
    expect(checkMcpParamHeaders(mirrored, { region: "eu-west", options: { limit: 10 } }, headers)).toBeUndefined();
  });

  it("needs no header for an argument without a value", () => {
    expect(checkMcpParamHeaders(mirrored, {}, new Headers())).toBeUndefined();
  });

  it("names the first header that is missing, malformed or disagrees with the body", () => {
    const args = { region: "eu", options: { limit: 3 } };
    expect(checkMcpParamHeaders(mirrored, args, new Headers({ "mcp-param-limit": "3" }))).toBe(
      "the Mcp-Param-Region header is required (arguments.region has a value)",
    );
    expect(checkMcpParamHeaders(mirrored, args, new Headers({ "mcp-param-region": "=?base64?***?=" }))).toBe(
      "the Mcp-Param-Region header value is malformed",
    );
    expect(
      checkMcpParamHeaders(mirrored, args, new Headers({ "mcp-param-region": "eu", "mcp-param-limit": "4" })),
    ).toBe("Mcp-Param-Limit header value '4' does not match body value '3'");
  });
});
