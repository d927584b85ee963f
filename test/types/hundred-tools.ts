/** A server with 100 tools whose handlers are typed from their schemas: compiled by the normal `tsc` run. */
import { McpServer } from "../../src/index.js";

export function hundredToolServer(): McpServer {
  const server = new McpServer({ name: "hundred", version: "1.0.0" });
  server.registerTool(
    "tool_0",
    {
      description: "Tool 0",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 0 },
    }),
  );
  server.registerTool(
    "tool_1",
    {
      description: "Tool 1",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 1 },
    }),
  );
  server.registerTool(
    "tool_2",
    {
      description: "Tool 2",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 2 },
    }),
  );
  server.registerTool(
    "tool_3",
    {
      description: "Tool 3",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 3 },
    }),
  );
  server.registerTool(
    "tool_4",
    {
      description: "Tool 4",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 4 },
    }),
  );
  server.registerTool(
    "tool_5",
    {
      description: "Tool 5",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 5 },
    }),
  );
  server.registerTool(
    "tool_6",
    {
      description: "Tool 6",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 6 },
    }),
  );
  server.registerTool(
    "tool_7",
    {
      description: "Tool 7",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 7 },
    }),
  );
  server.registerTool(
    "tool_8",
    {
      description: "Tool 8",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 8 },
    }),
  );
  server.registerTool(
    "tool_9",
    {
      description: "Tool 9",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 9 },
    }),
  );
  server.registerTool(
    "tool_10",
    {
      description: "Tool 10",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 10 },
    }),
  );
  server.registerTool(
    "tool_11",
    {
      description: "Tool 11",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 11 },
    }),
  );
  server.registerTool(
    "tool_12",
    {
      description: "Tool 12",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 12 },
    }),
  );
  server.registerTool(
    "tool_13",
    {
      description: "Tool 13",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 13 },
    }),
  );
  server.registerTool(
    "tool_14",
    {
      description: "Tool 14",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 14 },
    }),
  );
  server.registerTool(
    "tool_15",
    {
      description: "Tool 15",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 15 },
    }),
  );
  server.registerTool(
    "tool_16",
    {
      description: "Tool 16",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 16 },
    }),
  );
  server.registerTool(
    "tool_17",
    {
      description: "Tool 17",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 17 },
    }),
  );
  server.registerTool(
    "tool_18",
    {
      description: "Tool 18",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 18 },
    }),
  );
  server.registerTool(
    "tool_19",
    {
      description: "Tool 19",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 19 },
    }),
  );
  server.registerTool(
    "tool_20",
    {
      description: "Tool 20",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 20 },
    }),
  );
  server.registerTool(
    "tool_21",
    {
      description: "Tool 21",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 21 },
    }),
  );
  server.registerTool(
    "tool_22",
    {
      description: "Tool 22",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 22 },
    }),
  );
  server.registerTool(
    "tool_23",
    {
      description: "Tool 23",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 23 },
    }),
  );
  server.registerTool(
    "tool_24",
    {
      description: "Tool 24",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 24 },
    }),
  );
  server.registerTool(
    "tool_25",
    {
      description: "Tool 25",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 25 },
    }),
  );
  server.registerTool(
    "tool_26",
    {
      description: "Tool 26",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 26 },
    }),
  );
  server.registerTool(
    "tool_27",
    {
      description: "Tool 27",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 27 },
    }),
  );
  server.registerTool(
    "tool_28",
    {
      description: "Tool 28",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 28 },
    }),
  );
  server.registerTool(
    "tool_29",
    {
      description: "Tool 29",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 29 },
    }),
  );
  server.registerTool(
    "tool_30",
    {
      description: "Tool 30",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 30 },
    }),
  );
  server.registerTool(
    "tool_31",
    {
      description: "Tool 31",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 31 },
    }),
  );
  server.registerTool(
    "tool_32",
    {
      description: "Tool 32",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 32 },
    }),
  );
  server.registerTool(
    "tool_33",
    {
      description: "Tool 33",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 33 },
    }),
  );
  server.registerTool(
    "tool_34",
    {
      description: "Tool 34",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 34 },
    }),
  );
  server.registerTool(
    "tool_35",
    {
      description: "Tool 35",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 35 },
    }),
  );
  server.registerTool(
    "tool_36",
    {
      description: "Tool 36",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 36 },
    }),
  );
  server.registerTool(
    "tool_37",
    {
      description: "Tool 37",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 37 },
    }),
  );
  server.registerTool(
    "tool_38",
    {
      description: "Tool 38",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 38 },
    }),
  );
  server.registerTool(
    "tool_39",
    {
      description: "Tool 39",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 39 },
    }),
  );
  server.registerTool(
    "tool_40",
    {
      description: "Tool 40",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 40 },
    }),
  );
  server.registerTool(
    "tool_41",
    {
      description: "Tool 41",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 41 },
    }),
  );
  server.registerTool(
    "tool_42",
    {
      description: "Tool 42",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 42 },
    }),
  );
  server.registerTool(
    "tool_43",
    {
      description: "Tool 43",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 43 },
    }),
  );
  server.registerTool(
    "tool_44",
    {
      description: "Tool 44",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 44 },
    }),
  );
  server.registerTool(
    "tool_45",
    {
      description: "Tool 45",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 45 },
    }),
  );
  server.registerTool(
    "tool_46",
    {
      description: "Tool 46",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 46 },
    }),
  );
  server.registerTool(
    "tool_47",
    {
      description: "Tool 47",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 47 },
    }),
  );
  server.registerTool(
    "tool_48",
    {
      description: "Tool 48",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 48 },
    }),
  );
  server.registerTool(
    "tool_49",
    {
      description: "Tool 49",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 49 },
    }),
  );
  server.registerTool(
    "tool_50",
    {
      description: "Tool 50",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 50 },
    }),
  );
  server.registerTool(
    "tool_51",
    {
      description: "Tool 51",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 51 },
    }),
  );
  server.registerTool(
    "tool_52",
    {
      description: "Tool 52",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 52 },
    }),
  );
  server.registerTool(
    "tool_53",
    {
      description: "Tool 53",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 53 },
    }),
  );
  server.registerTool(
    "tool_54",
    {
      description: "Tool 54",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 54 },
    }),
  );
  server.registerTool(
    "tool_55",
    {
      description: "Tool 55",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 55 },
    }),
  );
  server.registerTool(
    "tool_56",
    {
      description: "Tool 56",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 56 },
    }),
  );
  server.registerTool(
    "tool_57",
    {
      description: "Tool 57",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 57 },
    }),
  );
  server.registerTool(
    "tool_58",
    {
      description: "Tool 58",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 58 },
    }),
  );
  server.registerTool(
    "tool_59",
    {
      description: "Tool 59",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 59 },
    }),
  );
  server.registerTool(
    "tool_60",
    {
      description: "Tool 60",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 60 },
    }),
  );
  server.registerTool(
    "tool_61",
    {
      description: "Tool 61",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 61 },
    }),
  );
  server.registerTool(
    "tool_62",
    {
      description: "Tool 62",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 62 },
    }),
  );
  server.registerTool(
    "tool_63",
    {
      description: "Tool 63",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 63 },
    }),
  );
  server.registerTool(
    "tool_64",
    {
      description: "Tool 64",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 64 },
    }),
  );
  server.registerTool(
    "tool_65",
    {
      description: "Tool 65",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 65 },
    }),
  );
  server.registerTool(
    "tool_66",
    {
      description: "Tool 66",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 66 },
    }),
  );
  server.registerTool(
    "tool_67",
    {
      description: "Tool 67",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 67 },
    }),
  );
  server.registerTool(
    "tool_68",
    {
      description: "Tool 68",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 68 },
    }),
  );
  server.registerTool(
    "tool_69",
    {
      description: "Tool 69",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 69 },
    }),
  );
  server.registerTool(
    "tool_70",
    {
      description: "Tool 70",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 70 },
    }),
  );
  server.registerTool(
    "tool_71",
    {
      description: "Tool 71",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 71 },
    }),
  );
  server.registerTool(
    "tool_72",
    {
      description: "Tool 72",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 72 },
    }),
  );
  server.registerTool(
    "tool_73",
    {
      description: "Tool 73",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 73 },
    }),
  );
  server.registerTool(
    "tool_74",
    {
      description: "Tool 74",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 74 },
    }),
  );
  server.registerTool(
    "tool_75",
    {
      description: "Tool 75",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 75 },
    }),
  );
  server.registerTool(
    "tool_76",
    {
      description: "Tool 76",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 76 },
    }),
  );
  server.registerTool(
    "tool_77",
    {
      description: "Tool 77",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 77 },
    }),
  );
  server.registerTool(
    "tool_78",
    {
      description: "Tool 78",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 78 },
    }),
  );
  server.registerTool(
    "tool_79",
    {
      description: "Tool 79",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 79 },
    }),
  );
  server.registerTool(
    "tool_80",
    {
      description: "Tool 80",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 80 },
    }),
  );
  server.registerTool(
    "tool_81",
    {
      description: "Tool 81",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 81 },
    }),
  );
  server.registerTool(
    "tool_82",
    {
      description: "Tool 82",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 82 },
    }),
  );
  server.registerTool(
    "tool_83",
    {
      description: "Tool 83",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 83 },
    }),
  );
  server.registerTool(
    "tool_84",
    {
      description: "Tool 84",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 84 },
    }),
  );
  server.registerTool(
    "tool_85",
    {
      description: "Tool 85",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 85 },
    }),
  );
  server.registerTool(
    "tool_86",
    {
      description: "Tool 86",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 86 },
    }),
  );
  server.registerTool(
    "tool_87",
    {
      description: "Tool 87",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 87 },
    }),
  );
  server.registerTool(
    "tool_88",
    {
      description: "Tool 88",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 88 },
    }),
  );
  server.registerTool(
    "tool_89",
    {
      description: "Tool 89",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 89 },
    }),
  );
  server.registerTool(
    "tool_90",
    {
      description: "Tool 90",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 90 },
    }),
  );
  server.registerTool(
    "tool_91",
    {
      description: "Tool 91",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 91 },
    }),
  );
  server.registerTool(
    "tool_92",
    {
      description: "Tool 92",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 92 },
    }),
  );
  server.registerTool(
    "tool_93",
    {
      description: "Tool 93",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 93 },
    }),
  );
  server.registerTool(
    "tool_94",
    {
      description: "Tool 94",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 94 },
    }),
  );
  server.registerTool(
    "tool_95",
    {
      description: "Tool 95",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 95 },
    }),
  );
  server.registerTool(
    "tool_96",
    {
      description: "Tool 96",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 96 },
    }),
  );
  server.registerTool(
    "tool_97",
    {
      description: "Tool 97",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 97 },
    }),
  );
  server.registerTool(
    "tool_98",
    {
      description: "Tool 98",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 98 },
    }),
  );
  server.registerTool(
    "tool_99",
    {
      description: "Tool 99",
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string" },
          depth: { type: "integer" },
          flags: { type: "array", items: { type: "string" } },
        },
        required: ["path"],
      },
      outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    },
    ({ path, depth, flags }) => ({
      content: [{ type: "text", text: `${path}:${depth ?? 0}:${flags?.length ?? 0}` }],
      structuredContent: { count: path.length + 99 },
    }),
  );
  return server;
}
