/**
 * The extension framework end to end, in memory: one definition registered on an McpServer and on
 * a ClientSession, in both lifecycles; declared under capabilities.extensions; its methods
 * validated against its schemas; -32021 for a client that did not declare it.
 */
import { describe, expect, it } from "vitest";
import { ClientSession } from "../../../src/entry/client.js";
import {
  defineExtension,
  InMemoryTransport,
  McpServer,
  type ProtocolVersion,
  STATELESS_PROTOCOL_VERSIONS,
} from "../../../src/index.js";

const notes = defineExtension({
  id: "com.example/notes",
  settings: { maxNotes: 10 },
  clientRequests: {
    "notes/add": {
      params: {
        type: "object",
        properties: { text: { type: "string", minLength: 1 } },
        required: ["text"],
      },
      result: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
    },
  },
} as const);

function server(): McpServer {
  const mcp = new McpServer({ name: "notes", version: "1" });
  const stored: string[] = [];
  mcp.registerExtension(notes).setRequestHandler("notes/add", (params) => {
    stored.push(params.text);
    return { id: stored.length };
  });
  return mcp;
}

async function connect(mcp: McpServer, version: ProtocolVersion, declare: boolean) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcp.connect(serverSide);
  const session = new ClientSession(clientSide, {
    clientInfo: { name: "test", version: "1" },
    protocolVersions: [version],
    ...(STATELESS_PROTOCOL_VERSIONS.includes(version) ? { negotiation: "stateless" as const } : {}),
  });
  const handle = declare ? session.registerExtension(notes) : undefined;
  await session.connect();
  return { session, handle };
}

/** notes/add as it goes on the wire, past the client's own checks (the envelope added in the stateless lifecycle). */
function raw(session: ClientSession, version: ProtocolVersion, params: Record<string, unknown>, declare: boolean) {
  if (!STATELESS_PROTOCOL_VERSIONS.includes(version)) return session.dispatcher.sendRawRequest("notes/add", params);
  const capabilities = declare ? { extensions: { "com.example/notes": {} } } : {};
  return session.dispatcher.sendRawRequest("notes/add", {
    ...params,
    _meta: {
      "io.modelcontextprotocol/protocolVersion": version,
      "io.modelcontextprotocol/clientCapabilities": capabilities,
    },
  });
}

describe.each(["2025-11-25", "2026-07-28"] as const)("an extension at %s", (version) => {
  it("is declared, negotiated, typed and validated", async () => {
    const { session, handle } = await connect(server(), version, true);
    expect((session.serverCapabilities as { extensions?: unknown }).extensions).toEqual({
      "com.example/notes": { maxNotes: 10 },
    });
    expect(handle?.isDeclaredByServer).toBe(true);
    const added = await handle?.request("notes/add", { text: "hello" });
    const id: number | undefined = added?.id;
    expect(id).toBe(1);
    // Invalid params never reach the handler: -32602 from the extension's schema, on either side.
    await expect(handle?.request("notes/add", { text: "" })).rejects.toMatchObject({ code: -32602 });
    await expect(raw(session, version, { text: "" }, true)).rejects.toMatchObject({ code: -32602 });
    await session.close();
  });

  it("answers a client that did not declare it with -32021, naming the extension", async () => {
    const { session } = await connect(server(), version, false);
    await expect(raw(session, version, { text: "x" }, false)).rejects.toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: { "com.example/notes": {} } } },
    });
    await session.close();
  });
});
