import { describe, expect, it } from "vitest";
import { buildFields, typeText } from "../../codegen/emit-fields.js";
import { analysedVersion } from "../helpers/codegen-stages.js";

const P = "#/$defs/";

describe("typeText", () => {
  it.each([
    ["a reference", { $ref: `${P}Role`, description: "who" }, "Role"],
    ["a constant", { const: "url" }, '"url"'],
    ["an enum", { enum: ["form", "url"] }, '"form" | "url"'],
    ["a union of types", { type: ["string", "integer"] }, "string | integer"],
    ["an array of references", { type: "array", items: { $ref: `${P}Icon` } }, "Icon[]"],
    ["an array of a union", { type: "array", items: { anyOf: [{ $ref: `${P}A` }, { $ref: `${P}B` }] } }, "(A | B)[]"],
    ["an inline object", { type: "object", properties: {} }, "object"],
    ["nothing known", {}, "unknown"],
  ])("renders %s", (_name, given, want) => {
    expect(typeText(given, P)).toBe(want);
  });
});

describe("buildFields", () => {
  it("lists every definition, its fields and readable types, optional ones marked", () => {
    const schema = analysedVersion("2025-11-25");
    const fields = buildFields(schema);
    expect(Object.keys(fields)).toEqual(schema.definitionNames);
    expect(fields.ElicitRequestURLParams).toMatchObject({ mode: '"url"', url: "string", elicitationId: "string" });
    expect(fields.CallToolResult?.structuredContent).toBe("object (optional)");
    expect(fields.CallToolResult?.content).toBe("ContentBlock[]");
  });

  it("tells versions apart where the schema changed a field", () => {
    expect(buildFields(analysedVersion("2025-03-26")).CallToolResult).not.toHaveProperty("structuredContent");
    expect(buildFields(analysedVersion("2025-06-18")).CallToolResult).toHaveProperty("structuredContent");
  });
});
