/** Our high-level Client drives @modelcontextprotocol/server-everything over stdio through its tools, resources and prompts. */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StdioClientTransport } from "../../src/entry/node.js";
import { Client } from "../../src/index.js";

const entry = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/dist/index.js");
const client = new Client({ name: "typed-mcp", version: "1" })
  .onSampling(() => ({ role: "assistant", content: { type: "text", text: "sampled" }, model: "test" }))
  .onElicitation(() => ({ action: "decline" }))
  .onRoots(() => [{ uri: "file:///tmp", name: "tmp" }]);

beforeAll(async () => {
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [entry, "stdio"], stderr: "ignore" }),
  );
}, 30_000);

afterAll(async () => {
  await client.close();
});

/** Arguments for each tool; gzip-file-as-resource is left out: it fetches a URL from the network. */
const ARGUMENTS: Record<string, Record<string, unknown>> = {
  echo: { message: "hi" },
  "get-annotated-message": { messageType: "success", includeImage: true },
  "get-env": {},
  "get-resource-links": { count: 2 },
  "get-resource-reference": { resourceType: "Text", resourceId: 1 },
  "get-structured-content": { location: "Chicago" },
  "get-sum": { a: 2, b: 3 },
  "get-tiny-image": {},
  "toggle-simulated-logging": {},
  "toggle-subscriber-updates": {},
  "trigger-long-running-operation": { duration: 0.2, steps: 2 },
  "simulate-research-query": { topic: "otters", ambiguous: false },
};

describe("server-everything", () => {
  it("every tool it lists (but the network one) answers a valid result", { timeout: 60_000 }, async () => {
    const tools = await client.listToolsAll();
    const called: string[] = [];
    for (const tool of tools) {
      const args = ARGUMENTS[tool.name];
      if (!args) continue;
      const result = await client.callTool({ name: tool.name, arguments: args });
      expect(result.content.length + (result.structuredContent ? 1 : 0), tool.name).toBeGreaterThan(0);
      called.push(tool.name);
    }
    expect(called.sort()).toEqual(
      Object.keys(ARGUMENTS)
        .filter((name) => tools.some((t) => t.name === name))
        .sort(),
    );
    expect(called.length).toBeGreaterThanOrEqual(10);
    const sum = await client.callTool({ name: "get-sum", arguments: { a: 2, b: 3 } });
    expect(JSON.stringify(sum.content)).toContain("5");
  });

  it("every resource reads, templates expand, and subscriptions work", { timeout: 30_000 }, async () => {
    const resources = await client.listResourcesAll();
    for (const resource of resources) {
      const read = await client.readResource({ uri: resource.uri });
      expect(read.contents[0]?.uri, resource.uri).toBe(resource.uri);
    }
    const templates = await client.listResourceTemplatesAll();
    expect(templates.length).toBeGreaterThan(0);
    const text = await client.readResource({ uri: "demo://resource/dynamic/text/7" });
    expect(text.contents[0]?.uri).toBe("demo://resource/dynamic/text/7");
    const first = resources[0] as { uri: string };
    await client.subscribeResource({ uri: first.uri });
    await client.unsubscribeResource({ uri: first.uri });
  });

  it("every prompt renders with its arguments, and completions answer", { timeout: 30_000 }, async () => {
    const prompts = await client.listPromptsAll();
    const args: Record<string, Record<string, string>> = {
      "simple-prompt": {},
      "args-prompt": { city: "Paris" },
      "completable-prompt": { department: "Engineering", name: "Alice" },
      "resource-prompt": { resourceType: "Text", resourceId: "1" },
    };
    for (const prompt of prompts) {
      const result = await client.getPrompt({ name: prompt.name, arguments: args[prompt.name] ?? {} });
      expect(result.messages.length, prompt.name).toBeGreaterThan(0);
    }
    const completion = await client.complete({
      ref: { type: "ref/prompt", name: "completable-prompt" },
      argument: { name: "department", value: "E" },
    });
    expect(completion.completion.values.length).toBeGreaterThan(0);
    await client.setLoggingLevel("debug");
    await client.ping();
  });
});
