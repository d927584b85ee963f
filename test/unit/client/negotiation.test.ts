/** Choosing the lifecycle at connect, seen from the wire: what the client asks, and what it settles on. */
import { describe, expect, it } from "vitest";
import { ClientSession, type ClientSessionOptions } from "../../../src/entry/client.js";
import type { Params } from "../../../src/entry/jsonrpc.js";
import { ErrorCode, McpError, UnsupportedProtocolVersionError } from "../../../src/index.js";
import { type Answer, DISCOVERED, SERVER_INFO, scriptedServer } from "../../helpers/scripted-server.js";

const CLIENT_INFO = { name: "test-client", version: "1" };

function initialized(protocolVersion: string): Params {
  return { protocolVersion, capabilities: {}, serverInfo: SERVER_INFO };
}

async function connect(answer: Answer, options: Partial<ClientSessionOptions>) {
  const server = await scriptedServer(answer);
  const session = new ClientSession(server.clientSide, { clientInfo: CLIENT_INFO, ...options });
  return { session, server, connected: session.connect() };
}

describe("negotiation", () => {
  it("stateful (the default): initialize for the newest version, then notifications/initialized", async () => {
    const { session, server, connected } = await connect(() => initialized("2025-11-25"), {});
    await expect(connected).resolves.toMatchObject({ protocolVersion: "2025-11-25", serverInfo: SERVER_INFO });
    expect(session.isStateless).toBe(false);
    expect(server.sent("initialize")[0]?.params).toMatchObject({
      protocolVersion: "2025-11-25",
      clientInfo: CLIENT_INFO,
    });
    expect(server.sent("notifications/initialized")).toHaveLength(1);
    expect(server.sent("server/discover")).toHaveLength(0);
    await session.close();
  });

  it("stateful: an older version the client accepts is adopted; one it does not is refused", async () => {
    const older = await connect(() => initialized("2025-03-26"), {});
    await expect(older.connected).resolves.toMatchObject({ protocolVersion: "2025-03-26" });
    await older.session.close();
    const refused = await connect(() => initialized("2025-03-26"), { protocolVersions: ["2025-06-18", "2025-11-25"] });
    await expect(refused.connected).rejects.toBeInstanceOf(UnsupportedProtocolVersionError);
    expect(refused.server.sent("notifications/initialized")).toHaveLength(0);
  });

  it("stateless: server/discover with the envelope; every later request carries it, with the log level once set", async () => {
    const { session, server, connected } = await connect(
      (method) => (method === "server/discover" ? DISCOVERED : { resultType: "complete", tools: [] }),
      { negotiation: "stateless", capabilities: { roots: {} } },
    );
    await expect(connected).resolves.toMatchObject({ protocolVersion: "2026-07-28", serverInfo: SERVER_INFO });
    expect(session.isStateless).toBe(true);
    const envelope = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
      "io.modelcontextprotocol/clientCapabilities": { roots: {} },
    };
    expect(server.sent("server/discover")[0]?.params?._meta).toEqual(envelope);
    await session.setLoggingLevel("debug");
    expect(server.sent("logging/setLevel")).toHaveLength(0);
    await session.listTools();
    expect(server.sent("tools/list")[0]?.params?._meta).toEqual({
      ...envelope,
      "io.modelcontextprotocol/logLevel": "debug",
    });
    expect(server.sent("initialize")).toHaveLength(0);
    await session.close();
  });

  it("stateless: a -32022 that lists a shared version is retried once with it", async () => {
    let discovers = 0;
    const { session, server, connected } = await connect(
      (method) => {
        if (method === "server/discover" && discovers++ === 0) {
          throw new McpError(ErrorCode.UnsupportedProtocolVersion, "unsupported", { supported: ["2026-07-28"] });
        }
        return DISCOVERED;
      },
      { negotiation: "stateless" },
    );
    await expect(connected).resolves.toMatchObject({ protocolVersion: "2026-07-28" });
    expect(server.sent("server/discover")).toHaveLength(2);
    await session.close();
  });

  it("stateless: a server that lists no stateless-lifecycle version is refused, and initialize is never tried", async () => {
    const { session, server, connected } = await connect(() => ({ ...DISCOVERED, supportedVersions: ["2025-11-25"] }), {
      negotiation: "stateless",
    });
    await expect(connected).rejects.toBeInstanceOf(UnsupportedProtocolVersionError);
    expect(server.sent("initialize")).toHaveLength(0);
    await session.close();
  });

  it("auto: a server that fails server/discover, or lists no stateless version, gets initialize on the same transport", async () => {
    for (const discover of [
      () => {
        throw new McpError(ErrorCode.MethodNotFound, "Method not found: server/discover");
      },
      () => ({ ...DISCOVERED, supportedVersions: ["2025-11-25"] }),
    ]) {
      const { session, server, connected } = await connect(
        (method) => (method === "server/discover" ? discover() : initialized("2025-11-25")),
        { negotiation: "auto" },
      );
      await expect(connected).resolves.toMatchObject({ protocolVersion: "2025-11-25" });
      expect(session.isStateless).toBe(false);
      expect(server.sent("server/discover")).toHaveLength(1);
      expect(server.sent("initialize")).toHaveLength(1);
      await session.close();
    }
  });
});
