/**
 * The fixture server the official MCP conformance suite expects (its tool, resource and prompt
 * names and behaviours), built on McpServer.
 *
 *   npx tsx examples/everything-server.ts --stdio
 *   npx tsx examples/everything-server.ts --http --port 3000     (Streamable HTTP at http://127.0.0.1:3000/mcp)
 *   add --protocol-version 2025-03-26 to accept only that version
 */
import {
  InMemoryEventStore,
  listen,
  McpServer,
  type ProtocolVersion,
  type RegisteredItem,
  StdioServerTransport,
  StreamableHttpServer,
} from "../src/index.js";

/** A 1x1 red PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

/** A WAV file holding 8 samples of silence (44-byte header + 8 bytes of 8-bit mono PCM). */
function silentWav(): string {
  const samples = 8;
  const buffer = Buffer.alloc(44 + samples, 0x80);
  buffer.write("RIFF", 0);
  buffer.writeUInt32LE(36 + samples, 4);
  buffer.write("WAVEfmt ", 8);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(8000, 24);
  buffer.writeUInt32LE(8000, 28);
  buffer.writeUInt16LE(1, 32);
  buffer.writeUInt16LE(8, 34);
  buffer.write("data", 36);
  buffer.writeUInt32LE(samples, 40);
  return buffer.toString("base64");
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function everythingServer(protocolVersions?: readonly ProtocolVersion[]): {
  server: McpServer;
  stop: () => void;
} {
  const server = new McpServer(
    { name: "typed-mcp-everything-server", version: "1.0.0" },
    protocolVersions ? { protocolVersions } : {},
  );
  const noArgs = { type: "object", properties: {} } as const;

  server.registerTool("test_simple_text", { description: "Returns simple text content", inputSchema: noArgs }, () => ({
    content: [{ type: "text", text: "This is a simple text response for testing." }],
  }));
  server.registerTool("test_image_content", { description: "Returns image content", inputSchema: noArgs }, () => ({
    content: [{ type: "image", data: PNG, mimeType: "image/png" }],
  }));
  server.registerTool("test_audio_content", { description: "Returns audio content", inputSchema: noArgs }, () => ({
    content: [{ type: "audio", data: silentWav(), mimeType: "audio/wav" }],
  }));
  server.registerTool(
    "test_embedded_resource",
    { description: "Returns an embedded resource", inputSchema: noArgs },
    () => ({
      content: [
        {
          type: "resource",
          resource: {
            uri: "test://embedded-resource",
            mimeType: "text/plain",
            text: "This is an embedded resource content.",
          },
        },
      ],
    }),
  );
  server.registerTool(
    "test_multiple_content_types",
    { description: "Returns text, image and resource content together", inputSchema: noArgs },
    () => ({
      content: [
        { type: "text", text: "Multiple content types test:" },
        { type: "image", data: PNG, mimeType: "image/png" },
        {
          type: "resource",
          resource: {
            uri: "test://mixed-content-resource",
            mimeType: "application/json",
            text: '{"test":"data","value":123}',
          },
        },
      ],
    }),
  );
  server.registerTool(
    "test_tool_with_logging",
    { description: "Sends log messages while it runs", inputSchema: noArgs },
    async (_args, ctx) => {
      for (const step of ["Tool execution started", "Tool processing data", "Tool execution completed"]) {
        await ctx.log("info", step);
        await delay(50);
      }
      return { content: [{ type: "text", text: "Tool with logging executed successfully" }] };
    },
  );
  server.registerTool(
    "test_tool_with_progress",
    { description: "Reports progress while it runs", inputSchema: noArgs },
    async (_args, ctx) => {
      for (const progress of [0, 50, 100]) {
        await ctx.reportProgress(progress, 100, `Completed step ${progress / 50 + 1} of 3`);
        await delay(50);
      }
      return { content: [{ type: "text", text: "Tool with progress executed successfully" }] };
    },
  );
  server.registerTool(
    "test_error_handling",
    { description: "Always fails, as a tool error", inputSchema: noArgs },
    () => ({
      content: [{ type: "text", text: "This tool intentionally returns an error for testing" }],
      isError: true,
    }),
  );
  server.registerTool(
    "test_sampling",
    {
      description: "Asks the client's LLM to complete a prompt",
      inputSchema: { type: "object", properties: { prompt: { type: "string" } }, required: ["prompt"] },
    },
    async ({ prompt }, ctx) => {
      const answer = await ctx.createMessage({
        messages: [{ role: "user", content: { type: "text", text: prompt } }],
        maxTokens: 100,
      });
      const blocks = Array.isArray(answer.content) ? answer.content : [answer.content];
      const text = blocks.map((block) => (block.type === "text" ? block.text : `[${block.type}]`)).join(" ");
      return { content: [{ type: "text", text: `LLM response: ${text}` }] };
    },
  );
  server.registerTool(
    "test_elicitation",
    {
      description: "Asks the user for information",
      inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
    },
    async ({ message }, ctx) => {
      const answer = await ctx.elicitForm({
        message,
        requestedSchema: {
          type: "object",
          properties: {
            username: { type: "string", description: "Your username" },
            email: { type: "string", description: "Your email address" },
          },
          required: ["username", "email"],
        },
      });
      return {
        content: [
          {
            type: "text",
            text: `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`,
          },
        ],
      };
    },
  );
  server.registerTool(
    "test_elicitation_sep1034_defaults",
    { description: "Elicitation whose fields all have defaults", inputSchema: noArgs },
    async (_args, ctx) => {
      const answer = await ctx.elicitForm({
        message: "Please review and update the form fields with defaults",
        requestedSchema: {
          type: "object",
          properties: {
            name: { type: "string", description: "User name", default: "John Doe" },
            age: { type: "integer", description: "User age", default: 30 },
            score: { type: "number", description: "User score", default: 95.5 },
            status: {
              type: "string",
              description: "User status",
              enum: ["active", "inactive", "pending"],
              default: "active",
            },
            verified: { type: "boolean", description: "Verification status", default: true },
          },
        },
      });
      return {
        content: [
          {
            type: "text",
            text: `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`,
          },
        ],
      };
    },
  );
  server.registerTool(
    "test_elicitation_sep1330_enums",
    { description: "Elicitation with every enum schema form", inputSchema: noArgs },
    async (_args, ctx) => {
      const answer = await ctx.elicitForm({
        message: "Please select options from the enum fields",
        requestedSchema: {
          type: "object",
          properties: {
            untitledSingle: {
              type: "string",
              description: "Untitled single-select",
              enum: ["option1", "option2", "option3"],
            },
            titledSingle: {
              type: "string",
              description: "Titled single-select",
              oneOf: [
                { const: "value1", title: "First Option" },
                { const: "value2", title: "Second Option" },
                { const: "value3", title: "Third Option" },
              ],
            },
            legacyEnum: {
              type: "string",
              description: "Legacy titled enum",
              enum: ["opt1", "opt2", "opt3"],
              enumNames: ["Option One", "Option Two", "Option Three"],
            },
            untitledMulti: {
              type: "array",
              description: "Untitled multi-select",
              items: { type: "string", enum: ["option1", "option2", "option3"] },
            },
            titledMulti: {
              type: "array",
              description: "Titled multi-select",
              items: {
                anyOf: [
                  { const: "value1", title: "First Choice" },
                  { const: "value2", title: "Second Choice" },
                  { const: "value3", title: "Third Choice" },
                ],
              },
            },
          },
        },
      });
      return {
        content: [
          {
            type: "text",
            text: `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`,
          },
        ],
      };
    },
  );

  server.registerTool(
    "json_schema_2020_12_tool",
    {
      description: "Tool with JSON Schema 2020-12 features",
      inputSchema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        $defs: { address: { type: "object", properties: { street: { type: "string" }, city: { type: "string" } } } },
        properties: { name: { type: "string" }, address: { $ref: "#/$defs/address" } },
        additionalProperties: false,
      },
    },
    (args) => ({ content: [{ type: "text", text: `Received: ${JSON.stringify(args)}` }] }),
  );
  server.registerTool(
    "test_reconnection",
    {
      description: "Closes its SSE stream mid-call; the client resumes it to get the answer (SEP-1699)",
      inputSchema: noArgs,
    },
    async (_args, ctx) => {
      ctx.closeSseStream?.();
      await delay(100);
      return { content: [{ type: "text", text: "Reconnection test completed" }] };
    },
  );

  server.registerResource(
    "static-text",
    "test://static-text",
    { mimeType: "text/plain", description: "A static text resource" },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: "text/plain", text: "This is the content of the static text resource." }],
    }),
  );
  server.registerResource(
    "static-binary",
    "test://static-binary",
    { mimeType: "image/png", description: "A static binary resource" },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "image/png", blob: PNG }] }),
  );
  server.registerResourceTemplate(
    "template",
    "test://template/{id}/data",
    {
      description: "A resource template with an id parameter",
      mimeType: "application/json",
      complete: { id: (value) => ["1", "2", "3", "123"].filter((id) => id.startsWith(value)) },
    },
    (uri, variables) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "application/json",
          text: JSON.stringify({ id: variables.id, templateTest: true, data: `Data for ID: ${variables.id}` }),
        },
      ],
    }),
  );
  let watchedVersion = 0;
  server.registerResource(
    "watched-resource",
    "test://watched-resource",
    { mimeType: "text/plain", description: "A resource that changes every 3 seconds" },
    (uri) => ({
      contents: [
        { uri: uri.href, mimeType: "text/plain", text: `Watched resource content, version ${watchedVersion}` },
      ],
    }),
  );

  server.registerPrompt("test_simple_prompt", { description: "A prompt without arguments" }, () => ({
    messages: [{ role: "user", content: { type: "text", text: "This is a simple prompt for testing." } }],
  }));
  server.registerPrompt(
    "test_prompt_with_arguments",
    {
      description: "A prompt with two arguments",
      arguments: {
        arg1: {
          description: "First test argument",
          required: true,
          complete: (v) => ["test1", "test2", "testing"].filter((x) => x.startsWith(v)),
        },
        arg2: { description: "Second test argument", required: true },
      },
    },
    (args) => ({
      messages: [
        {
          role: "user",
          content: { type: "text", text: `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'` },
        },
      ],
    }),
  );
  server.registerPrompt(
    "test_prompt_with_embedded_resource",
    {
      description: "A prompt with an embedded resource",
      arguments: { resourceUri: { description: "URI of the resource", required: true } },
    },
    (args) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "resource",
            resource: {
              uri: String(args.resourceUri),
              mimeType: "text/plain",
              text: "Embedded resource content for testing.",
            },
          },
        },
        { role: "user", content: { type: "text", text: "Please process the embedded resource above." } },
      ],
    }),
  );
  server.registerPrompt("test_prompt_with_image", { description: "A prompt with an image" }, () => ({
    messages: [
      { role: "user", content: { type: "image", data: PNG, mimeType: "image/png" } },
      { role: "user", content: { type: "text", text: "Please analyze the image above." } },
    ],
  }));

  // The automatic behaviours the suite describes: things appear after 2 s, the watched resource changes every 3 s.
  const dynamic: RegisteredItem[] = [];
  const appear = setTimeout(() => {
    dynamic.push(
      server.registerTool(
        "test_dynamic_tool",
        { description: "Added 2 seconds after start", inputSchema: noArgs },
        () => ({
          content: [{ type: "text", text: "Dynamic tool executed" }],
        }),
      ),
      server.registerResource("dynamic-resource", "test://dynamic-resource", { mimeType: "text/plain" }, (uri) => ({
        contents: [{ uri: uri.href, mimeType: "text/plain", text: "Dynamic resource content" }],
      })),
      server.registerPrompt("test_dynamic_prompt", { description: "Added 2 seconds after start" }, () => ({
        messages: [{ role: "user", content: { type: "text", text: "Dynamic prompt" } }],
      })),
    );
  }, 2000);
  const updates = setInterval(() => {
    watchedVersion++;
    server.sendResourceUpdated("test://watched-resource").catch(() => {});
  }, 3000);
  appear.unref();
  updates.unref();
  return {
    server,
    stop: () => {
      clearTimeout(appear);
      clearInterval(updates);
    },
  };
}

async function main(argv: string[]): Promise<void> {
  const versionFlag = argv.indexOf("--protocol-version");
  const { server } = everythingServer(versionFlag === -1 ? undefined : [argv[versionFlag + 1] as ProtocolVersion]);
  if (argv.includes("--http")) {
    const portFlag = argv.indexOf("--port");
    const port = portFlag === -1 ? 3000 : Number(argv[portFlag + 1]);
    // Resumable streams: a client that loses a stream gets the missed events back (Last-Event-ID).
    const http = new StreamableHttpServer(server, { eventStore: new InMemoryEventStore() });
    const listening = await listen(http.handle, { port });
    console.error(`typed-mcp everything server: ${listening.url.href}`);
    return;
  }
  await server.connect(new StdioServerTransport());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv.slice(2));
}
