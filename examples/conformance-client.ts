/**
 * The client the official conformance suite drives (`conformance client --suite core`): it gets the
 * server URL as its last argument and the scenario in MCP_CONFORMANCE_SCENARIO.
 *
 *   npx tsx examples/conformance-client.ts http://localhost:3000/mcp
 */
import { OAuthProvider, type OAuthProviderOptions } from "../src/entry/auth.js";

import { registerSkillsClient } from "../src/entry/skills.js";
import { Client, StreamableHttpClientTransport } from "../src/index.js";

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "initialize";
if (!url?.startsWith("http")) {
  console.error("usage: conformance-client.ts <server url>   (scenario in MCP_CONFORMANCE_SCENARIO)");
  process.exit(2);
}

// The suite names the protocol version to speak: 2026-07-28 is the handshake-less era.
const version = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION;
const client = new Client(
  { name: "typed-mcp-conformance-client", version: "1.0.0" },
  version === "2026-07-28" ? { negotiation: "stateless" } : {},
)
  .onElicitation(
    // Accept with nothing filled in: the schema's defaults complete the answer.
    () => ({ action: "accept", content: {} }),
    { applyDefaults: true },
  )
  .onSampling(() => ({ role: "assistant", content: { type: "text", text: "Paris" }, model: "conformance" }))
  .onRoots(() => [{ uri: "file:///conformance", name: "conformance" }]);
// The skills scenarios (SEP-2640): declare the extension, list the skills (which reads no file), then
// load the first one, which fetches its SKILL.md and verifies it; its other files are read only if it
// verified. A verification failure is reported and nothing further is read.
const skills = scenario.startsWith("sep-2640-") ? registerSkillsClient(client) : undefined;
const authProvider = scenario.startsWith("auth/") ? new OAuthProvider(authOptions(scenario)) : undefined;
await client.connect(new StreamableHttpClientTransport(new URL(url), { authProvider }));
if (skills) {
  const [entry] = await skills.listSkills();
  if (entry && scenario !== "sep-2640-client-no-prefetch") {
    try {
      const skill = await skills.loadSkill(entry);
      for (const file of skill.fileUris) await skill.readFile(file);
    } catch (error) {
      console.error(String(error));
    }
  }
  await client.close();
  process.exit(0);
}
const tools = await client.listToolsAll();
/** Arguments for the scenarios' tools (anything else is called with none). */
const ARGUMENTS: Record<string, Record<string, unknown>> = {
  add_numbers: { a: 5, b: 3 },
  test_custom_headers: {
    region: "us-west1",
    priority: 42,
    verbose: true,
    non_ascii_val: "Hello, 世界",
    whitespace_val: " padded ",
    leading_space_val: " leading",
    trailing_space_val: "trailing ",
    internal_space_val: "internal space",
    control_char_val: "bell\u0007",
    crlf_val: "line1\r\nline2",
    tab_val: "\ttabbed",
    query: "SELECT 1",
  },
  test_custom_headers_null: { region: "us-west1", priority: 1, verbose: null, query: "q" },
};
const attempt = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    console.error(String(error));
  }
};
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
  case "json-schema-2020-12-preservation": {
    // Round-trips the rich schema exactly as received.
    const focal = tools.find((tool) => tool.name === "json_schema_2020_12_tool");
    await client.callTool({ name: "json_schema_echo", arguments: { schema: focal?.inputSchema } });
    break;
  }
  default:
    // Everything the server offers, once: tools, resources, prompts.
    for (const tool of tools) {
      await attempt(() => client.callTool({ name: tool.name, arguments: ARGUMENTS[tool.name] ?? {} }));
    }
    if (client.serverCapabilities.resources) {
      await attempt(async () => {
        for (const resource of await client.listResourcesAll()) await client.readResource({ uri: resource.uri });
      });
    }
    if (client.serverCapabilities.prompts) {
      await attempt(async () => {
        for (const prompt of await client.listPromptsAll()) await client.getPrompt({ name: prompt.name });
      });
    }
    break;
}
await client.close();

/** The suite's scenario context (credentials, keys, tokens) from MCP_CONFORMANCE_CONTEXT. */
function context(): Record<string, string> {
  return JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? "{}") as Record<string, string>;
}

/**
 * The OAuth provider for an auth scenario. The suite's authorization server redirects at once, so the
 * "browser" is one GET whose redirect is read, not followed.
 */
function authOptions(name: string): OAuthProviderOptions {
  const ctx = context();
  const browser = async (authorizationUrl: URL) => {
    const response = await fetch(authorizationUrl, { redirect: "manual" });
    await response.body?.cancel();
    const location = response.headers.get("location");
    if (!location) throw new Error(`the authorization endpoint answered HTTP ${response.status} without a redirect`);
    return new URL(location, authorizationUrl);
  };
  const interactive: OAuthProviderOptions = {
    authorize: browser,
    redirectUri: "http://localhost:3000/callback",
    clientMetadataUrl: "https://conformance-test.local/client-metadata.json",
    clientMetadata: { client_name: "typed-mcp-conformance-client" },
    dpop: "if-supported",
  };
  switch (name) {
    case "auth/pre-registration":
      return { ...interactive, client: { clientId: ctx.client_id ?? "", clientSecret: ctx.client_secret } };
    case "auth/client-credentials-basic":
      return {
        grant: { type: "client_credentials" },
        client: { clientId: ctx.client_id ?? "", clientSecret: ctx.client_secret },
      };
    case "auth/client-credentials-jwt":
      return {
        grant: { type: "client_credentials" },
        client: {
          clientId: ctx.client_id ?? "",
          privateKey: ctx.private_key_pem,
          signingAlgorithm: ctx.signing_algorithm,
        },
      };
    case "auth/wif-jwt-bearer":
      return {
        grant: { type: "jwt_bearer", assertion: () => ctx.valid_jwt ?? "" },
        client: { clientId: ctx.client_id ?? "", tokenEndpointAuthMethod: "none" },
      };
    case "auth/enterprise-managed-authorization":
    case "auth/cross-app-access-complete-flow":
      return {
        grant: {
          type: "enterprise_managed",
          idToken: () => ctx.idp_id_token ?? "",
          idpTokenEndpoint: ctx.idp_token_endpoint ?? "",
          idpClientId: ctx.idp_client_id ?? "",
        },
        client: {
          clientId: ctx.client_id ?? "",
          clientSecret: ctx.client_secret,
          tokenEndpointAuthMethod: "client_secret_basic",
        },
      };
    default:
      return interactive;
  }
}
