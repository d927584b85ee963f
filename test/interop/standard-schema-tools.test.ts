/**
 * zod, valibot and arktype tools end to end: over stdio (the fixture server in a child process)
 * and over Streamable HTTP on 127.0.0.1, listed for every version the server speaks (the stateless
 * 2026-07-28 included) and called with valid and invalid arguments.
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
import { librariesServer } from "../fixtures/standard-schema-server.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";
import { speaking } from "../helpers/versions.js";

const closers = closeAfterEach();
const FIXTURE = fileURLToPath(new URL("../fixtures/standard-schema-server.ts", import.meta.url));
const VERSIONS = SUPPORTED_PROTOCOL_VERSIONS;

async function exercise(transport: () => Promise<Transport> | Transport, version: ProtocolVersion) {
  const client = new Client({ name: "e2e", version: "1" }, speaking(version));
  closers.push(() => client.close());
  await client.connect(await transport());
  expect(client.protocolVersion).toBe(version);
  const tools = await client.listToolsAll();
  expect(tools.map((tool) => tool.name)).toEqual(["zod", "zodShape", "valibot", "arktype", "withOutput"]);
  for (const name of ["zod", "zodShape", "valibot", "arktype"]) {
    const result = await client.callTool({ name, arguments: { city: "oslo" } });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toMatchObject({ city: "OSLO" });
    const refused = client.callTool({ name, arguments: { city: "" } });
    if (hasFeature(version, "toolInputErrorsAsResults")) {
      // SEP-1303: a result the model can read, naming the argument.
      await expect(refused).resolves.toMatchObject({
        isError: true,
        content: [{ type: "text", text: expect.stringContaining(`Argument "city"`) }],
      });
    } else await expect(refused).rejects.toMatchObject({ code: -32602 });
  }
}

describe("Standard Schema tools end to end", () => {
  it.each(VERSIONS)(
    "over stdio, %s",
    async (version) => {
      await exercise(
        () => new StdioClientTransport({ command: process.execPath, args: ["--import", "tsx", FIXTURE, "--stdio"] }),
        version,
      );
    },
    60_000,
  );

  it.each(VERSIONS)(
    "over Streamable HTTP on 127.0.0.1, %s",
    async (version) => {
      const listening = await serveOnLoopback(new StreamableHttpServer(librariesServer()));
      closers.push(() => listening.close());
      await exercise(() => new StreamableHttpClientTransport(listening.url), version);
    },
    60_000,
  );
});
