/**
 * Connects to a protected MCP server with the OAuth browser flow and lists its tools. The redirect
 * comes back to a loopback port on 127.0.0.1; the browser opens where there is one, and the URL is
 * printed on stderr in any case.
 *
 *   npx tsx examples/oauth-client.ts https://mcp.example.com/mcp
 */
import { OAuthProvider } from "../src/entry/auth.js";
import { loopbackAuthorization } from "../src/entry/node.js";
import { Client, StreamableHttpClientTransport } from "../src/index.js";

const url = process.argv[2];
if (!url?.startsWith("http")) {
  console.error("usage: oauth-client.ts <server url>");
  process.exit(2);
}

const loopback = await loopbackAuthorization();
const authProvider = new OAuthProvider({
  authorize: loopback.authorize,
  redirectUri: loopback.redirectUri,
  clientMetadata: { client_name: "typed-mcp oauth example" },
  onEvent: (event) => console.error(`oauth: ${event}`),
});
const client = new Client({ name: "typed-mcp-oauth-example", version: "0.1.0" });
try {
  await client.connect(new StreamableHttpClientTransport(new URL(url), { authProvider }));
  for (const tool of await client.listToolsAll()) console.log(tool.name);
} finally {
  await client.close();
  await loopback.close();
}
