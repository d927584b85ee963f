/** Handler types come from zod, valibot and arktype schemas and from zod raw shapes (checked by tsc in npm test). */
import { toStandardJsonSchema } from "@valibot/to-json-schema";
import { type } from "arktype";
import * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { McpServer } from "../../src/index.js";

describe("McpServer handler types from Standard Schema", () => {
  it("types arguments and structured content from each library", () => {
    const server = new McpServer({ name: "typed", version: "1" });
    server.registerTool(
      "zod",
      {
        inputSchema: z.object({ city: z.string(), days: z.number().default(3), units: z.enum(["c", "f"]).optional() }),
        outputSchema: z.object({ temperature: z.number() }),
      },
      (args) => {
        expectTypeOf(args.city).toEqualTypeOf<string>();
        expectTypeOf(args.days).toEqualTypeOf<number>();
        expectTypeOf(args.units).toEqualTypeOf<"c" | "f" | undefined>();
        // @ts-expect-error not in the schema
        void args.other;
        return { content: [], structuredContent: { temperature: 1 } };
      },
    );
    server.registerTool(
      "zodBadOutput",
      { inputSchema: { city: z.string() }, outputSchema: z.object({ temperature: z.number() }) },
      // @ts-expect-error temperature must be a number
      () => ({ content: [], structuredContent: { temperature: "warm" } }),
    );
    server.registerTool("shape", { inputSchema: { city: z.string(), days: z.number().optional() } }, (args) => {
      expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number | undefined }>();
      return { content: [] };
    });
    server.registerTool(
      "valibot",
      { inputSchema: toStandardJsonSchema(v.object({ city: v.string(), days: v.optional(v.number()) })) },
      (args) => {
        expectTypeOf(args.city).toEqualTypeOf<string>();
        expectTypeOf(args.days).toEqualTypeOf<number | undefined>();
        return { content: [] };
      },
    );
    server.registerTool("arktype", { inputSchema: type({ city: "string", "days?": "number" }) }, (args) => {
      expectTypeOf(args.city).toEqualTypeOf<string>();
      expectTypeOf(args.days).toEqualTypeOf<number | undefined>();
      return { content: [] };
    });
    const plain = { type: "object", properties: { city: { type: "string" } }, required: ["city"] } as const;
    server.registerTool("plain", { inputSchema: plain }, (args) => {
      expectTypeOf(args.city).toEqualTypeOf<string>();
      return { content: [] };
    });
    const widened = { type: "object", properties: { city: { type: "string" } } };
    server.registerTool("widened", { inputSchema: widened }, (args) => {
      expectTypeOf(args).toEqualTypeOf<Record<string, unknown>>();
      return { content: [] };
    });
    expect(server.capabilities().tools).toEqual({ listChanged: true });
  });
});
