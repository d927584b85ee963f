/**
 * The server every fuzzer drives: a real McpServer with a little of everything (tools with input
 * and output schemas, a fixed resource, a template with completions, a prompt with a completer,
 * pagination with a small page size), each handler answering at once.
 */
import { McpServer } from "../../src/index.js";
import { FUZZ_PROMPT, FUZZ_RESOURCE, FUZZ_TEMPLATE } from "../cases/targets.js";

export function fuzzServer(): McpServer {
  const server = new McpServer({ name: "fuzz-target", version: "1.0.0" }, { pageSize: 2, instructions: "fuzz me" });
  server.registerTool(
    "echo",
    {
      description: "echoes its text",
      inputSchema: {
        type: "object",
        properties: { text: { type: "string", maxLength: 1000 }, times: { type: "integer", minimum: 1, maximum: 3 } },
        required: ["text"],
      },
    } as const,
    async ({ text, times }, ctx) => {
      await ctx.reportProgress(1, 1);
      await ctx.log("debug", { echoed: text });
      return { content: [{ type: "text", text: text.repeat(times ?? 1) }] };
    },
  );
  server.registerTool(
    "structured",
    {
      inputSchema: { type: "object", properties: { n: { type: "number" } } },
      outputSchema: { type: "object", properties: { doubled: { type: "number" } }, required: ["doubled"] },
    } as const,
    ({ n }) => {
      const doubled = (n ?? 0) * 2;
      // A non-finite product is not JSON: report it as a tool error instead of bad structured content.
      if (!Number.isFinite(doubled)) return { content: [{ type: "text", text: "out of range" }], isError: true };
      return { content: [], structuredContent: { doubled } };
    },
  );
  server.registerTool("plain", {}, (args) => ({
    content: [{ type: "text", text: `keys: ${Object.keys(args as object).length}` }],
  }));
  server.registerResource("readme", FUZZ_RESOURCE, { mimeType: "text/markdown" }, (uri) => ({
    contents: [{ uri: uri.href, text: "# fuzz" }],
  }));
  server.registerResourceTemplate(
    "items",
    FUZZ_TEMPLATE,
    { complete: { id: (value) => ["1", "2", "10"].filter((id) => id.startsWith(value)) } },
    (uri, variables) => ({ contents: [{ uri: uri.href, text: `item ${String(variables.id)}` }] }),
  );
  server.registerPrompt(
    FUZZ_PROMPT,
    { arguments: { name: { required: true, complete: (value) => [`${value}a`, `${value}b`] } } },
    ({ name }) => ({ messages: [{ role: "user", content: { type: "text", text: `hello ${name}` } }] }),
  );
  return server;
}
