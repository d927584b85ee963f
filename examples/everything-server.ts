/**
 * The fixture server the official MCP conformance suite expects (its tool, resource and prompt
 * names and behaviours), built on McpServer.
 *
 *   npx tsx examples/everything-server.ts --stdio
 *   npx tsx examples/everything-server.ts --http --port 3000     (Streamable HTTP at http://127.0.0.1:3000/mcp)
 *   add --protocol-version 2025-03-26 to speak only that version (repeat it, or separate versions
 *   with commas, to speak several: --protocol-version 2025-06-18,2026-07-28), --page-size 5 for
 *   lists of five per page
 *   add --auth-issuer URL (with --http) to serve as an OAuth-protected resource for that issuer: only
 *   its JWT access tokens for http://127.0.0.1:<port>/mcp are accepted, the metadata is served at
 *   /.well-known/oauth-protected-resource/mcp, and --auth-scopes "a b" makes every request need
 *   those scopes; two more tools then show the caller (auth_whoami) and need a scope of their own
 *   (auth_elevated needs mcp:elevated)
 *   add --redis redis://127.0.0.1:6379 to run one node of several sharing that Redis (sessions,
 *   streams and notifications served by any node; see the README's "Running several servers"; the
 *   tools of examples/cluster-tools.ts then name the node that ran them), and
 *   --request-state-secret <base64 of 32 bytes> so that they open each other's requestState
 */

import { fileURLToPath } from "node:url";
import { bearerAuth } from "../src/entry/auth.js";
import { addSkillsFromDirectory, listen, StdioServerTransport } from "../src/entry/node.js";
import { RedisBackplane } from "../src/entry/redis.js";
import { SkillCatalog, serveSkills } from "../src/entry/skills.js";
import {
  InMemoryEventStore,
  isSupportedProtocolVersion,
  McpServer,
  type McpServerOptions,
  type ProtocolVersion,
  type RegisteredItem,
  StreamableHttpServer,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../src/index.js";
import { registerClusterTools } from "./cluster-tools.js";
import { registerTaskTools } from "./task-tools.js";

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

export function everythingServer(
  protocolVersions?: readonly ProtocolVersion[],
  pageSize?: number,
  options: McpServerOptions = {},
): {
  server: McpServer;
  stop: () => void;
  /** Settles once the skills (whose digests are computed asynchronously) are served. */
  ready: Promise<void>;
} {
  const server = new McpServer(
    { name: "typed-mcp-everything-server", version: "1.0.0" },
    { ...options, ...(protocolVersions ? { protocolVersions } : {}), ...(pageSize ? { pageSize } : {}) },
  );
  const noArgs = { type: "object", properties: {} } as const;
  registerTaskTools(server);

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
        $defs: {
          address: {
            $anchor: "addressDef",
            type: "object",
            properties: { street: { type: "string" }, city: { type: "string" } },
          },
        },
        properties: {
          name: { type: "string" },
          address: { $ref: "#/$defs/address" },
          contactMethod: { type: "string", enum: ["phone", "email"] },
          phone: { type: "string" },
          email: { type: "string" },
        },
        allOf: [{ anyOf: [{ required: ["phone"] }, { required: ["email"] }] }],
        if: { properties: { contactMethod: { const: "phone" } }, required: ["contactMethod"] },
        // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here, not a thenable.
        then: { required: ["phone"] },
        else: { required: ["email"] },
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

  // 2026-07-28 (multi round-trip requests): each tool is written once; a 2025-11-25 client gets real
  // requests, a 2026-07-28 client an InputRequiredResult and a retry (the handler runs again).
  const nameSchema = { type: "object" as const, properties: { name: { type: "string" as const } }, required: ["name"] };
  server.registerTool(
    "test_input_required_result_elicitation",
    { description: "Asks the user's name (elicitation)", inputSchema: noArgs },
    async (_args, ctx) => {
      const answer = await ctx.elicitForm(
        { message: "What is your name?", requestedSchema: nameSchema },
        { key: "user_name" },
      );
      const name = answer.action === "accept" ? String(answer.content?.name ?? "") : `(${answer.action})`;
      return { content: [{ type: "text", text: `Hello, ${name}!` }] };
    },
  );
  server.registerTool(
    "test_input_required_result_sampling",
    { description: "Asks the client's LLM a question (sampling)", inputSchema: noArgs },
    async (_args, ctx) => {
      const answer = await ctx.createMessage(
        {
          messages: [{ role: "user", content: { type: "text", text: "What is the capital of France?" } }],
          maxTokens: 100,
        },
        { key: "capital_question" },
      );
      const text = !Array.isArray(answer.content) && answer.content.type === "text" ? answer.content.text : "";
      return { content: [{ type: "text", text: `The model said: ${text}` }] };
    },
  );
  server.registerTool(
    "test_input_required_result_list_roots",
    { description: "Asks the client's roots", inputSchema: noArgs },
    async (_args, ctx) => {
      const { roots } = await ctx.listRoots({ key: "client_roots" });
      return { content: [{ type: "text", text: `Roots: ${roots.map((root) => root.uri).join(", ") || "(none)"}` }] };
    },
  );
  const confirmSchema = { type: "object" as const, properties: { ok: { type: "boolean" as const } }, required: ["ok"] };
  for (const name of ["test_input_required_result_request_state", "test_input_required_result_tampered_state"]) {
    server.registerTool(
      name,
      {
        description: "Asks for a confirmation; the earlier round travels in a sealed requestState",
        inputSchema: noArgs,
      },
      async (_args, ctx) => {
        const answer = await ctx.elicitForm(
          { message: "Please confirm", requestedSchema: confirmSchema },
          { key: "confirm" },
        );
        const state = ctx.inputRound?.resumed ? "state-ok" : "no state";
        return { content: [{ type: "text", text: `Confirmed: ${JSON.stringify(answer.content ?? {})} (${state})` }] };
      },
    );
  }
  server.registerTool(
    "test_input_required_result_multiple_inputs",
    { description: "Asks for a name, a greeting and the roots at once", inputSchema: noArgs },
    async (_args, ctx) => {
      const [name, greeting, roots] = await Promise.all([
        ctx.elicitForm({ message: "What is your name?", requestedSchema: nameSchema }, { key: "user_name" }),
        ctx.createMessage(
          { messages: [{ role: "user", content: { type: "text", text: "Generate a greeting" } }], maxTokens: 50 },
          { key: "greeting" },
        ),
        ctx.listRoots({ key: "client_roots" }),
      ]);
      const text = `name=${JSON.stringify(name.content ?? {})} greeting=${JSON.stringify(greeting.content)} roots=${roots.roots.length}`;
      return { content: [{ type: "text", text }] };
    },
  );
  server.registerTool(
    "test_input_required_result_multi_round",
    { description: "Asks two questions, one round each", inputSchema: noArgs },
    async (_args, ctx) => {
      const step1 = await ctx.elicitForm(
        { message: "Step 1: What is your name?", requestedSchema: nameSchema },
        { key: "step1" },
      );
      const step2 = await ctx.elicitForm(
        {
          message: "Step 2: What is your favorite color?",
          requestedSchema: { type: "object", properties: { color: { type: "string" } }, required: ["color"] },
        },
        { key: "step2" },
      );
      return {
        content: [{ type: "text", text: `${String(step1.content?.name)} likes ${String(step2.content?.color)}` }],
      };
    },
  );
  server.registerTool(
    "test_input_required_result_capabilities",
    { description: "Asks only for what the client declared", inputSchema: noArgs },
    async (_args, ctx) => {
      const asks: Promise<unknown>[] = [];
      if (ctx.session.checkClientCapability("sampling")) {
        asks.push(
          ctx.createMessage(
            { messages: [{ role: "user", content: { type: "text", text: "Say hello" } }], maxTokens: 20 },
            { key: "sampling_request" },
          ),
        );
      }
      if (ctx.session.checkClientCapability("elicitation")) {
        asks.push(
          ctx.elicitForm(
            { message: "What is your name?", requestedSchema: nameSchema },
            { key: "elicitation_request" },
          ),
        );
      }
      const answers = await Promise.all(asks);
      return { content: [{ type: "text", text: `Received ${answers.length} answer(s)` }] };
    },
  );
  server.registerTool(
    "test_missing_capability",
    { description: "Needs sampling: a client that did not declare it gets -32021", inputSchema: noArgs },
    async (_args, ctx) => {
      const answer = await ctx.createMessage({
        messages: [{ role: "user", content: { type: "text", text: "Hello" } }],
        maxTokens: 10,
      });
      return { content: [{ type: "text", text: `Sampled: ${JSON.stringify(answer.content)}` }] };
    },
  );
  server.registerTool(
    "test_streaming_elicitation",
    { description: "Reports progress, then asks the user", inputSchema: noArgs },
    async (_args, ctx) => {
      await ctx.reportProgress(1, 2, "about to ask");
      const answer = await ctx.elicitForm({ message: "What is your name?", requestedSchema: nameSchema });
      return { content: [{ type: "text", text: `Hello, ${String(answer.content?.name)}` }] };
    },
  );
  server.registerTool(
    "test_logging_tool",
    { description: "Logs at three levels (only sent when the request asks for a level)", inputSchema: noArgs },
    async (_args, ctx) => {
      await ctx.log("info", "Tool execution started");
      await ctx.log("warning", "Tool halfway");
      await ctx.log("info", "Tool execution completed");
      return { content: [{ type: "text", text: "Logging done" }] };
    },
  );
  server.registerTool(
    "test_custom_headers",
    {
      description: "Arguments mirrored into Mcp-Param-* headers (x-mcp-header)",
      inputSchema: {
        type: "object",
        properties: {
          region: { type: "string", "x-mcp-header": "Region" },
          priority: { type: "integer", "x-mcp-header": "Priority" },
          verbose: { type: "boolean", "x-mcp-header": "Verbose" },
          greeting: { type: "string", "x-mcp-header": "Greeting" },
          query: { type: "string" },
        },
        required: ["region"],
      },
    },
    (args) => ({ content: [{ type: "text", text: `Headers matched: ${JSON.stringify(args)}` }] }),
  );
  server.registerTool(
    "test_standalone_notifications",
    {
      description:
        "Answers at once, then sends `count` log messages (data.seq 0, 1, ...) every `intervalMs` on the session's GET stream",
      inputSchema: {
        type: "object",
        properties: { count: { type: "integer" }, intervalMs: { type: "integer" } },
        required: ["count"],
      },
    },
    (args, ctx) => {
      const { count, intervalMs = 50 } = args as { count: number; intervalMs?: number };
      const session = ctx.session;
      (async () => {
        for (let seq = 0; seq < count; seq++) {
          await delay(intervalMs);
          // Not related to the request: it goes to the GET stream, wherever it is open.
          await session
            .sendNotification("notifications/message", { level: "info", data: { seq } }, { standalone: true })
            .catch(() => {});
        }
      })();
      return { content: [{ type: "text", text: `sending ${count} notifications` }] };
    },
  );
  let triggered = 0;
  server.registerTool(
    "test_trigger_tool_change",
    { description: "Adds a tool (tools/list_changed)", inputSchema: noArgs },
    () => {
      triggered++;
      server.registerTool(
        `test_triggered_tool_${triggered}`,
        { description: "Added by test_trigger_tool_change", inputSchema: noArgs },
        () => ({
          content: [{ type: "text", text: "triggered" }],
        }),
      );
      return { content: [{ type: "text", text: `Added test_triggered_tool_${triggered}` }] };
    },
  );
  server.registerTool(
    "test_trigger_prompt_change",
    { description: "Adds a prompt (prompts/list_changed)", inputSchema: noArgs },
    () => {
      triggered++;
      server.registerPrompt(
        `test_triggered_prompt_${triggered}`,
        { description: "Added by test_trigger_prompt_change" },
        () => ({
          messages: [{ role: "user", content: { type: "text", text: "triggered" } }],
        }),
      );
      return { content: [{ type: "text", text: `Added test_triggered_prompt_${triggered}` }] };
    },
  );
  server.registerPrompt(
    "test_input_required_result_prompt",
    { description: "A prompt that asks the user for context first" },
    async (_args, ctx) => {
      const answer = await ctx.elicitForm(
        {
          message: "What context should the prompt use?",
          requestedSchema: { type: "object", properties: { context: { type: "string" } }, required: ["context"] },
        },
        { key: "user_context" },
      );
      return {
        messages: [{ role: "user", content: { type: "text", text: `Context: ${String(answer.content?.context)}` } }],
      };
    },
  );

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
  const ready = serveExampleSkills(server);
  return {
    server,
    ready,
    stop: () => {
      clearTimeout(appear);
      clearInterval(updates);
    },
  };
}

/**
 * The skills extension (SEP-2640): examples/skills/ read from disk, and one skill registered in code
 * under an organizational prefix, its frontmatter given as data.
 */
async function serveExampleSkills(server: McpServer): Promise<void> {
  const catalog = new SkillCatalog();
  serveSkills(server, catalog);
  await addSkillsFromDirectory(catalog, fileURLToPath(new URL("skills", import.meta.url)));
  await catalog.add({
    path: "acme/billing/refunds",
    skill: {
      frontmatter: { name: "refunds", description: "Process customer refund requests per company policy." },
      body: "# Refunds\n\nCheck the order date, then refund to the original payment method.\n",
    },
    files: { "examples/email.md": "Dear customer, your refund is on its way.\n" },
  });
}

/**
 * The versions named by `--protocol-version` (repeatable, or comma-separated), or undefined for
 * every version; a name typed-mcp does not know is an error that lists the ones it does.
 */
export function protocolVersionsOf(argv: readonly string[]): ProtocolVersion[] | undefined {
  const named: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === "--protocol-version") named.push(...(argv[index + 1] ?? "").split(","));
    else if (arg.startsWith("--protocol-version=")) named.push(...arg.slice("--protocol-version=".length).split(","));
  });
  if (named.length === 0 && !argv.some((arg) => arg.startsWith("--protocol-version"))) return undefined;
  const versions = named.map((version) => version.trim()).filter((version) => version !== "");
  const unknown = versions.filter((version) => !isSupportedProtocolVersion(version));
  if (versions.length === 0 || unknown.length > 0) {
    throw new Error(
      `--protocol-version: ${unknown.length > 0 ? `unknown ${unknown.join(", ")}` : "no version given"}; one or more of ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}`,
    );
  }
  return [...new Set(versions as ProtocolVersion[])];
}

/** The value following `flag` (`--flag value` or `--flag=value`), or undefined. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at !== -1) return argv[at + 1];
  return argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/** The tools of a protected server: who is calling, and one that needs a scope of its own (the step-up). */
export function registerAuthTools(server: McpServer): void {
  server.registerTool(
    "auth_whoami",
    { description: "Returns the authenticated caller: subject, client and scopes", inputSchema: { type: "object" } },
    (_args, ctx) => ({
      content: [
        {
          type: "text",
          text: JSON.stringify({
            subject: ctx.authInfo?.subject ?? null,
            clientId: ctx.authInfo?.clientId ?? null,
            scopes: ctx.authInfo?.scopes ?? [],
          }),
        },
      ],
    }),
  );
  server.registerTool(
    "auth_elevated",
    { description: "Needs the mcp:elevated scope", inputSchema: { type: "object" }, scopes: ["mcp:elevated"] },
    (_args, ctx) => ({ content: [{ type: "text", text: `elevated for ${ctx.authInfo?.subject ?? "nobody"}` }] }),
  );
}

async function main(argv: string[]): Promise<void> {
  const flag = (name: string) => {
    const index = argv.indexOf(name);
    return index === -1 ? undefined : argv[index + 1];
  };
  const pageSize = flag("--page-size");
  const redisUrl = flag("--redis");
  const secret = flag("--request-state-secret");
  const redis = redisUrl
    ? await RedisBackplane.connect({
        url: redisUrl,
        onError: (error) => console.error(`redis: ${error.message}`),
      })
    : undefined;
  const { server, ready } = everythingServer(
    protocolVersionsOf(argv),
    pageSize === undefined ? undefined : Number(pageSize),
    {
      // Sessions' changes, and tasks, shared by every node.
      ...(redis ? { notificationBus: redis.notificationBus, tasks: { store: redis.taskStore } } : {}),
      ...(secret ? { requestState: { keys: [{ id: "k1", secret }] } } : {}),
    },
  );
  await ready;
  // Which node answered, and probes of what crosses between nodes (see examples/cluster-tools.ts).
  if (redis) registerClusterTools(server, redis.cluster.nodeId);
  if (argv.includes("--http")) {
    const port = Number(flag("--port") ?? 3000);
    const issuer = flagValue(argv, "--auth-issuer");
    const scopes = flagValue(argv, "--auth-scopes")
      ?.split(" ")
      .filter((scope) => scope !== "");
    if (issuer) registerAuthTools(server);
    const auth = issuer
      ? bearerAuth({ resource: `http://127.0.0.1:${port}/mcp`, issuer, ...(scopes ? { scopes } : {}) })
      : undefined;
    // Resumable streams: a client that loses a stream gets the missed events back (Last-Event-ID);
    // with --redis, from any node.
    const http = new StreamableHttpServer(server, {
      ...(redis ? redis.httpOptions() : { eventStore: new InMemoryEventStore() }),
      ...(auth ? { auth } : {}),
    });
    const listening = await listen(http.handle, { port });
    console.error(`typed-mcp everything server: ${listening.url.href}`);
    return;
  }
  await server.connect(new StdioServerTransport());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv.slice(2));
}
