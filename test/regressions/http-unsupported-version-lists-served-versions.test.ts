/**
 * The HTTP layer's -32022 listed every version typed-mcp knows, not the ones the server was
 * configured to speak (the kernel's listed those), and `everything-server.ts --protocol-version
 * 2026-07-28` crashed (a stateless version was taken for a handshake one). Now both list exactly
 * the versions served, and `--protocol-version` (repeatable, comma-separated) restricts the server
 * to exactly those.
 */
import { describe, expect, it } from "vitest";
import { everythingServer, protocolVersionsOf } from "../../examples/everything-server.js";
import { McpServer, type ProtocolVersion, StreamableHttpServer } from "../../src/index.js";
import { mcpPost } from "../helpers/http.js";

const ENVELOPE = (version: string) => ({
  "io.modelcontextprotocol/protocolVersion": version,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "t", version: "1" },
});

async function post(http: StreamableHttpServer, body: unknown, headerVersion?: string) {
  const headers: Record<string, string> = headerVersion
    ? { "mcp-protocol-version": headerVersion, "mcp-method": (body as { method: string }).method }
    : {};
  const response = await http.handle(mcpPost(body, headers));
  // biome-ignore lint/suspicious/noExplicitAny: a JSON-RPC answer, read field by field below
  return { status: response.status, body: (await response.json()) as any };
}

async function served(versions: readonly ProtocolVersion[], run: (http: StreamableHttpServer) => Promise<void>) {
  const http = new StreamableHttpServer(new McpServer({ name: "s", version: "1" }, { protocolVersions: versions }), {
    jsonResponse: true,
  });
  try {
    await run(http);
  } finally {
    await http.close();
  }
}

describe("-32022 over HTTP lists the versions this server speaks", () => {
  it.each([[["2025-06-18"]], [["2026-07-28"]], [["2025-03-26", "2026-07-28"]]] as Array<[ProtocolVersion[]]>)(
    "configured %j: an unknown MCP-Protocol-Version header",
    async (versions) => {
      await served(versions, async (http) => {
        const refused = await post(http, { jsonrpc: "2.0", id: 1, method: "ping" }, "2099-01-01");
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: -32022, data: { requested: "2099-01-01" } });
        expect(refused.body.error.data.supported).toEqual(versions);
      });
    },
  );

  it("a known version the server does not speak", async () => {
    await served(["2025-06-18"], async (http) => {
      const body = { jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta: ENVELOPE("2026-07-28") } };
      const refused = await post(http, body, "2026-07-28");
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: -32022, data: { supported: ["2025-06-18"] } });
    });
  });

  it("a stateless-only server answers server/discover with only its version and refuses initialize", async () => {
    await served(["2026-07-28"], async (http) => {
      const discovered = await post(
        http,
        { jsonrpc: "2.0", id: 3, method: "server/discover", params: { _meta: ENVELOPE("2026-07-28") } },
        "2026-07-28",
      );
      expect(discovered.body.result.supportedVersions).toEqual(["2026-07-28"]);
      const initialize = await post(http, {
        jsonrpc: "2.0",
        id: 4,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      });
      expect(initialize.body.error).toMatchObject({ code: -32602, data: { supported: ["2026-07-28"] } });
      expect(http.sessionCount).toBe(0);
    });
  });
});

describe("everything-server.ts --protocol-version", () => {
  it("takes one version, several (repeated or comma-separated), or none", () => {
    expect(protocolVersionsOf(["--stdio"])).toBeUndefined();
    expect(protocolVersionsOf(["--protocol-version", "2026-07-28"])).toEqual(["2026-07-28"]);
    expect(
      protocolVersionsOf(["--protocol-version", "2025-03-26,2025-06-18", "--protocol-version", "2026-07-28"]),
    ).toEqual(["2025-03-26", "2025-06-18", "2026-07-28"]);
    expect(protocolVersionsOf(["--protocol-version=2025-11-25"])).toEqual(["2025-11-25"]);
    expect(() => protocolVersionsOf(["--protocol-version", "2024-01-01"])).toThrow(
      /unknown 2024-01-01; one or more of/,
    );
    expect(() => protocolVersionsOf(["--protocol-version"])).toThrow(/no version given/);
  });

  it("restricts the server to exactly the versions named, 2026-07-28 alone included", async () => {
    for (const versions of [["2026-07-28"], ["2025-06-18"], ["2025-11-25", "2026-07-28"]] as ProtocolVersion[][]) {
      const { server, stop } = everythingServer(versions);
      try {
        expect(server.supportedProtocolVersions).toEqual(versions);
      } finally {
        stop();
      }
    }
  });
});
