import { describe, expect, it } from "vitest";
import { validateServerResult } from "../../../src/index.js";
import { serializeForVersion } from "../../../src/validation/serialize.js";

const tool = {
  name: "search",
  title: "Search",
  description: "Finds things",
  icons: [{ src: "https://x.example/i.png" }],
  inputSchema: { type: "object", properties: { q: { type: "string" } }, additionalProperties: false, $defs: {} },
  outputSchema: { type: "object" },
  annotations: { title: "Search", readOnlyHint: true },
  _meta: { "example.com/k": 1 },
};

describe("serializeForVersion", () => {
  it("drops what an older version does not define, recursively, keeping inline objects whole", () => {
    const result = { tools: [tool], nextCursor: "c" };
    const old = serializeForVersion("ListToolsResult", "2025-03-26", result) as { tools: Record<string, unknown>[] };
    expect(old.tools[0]).toEqual({
      name: "search",
      description: "Finds things",
      inputSchema: tool.inputSchema,
      annotations: { title: "Search", readOnlyHint: true },
    });
    expect(old).toHaveProperty("nextCursor", "c");
    const newest = serializeForVersion("ListToolsResult", "2025-11-25", result) as { tools: Record<string, unknown>[] };
    expect(newest.tools[0]).toEqual(tool);
    expect(result.tools[0]).toBe(tool);
  });

  it("follows content unions by their type", () => {
    const result = {
      content: [
        { type: "text", text: "t", annotations: { audience: ["user"] }, _meta: { a: 1 } },
        { type: "image", data: "aGk=", mimeType: "image/png", extra: "dropped" },
      ],
      structuredContent: { kept: true },
    };
    expect(serializeForVersion("CallToolResult", "2024-11-05", result)).toEqual({
      content: [
        { type: "text", text: "t", annotations: { audience: ["user"] } },
        { type: "image", data: "aGk=", mimeType: "image/png" },
      ],
    });
    const serialized = serializeForVersion("CallToolResult", "2025-06-18", result);
    expect(serialized).toEqual({
      content: [
        { type: "text", text: "t", annotations: { audience: ["user"] }, _meta: { a: 1 } },
        { type: "image", data: "aGk=", mimeType: "image/png" },
      ],
      structuredContent: { kept: true },
    });
    expect(validateServerResult("tools/call", "2025-06-18", serialized)).toBe(serialized);
  });
});

describe("content a version cannot express", () => {
  it("is left out rather than sent as invalid data", () => {
    const result = {
      content: [
        { type: "text", text: "kept" },
        { type: "audio", data: "AAAA", mimeType: "audio/wav" },
        { type: "resource_link", uri: "file:///x", name: "x" },
      ],
    };
    const old = serializeForVersion("CallToolResult", "2024-11-05", result);
    expect(old).toEqual({ content: [{ type: "text", text: "kept" }] });
    expect(validateServerResult("tools/call", "2024-11-05", old)).toBe(old);
    const newer = serializeForVersion("CallToolResult", "2025-06-18", result) as { content: unknown[] };
    expect(newer.content).toHaveLength(3);
  });
});

describe("defaults", () => {
  it("fill only the top-level fields the value leaves undefined, in the definition's order", () => {
    const result = { structuredContent: { a: 1 }, content: [{ type: "text", text: "t" }] };
    const serialized = serializeForVersion("CallToolResult", "2026-07-28", result, { resultType: "complete" });
    expect(JSON.stringify(serialized)).toBe(
      '{"content":[{"text":"t","type":"text"}],"resultType":"complete","structuredContent":{"a":1}}',
    );
    expect(result).not.toHaveProperty("resultType");
    // A field the value has (null included) is kept; a default the definition lacks is not added.
    const own = serializeForVersion(
      "CallToolResult",
      "2026-07-28",
      { content: [], resultType: "input_required" },
      {
        resultType: "complete",
        notInTheSchema: 1,
      },
    );
    expect(own).toEqual({ content: [], resultType: "input_required" });
    const withNull = serializeForVersion(
      "CallToolResult",
      "2026-07-28",
      { content: [], isError: null },
      {
        isError: false,
      },
    );
    expect(withNull).toEqual({ content: [], isError: null });
    // Nested values get no defaults.
    const nested = serializeForVersion(
      "CallToolResult",
      "2026-07-28",
      { content: [{ type: "text", text: "t" }] },
      {
        type: "image",
      },
    ) as { content: Array<Record<string, unknown>> };
    expect(nested.content[0]).toEqual({ type: "text", text: "t" });
    // A definition that is a union passes them to the member the value's type picks.
    const block = serializeForVersion("ContentBlock", "2026-07-28", { type: "text", text: "t" }, { _meta: { k: 1 } });
    expect(block).toEqual({ type: "text", text: "t", _meta: { k: 1 } });
  });
});
