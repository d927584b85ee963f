/** Typical MCP messages, as plain objects and as JSON text, shared by the validation benchmarks. */

const pngBytes = Buffer.alloc(1536, 7).toString("base64");

/** A tools/call result mixing every common content type, plus structured content (2025-11-25). */
export const callToolResult = {
  content: [
    { type: "text", text: "Found 3 matching files; the first is shown below." },
    { type: "image", data: pngBytes, mimeType: "image/png", annotations: { audience: ["user"], priority: 0.5 } },
    {
      type: "resource",
      resource: { uri: "file:///project/src/main.ts", mimeType: "text/typescript", text: "export const x = 1;\n" },
    },
    { type: "resource_link", uri: "file:///project/README.md", name: "README.md", mimeType: "text/markdown" },
  ],
  structuredContent: { matches: 3, files: ["src/main.ts", "src/util.ts", "README.md"], truncated: false },
  isError: false,
};

/** The same result without its binary (image) block: what is left is structure, not a base64 scan. */
export const callToolResultText = {
  ...callToolResult,
  content: callToolResult.content.filter((block) => block.type !== "image"),
};

function tool(index: number) {
  return {
    name: `tool_${index}`,
    title: `Tool number ${index}`,
    description: `Does thing ${index} to the project: a realistic sentence or two of description text.`,
    inputSchema: {
      type: "object",
      properties: {
        path: { type: "string", description: "A path inside the project" },
        recursive: { type: "boolean", default: false },
        limit: { type: "integer", minimum: 1, maximum: 100 },
        mode: { type: "string", enum: ["fast", "thorough"] },
      },
      required: ["path"],
    },
    outputSchema: {
      type: "object",
      properties: { count: { type: "integer" }, items: { type: "array", items: { type: "string" } } },
      required: ["count", "items"],
    },
    annotations: { readOnlyHint: index % 2 === 0, openWorldHint: false },
  };
}

/** A tools/list result with 50 tools, each with input and output schemas (2025-11-25). */
export const listToolsResult = { tools: Array.from({ length: 50 }, (_, index) => tool(index)) };

/** The params of an initialize request from a capable client (2025-11-25). */
export const initializeParams = {
  protocolVersion: "2025-11-25",
  capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } },
  clientInfo: { name: "bench-client", version: "1.0.0", title: "Benchmark client" },
};

export const callToolResultJson = JSON.stringify({ jsonrpc: "2.0", id: 1, result: callToolResult });
export const callToolResultTextJson = JSON.stringify({ jsonrpc: "2.0", id: 1, result: callToolResultText });
export const listToolsResultJson = JSON.stringify({ jsonrpc: "2.0", id: 2, result: listToolsResult });
export const initializeRequestJson = JSON.stringify({
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: initializeParams,
});
