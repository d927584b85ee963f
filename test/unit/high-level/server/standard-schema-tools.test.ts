import * as v from "valibot";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { McpServer, SUPPORTED_PROTOCOL_VERSIONS, validateServerResult } from "../../../../src/index.js";
import { librariesServer } from "../../../fixtures/standard-schema-server.js";
import { connectSession } from "../../../helpers/in-memory-session.js";

const STATEFUL = SUPPORTED_PROTOCOL_VERSIONS.filter((version) => version !== "2026-07-28");

describe("tools written with Standard Schema libraries", () => {
  it.each(STATEFUL)("lists every library's tool with a valid Tool definition in %s", async (version) => {
    const client = await connectSession(librariesServer(), version);
    const result = await client.listTools();
    expect(() => validateServerResult("tools/list", version, result)).not.toThrow();
    const zodShape = result.tools.find((tool) => tool.name === "zodShape");
    expect(zodShape?.inputSchema).toEqual({
      type: "object",
      properties: {
        city: { type: "string", minLength: 1 },
        days: { type: "integer", minimum: expect.any(Number), maximum: expect.any(Number) },
      },
      required: ["city"],
    });
    for (const tool of result.tools) expect(tool.inputSchema.type).toBe("object");
    await client.close();
  });

  it("hands the handler each library's parsed arguments and refuses invalid ones with every issue", async () => {
    const client = await connectSession(librariesServer(), "2025-06-18"); // where invalid arguments are -32602 with their issues
    for (const name of ["zod", "zodShape", "valibot", "arktype"]) {
      const ok = await client.callTool({ name, arguments: { city: "oslo" } });
      const expected = name === "zod" ? { city: "OSLO", days: 3 } : { city: "OSLO", days: "none" };
      expect(JSON.parse((ok.content[0] as { text: string }).text)).toEqual(expected);
      const bad = client.callTool({ name, arguments: { city: "", days: "x" } });
      await expect(bad).rejects.toMatchObject({ code: -32602 });
      const error = (await bad.catch((e: unknown) => e)) as { data: { issues: Array<{ path: string }> } };
      expect(error.data.issues.map((issue) => issue.path).sort()).toEqual(["/city", "/days"]);
    }
    await client.close();
  });

  it("checks structured content against a library's output schema", async () => {
    const client = await connectSession(librariesServer(), "2025-11-25");
    const ok = await client.callTool({ name: "withOutput", arguments: { city: "Oslo" } });
    expect(ok.structuredContent).toEqual({ temperature: -3 });
    await expect(client.callTool({ name: "withOutput", arguments: { city: "Rome" } })).rejects.toMatchObject({
      code: -32603,
    });
    await client.close();
  });
});

describe("registerTool refuses a schema that cannot be a tool schema", () => {
  const server = () => new McpServer({ name: "refusals", version: "1" });
  const handler = () => ({ content: [] });
  it.each([
    [
      "a non-object JSON Schema",
      { type: "string" },
      /tool "t": its inputSchema must describe an object \(type "object"\), but has type "string"/,
    ],
    [
      "a schema without type",
      { properties: { a: { type: "string" } } },
      /tool "t": its inputSchema must describe an object .* has no type/,
    ],
    [
      "a bad pattern",
      { type: "object", properties: { a: { pattern: "(" } } },
      /tool "t": its inputSchema is not a usable JSON Schema: invalid pattern/,
    ],
    [
      "a $ref to nothing",
      { type: "object", $ref: "#/$defs/missing" },
      /tool "t": its inputSchema is not a usable JSON Schema: .*points at nothing/,
    ],
    ["a zod schema of a string", z.string(), /tool "t": its inputSchema must describe an object .* has type "string"/],
    ["a valibot schema without a JSON Schema form", v.object({ a: v.string() }), /toStandardJsonSchema/],
    ["a shape mixing schemas and values", { a: z.string(), b: "string" }, /mixes Standard Schemas with other values/],
  ])("%s", (_label, inputSchema, message) => {
    expect(() => server().registerTool("t", { inputSchema: inputSchema as never }, handler)).toThrow(message);
  });

  it("holds the definition against every version the server speaks", () => {
    const only = new McpServer({ name: "old", version: "1" }, { protocolVersions: ["2025-03-26"] });
    expect(() =>
      only.registerTool(
        "t",
        { inputSchema: { type: "object" }, annotations: { readOnlyHint: "yes" as never } },
        handler,
      ),
    ).toThrow(/tool "t" is not a valid tool for protocol 2025-03-26: \/annotations\/readOnlyHint/);
  });
});

describe("schema defaults", () => {
  it("fills in defaults when the tool asks for it, and only then", async () => {
    const server = new McpServer({ name: "defaults", version: "1" });
    const inputSchema = { type: "object", properties: { units: { type: "string", default: "metric" } } } as const;
    const echo = (args: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(args) }] });
    server.registerTool("asks", { inputSchema, applyDefaults: true }, echo);
    server.registerTool("not", { inputSchema }, echo);
    const client = await connectSession(server, "2025-11-25");
    const text = async (name: string) =>
      ((await client.callTool({ name, arguments: {} })).content[0] as { text: string }).text;
    expect(await text("asks")).toBe('{"units":"metric"}');
    expect(await text("not")).toBe("{}");
    await client.close();
  });

  it("asserts formats when the tool asks for it", async () => {
    const server = new McpServer({ name: "formats", version: "1" });
    const inputSchema = { type: "object", properties: { email: { type: "string", format: "email" } } } as const;
    server.registerTool("strict", { inputSchema, formats: "assert" }, () => ({ content: [] }));
    server.registerTool("loose", { inputSchema }, () => ({ content: [] }));
    const client = await connectSession(server, "2025-06-18"); // where invalid arguments are -32602 with their issues
    await expect(client.callTool({ name: "strict", arguments: { email: "nope" } })).rejects.toMatchObject({
      code: -32602,
      data: { issues: [{ path: "/email", keyword: "format" }] },
    });
    await expect(client.callTool({ name: "loose", arguments: { email: "nope" } })).resolves.toMatchObject({
      content: [],
    });
    await expect(client.callTool({ name: "strict", arguments: { email: "a@b.example" } })).resolves.toBeDefined();
    await client.close();
  });
});
