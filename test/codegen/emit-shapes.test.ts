import { describe, expect, it } from "vitest";
import { analyseSchema } from "../../codegen/analyse.js";
import { buildShapes, emitShapes } from "../../codegen/emit-shapes.js";
import { loadSchemas } from "../../codegen/load.js";
import { patchSchema } from "../../codegen/patch.js";
import { readLock } from "../../schema/lock.js";

const schemas = Object.fromEntries(
  loadSchemas(readLock()).map((loaded) => [loaded.version, analyseSchema(patchSchema(loaded))]),
);

describe("buildShapes", () => {
  it("lists each object definition's fields and the fields that hold definitions", () => {
    const v2025 = buildShapes(schemas["2025-11-25"] as (typeof schemas)[string]);
    expect(v2025.Tool).toMatchObject({
      keys: expect.arrayContaining(["name", "title", "icons", "inputSchema", "outputSchema", "annotations", "_meta"]),
      refs: { annotations: "ToolAnnotations", icons: ["Icon"] },
    });
    const old = buildShapes(schemas["2025-03-26"] as (typeof schemas)[string]);
    expect(old.Tool).toEqual({
      keys: ["annotations", "description", "inputSchema", "name"],
      refs: { annotations: "ToolAnnotations" },
    });
  });

  it("describes unions told apart by type, named or inline", () => {
    const v2025 = buildShapes(schemas["2025-11-25"] as (typeof schemas)[string]);
    expect(v2025.ContentBlock).toEqual({
      union: {
        text: "TextContent",
        image: "ImageContent",
        audio: "AudioContent",
        resource_link: "ResourceLink",
        resource: "EmbeddedResource",
      },
    });
    const v2024 = buildShapes(schemas["2024-11-05"] as (typeof schemas)[string]);
    expect(v2024.CallToolResult).toMatchObject({
      refs: { content: [{ union: { text: "TextContent", image: "ImageContent", resource: "EmbeddedResource" } }] },
    });
  });

  it("leaves open definitions (additionalProperties) alone", () => {
    const v2025 = buildShapes(schemas["2025-11-25"] as (typeof schemas)[string]);
    expect(v2025.Result).toBeUndefined();
  });

  it("emits a CommonJS module of the same data, deterministically", () => {
    const schema = schemas["2025-06-18"] as (typeof schemas)[string];
    const code = emitShapes(schema);
    expect(code.startsWith('"use strict";\nmodule.exports = ')).toBe(true);
    expect(JSON.parse(code.slice(code.indexOf("{"), code.lastIndexOf("}") + 1))).toEqual(buildShapes(schema));
    expect(emitShapes(schema)).toBe(code);
  });
});
