/**
 * The client the official conformance suite drives (`conformance client --suite core`): it gets the
 * server URL as its last argument and the scenario in MCP_CONFORMANCE_SCENARIO.
 *
 *   npx tsx examples/conformance-client.ts http://localhost:3000/mcp
 */
import { Client, StreamableHttpClientTransport } from "../src/index.js";

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "initialize";
if (!url?.startsWith("http")) {
  console.error("usage: conformance-client.ts <server url>   (scenario in MCP_CONFORMANCE_SCENARIO)");
  process.exit(2);
}

const client = new Client({ name: "typed-mcp-conformance-client", version: "1.0.0" }).onElicitation(
  // Accept with nothing filled in: the schema's defaults complete the answer.
  () => ({ action: "accept", content: {} }),
  { applyDefaults: true },
);
await client.connect(new StreamableHttpClientTransport(new URL(url)));
const tools = await client.listToolsAll();
switch (scenario) {
  case "tools_call":
    await client.callTool({ name: "add_numbers", arguments: { a: 5, b: 3 } });
    break;
  case "elicitation-sep1034-client-defaults":
    await client.callTool({ name: "test_client_elicitation_defaults", arguments: {} });
    break;
  case "sse-retry":
    // The server closes the tool's stream after a priming event; the answer comes on the resumed stream.
    await client.callTool({ name: tools[0]?.name ?? "test_reconnection", arguments: {} }, { timeout: 15_000 });
    break;
  default:
    break;
}
await client.close();
