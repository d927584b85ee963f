/**
 * The README's migration table, row by row where the API maps one to one: the official SDK's
 * snippet (v1 `@modelcontextprotocol/sdk`, v2 `@modelcontextprotocol/server`) and typed-mcp's, the
 * same code, both type-checked by tsc in npm test and run here.
 */
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ResourceTemplate as V1ResourceTemplate, McpServer as V1Server } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as V2Server } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Client, McpServer } from "../../src/index.js";

describe("migration rows that map one to one", () => {
  it("v1: registerTool with a zod raw shape", () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    v1.registerTool("forecast", { inputSchema: { city: z.string() } }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerTool("forecast", { inputSchema: { city: z.string() } }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    expect(ours.capabilities().tools).toBeDefined();
  });

  it("v2: registerTool with a Standard Schema", () => {
    const v2 = new V2Server({ name: "w", version: "1" });
    v2.registerTool("forecast", { inputSchema: z.object({ city: z.string() }) }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerTool("forecast", { inputSchema: z.object({ city: z.string() }) }, async ({ city }) => ({
      content: [{ type: "text", text: city }],
    }));
    expect(ours.capabilities().tools).toBeDefined();
  });

  it("v1: registerPrompt with argsSchema", () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    v1.registerPrompt("outlook", { argsSchema: { city: z.string() } }, ({ city }) => ({
      messages: [{ role: "user", content: { type: "text", text: city } }],
    }));
    const ours = new McpServer({ name: "w", version: "1" });
    ours.registerPrompt("outlook", { argsSchema: { city: z.string() } }, ({ city }) => ({
      messages: [{ role: "user", content: { type: "text", text: city } }],
    }));
    expect(ours.capabilities().prompts).toBeDefined();
  });

  it("v1: update, disable, enable, remove on a registered tool", () => {
    const v1 = new V1Server({ name: "w", version: "1" }).registerTool("t", {}, async () => ({ content: [] }));
    v1.update({ description: "new" });
    v1.disable();
    v1.enable();
    v1.remove();
    const ours = new McpServer({ name: "w", version: "1" }).registerTool("t", {}, async () => ({ content: [] }));
    ours.update({ description: "new" });
    ours.disable();
    ours.enable();
    ours.remove();
    expect(ours.name).toBe("t");
  });

  it("v1: Client getters before connect", () => {
    const v1 = new V1Client({ name: "c", version: "1" });
    const ours = new Client({ name: "c", version: "1" });
    expect([v1.getServerVersion(), v1.getServerCapabilities(), v1.getInstructions()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect([ours.getServerVersion(), ours.getServerCapabilities(), ours.getInstructions()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("v1: new McpServer({ name, version })", () => {
    const v1 = new V1Server({ name: "w", version: "1" });
    const ours = new McpServer({ name: "w", version: "1" });
    expect(v1.server).toBeDefined();
    expect(ours.capabilities()).toBeDefined();
  });

  it("v1: update, disable, enable, remove on a registered resource template", () => {
    const v1 = new V1Server({ name: "w", version: "1" }).registerResource(
      "items",
      new V1ResourceTemplate("items://{id}", { list: undefined }),
      { description: "old" },
      async (uri) => ({ contents: [{ uri: uri.href, text: "" }] }),
    );
    v1.update({ metadata: { description: "new" } });
    v1.disable();
    v1.enable();
    v1.remove();
    const ours = new McpServer({ name: "w", version: "1" }).registerResourceTemplate(
      "items",
      "items://{id}",
      { description: "old" },
      async (uri) => ({ contents: [{ uri: uri.href, text: "" }] }),
    );
    ours.update({ description: "new" });
    ours.disable();
    ours.enable();
    ours.remove();
    expect(typeof ours.update).toBe("function");
  });
});
