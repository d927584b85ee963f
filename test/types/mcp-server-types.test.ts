/** Handler types come from the tools' JSON Schemas (checked by tsc as part of npm test). */
import { describe, expect, expectTypeOf, it } from "vitest";
import { type InferSchema, McpServer } from "../../src/index.js";
import { hundredToolServer } from "./hundred-tools.js";

describe("McpServer handler types", () => {
  it("infers arguments and structured content from the schemas", () => {
    const server = new McpServer({ name: "typed", version: "1" });
    server.registerTool(
      "search",
      {
        inputSchema: {
          type: "object",
          properties: {
            query: { type: "string" },
            limit: { type: "integer" },
            mode: { enum: ["fast", "deep"] },
            filters: {
              type: "array",
              items: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
            },
          },
          required: ["query"],
        },
        outputSchema: { type: "object", properties: { hits: { type: "number" } }, required: ["hits"] },
      },
      (args) => {
        expectTypeOf(args.query).toEqualTypeOf<string>();
        expectTypeOf(args.limit).toEqualTypeOf<number | undefined>();
        expectTypeOf(args.mode).toEqualTypeOf<"fast" | "deep" | undefined>();
        expectTypeOf(args.filters).toEqualTypeOf<{ key: string }[] | undefined>();
        // @ts-expect-error not in the schema
        void args.other;
        return { content: [], structuredContent: { hits: 3 } };
      },
    );
    server.registerTool(
      "bad",
      { outputSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] } },
      () => ({
        content: [],
        // @ts-expect-error structured content must match the outputSchema
        structuredContent: { n: "three" },
      }),
    );
    expectTypeOf<InferSchema<{ type: "string" }>>().toEqualTypeOf<string>();
    expectTypeOf<InferSchema<{ anyOf: [{ type: "string" }, { type: "null" }] }>>().toEqualTypeOf<string | null>();
    expect(server).toBeInstanceOf(McpServer);
  });

  it("a server with 100 typed tools compiles (it is part of the tsc run) and lists them", async () => {
    const server = hundredToolServer();
    expect(server).toBeInstanceOf(McpServer);
  });
});
