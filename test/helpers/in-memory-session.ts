/** An McpServer and a ClientSession linked in memory, the session pinned to one protocol version (of either lifecycle). */
import { ClientSession } from "../../src/entry/client.js";
import {
  InMemoryTransport,
  type McpServer,
  type ProtocolVersion,
  STATELESS_PROTOCOL_VERSIONS,
} from "../../src/index.js";

export async function connectSession(
  server: McpServer,
  version: ProtocolVersion = "2025-11-25",
): Promise<ClientSession> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new ClientSession(clientSide, {
    clientInfo: { name: "test", version: "1" },
    protocolVersions: [version],
    ...(STATELESS_PROTOCOL_VERSIONS.includes(version) ? { negotiation: "stateless" as const } : {}),
  });
  await client.connect();
  return client;
}
