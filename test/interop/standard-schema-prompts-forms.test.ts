/**
 * Prompt arguments and elicitation forms written in zod 4, valibot and arktype, end to end: over
 * stdio (the fixture server in a child process) and over Streamable HTTP on 127.0.0.1, at every
 * version the server speaks (the stateless 2026-07-28 included). Prompts are listed with their
 * arguments and got with valid and invalid arguments; each form reaches the client as JSON Schema
 * and the handler gets the parsed answer, or the call fails when the answer does not parse. In the
 * versions without elicitation (2024-11-05, 2025-03-26) the ask fails with -32601 naming the method
 * and the version. The handlers' types are asserted in the fixture, which tsc checks.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { StdioClientTransport } from "../../src/entry/node.js";
import {
  Client,
  type ProtocolVersion,
  StreamableHttpClientTransport,
  StreamableHttpServer,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Transport,
} from "../../src/index.js";
import { hasFeature } from "../../src/protocol/features.js";
import { definesMethod } from "../../src/protocol/methods.js";
import { lifecycleOf } from "../../src/protocol/versions.js";
import { promptsAndFormsServer } from "../fixtures/standard-schema-prompts-server.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";
import { speaking } from "../helpers/versions.js";

const closers = closeAfterEach();
const FIXTURE = fileURLToPath(new URL("../fixtures/standard-schema-prompts-server.ts", import.meta.url));
const LIBRARIES = ["zod", "valibot", "arktype"] as const;

async function exercise(transport: () => Promise<Transport> | Transport, version: ProtocolVersion) {
  const asked: unknown[] = [];
  let answer: Record<string, unknown> = { name: "Ada", age: 36 };
  const client = new Client({ name: "e2e", version: "1" }, speaking(version)).onElicitation((params) => {
    asked.push({ mode: params.mode, schema: "requestedSchema" in params ? params.requestedSchema : undefined });
    return { action: "accept", content: answer as never };
  });
  closers.push(() => client.close());
  await client.connect(await transport());
  expect(client.protocolVersion).toBe(version);

  const prompts = (await client.listPrompts()).prompts;
  expect(prompts.map((prompt) => prompt.name)).toEqual([...LIBRARIES]);
  for (const prompt of prompts) {
    expect(prompt.arguments?.find((argument) => argument.name === "city")).toMatchObject({ required: true });
  }
  expect(prompts[0]?.arguments?.[0]).toMatchObject({ name: "city", description: "Where" });
  for (const library of LIBRARIES) {
    const got = await client.getPrompt({ name: library, arguments: { city: "oslo", days: "3" } });
    expect(got.messages[0]?.content).toEqual({ type: "text", text: `${library} OSLO 3` });
    await expect(client.getPrompt({ name: library, arguments: { city: "" } })).rejects.toMatchObject({
      code: -32602,
      data: { issues: expect.arrayContaining([expect.objectContaining({ path: "/arguments/city" })]) },
    });
  }

  // 2026-07-28 asks through InputRequiredResult rounds rather than a server request.
  const elicits =
    lifecycleOf(version) === "stateless" || definesMethod(version, "serverRequests", "elicitation/create");
  if (!elicits) {
    for (const library of LIBRARIES) {
      await expect(client.callTool({ name: `${library}Form` })).rejects.toMatchObject({
        code: -32601,
        data: { method: "elicitation/create", protocolVersion: version },
      });
    }
    expect(asked).toEqual([]);
    return;
  }
  for (const library of LIBRARIES) {
    answer = { name: "Ada", age: 36 };
    const result = await client.callTool({ name: `${library}Form` });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({
      action: "accept",
      name: "Ada",
      age: 36,
    });
    expect(asked.at(-1)).toMatchObject({
      mode: hasFeature(version, "elicitationModeField") ? "form" : undefined,
      schema: {
        type: "object",
        properties: {
          name: { type: "string", minLength: 1 },
          age: { type: expect.stringMatching(/^(number|integer)$/) },
        },
        required: ["name"],
      },
    });
    // An answer the library does not parse fails the ask (-32602), and the tool call with it.
    answer = { name: "" };
    const refused = await client.callTool({ name: `${library}Form` }).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(refused).toMatchObject({ error: { code: -32602 } });
  }
}

describe("Standard Schema prompt arguments and elicitation forms end to end", () => {
  it.each(SUPPORTED_PROTOCOL_VERSIONS)(
    "over stdio, %s",
    async (version) => {
      await exercise(
        () => new StdioClientTransport({ command: process.execPath, args: ["--import", "tsx", FIXTURE, "--stdio"] }),
        version,
      );
    },
    60_000,
  );

  it.each(SUPPORTED_PROTOCOL_VERSIONS)(
    "over Streamable HTTP on 127.0.0.1, %s",
    async (version) => {
      const listening = await serveOnLoopback(new StreamableHttpServer(promptsAndFormsServer()));
      closers.push(() => listening.close());
      await exercise(() => new StreamableHttpClientTransport(listening.url), version);
    },
    60_000,
  );
});
