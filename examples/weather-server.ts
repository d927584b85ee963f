/**
 * The README's minimal server: one tool, one resource, one prompt, over stdio.
 *
 *   npx tsx examples/weather-server.ts
 */

import { StdioServerTransport } from "../src/entry/node.js";
import { McpServer } from "../src/index.js";

const server = new McpServer({ name: "weather", version: "1.0.0" });

server.registerTool(
  "forecast",
  {
    description: "Daily temperatures for a city",
    inputSchema: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer", maximum: 7 } },
      required: ["city"],
    },
    outputSchema: {
      type: "object",
      properties: { temperatures: { type: "array", items: { type: "number" } } },
      required: ["temperatures"],
    },
  } as const,
  async ({ city, days }, ctx) => {
    await ctx.log("info", `forecast for ${city}`);
    return { content: [], structuredContent: { temperatures: Array(days ?? 3).fill(21.5) } };
  },
);
server.registerResource("readme", "file:///README.md", { mimeType: "text/markdown" }, (uri) => ({
  contents: [{ uri: uri.href, text: "# Weather" }],
}));
server.registerPrompt("outlook", { arguments: { city: { required: true } } }, ({ city }) => ({
  messages: [{ role: "user", content: { type: "text", text: `What is the outlook for ${city}?` } }],
}));

await server.connect(new StdioServerTransport());
