/**
 * Runs the server command given after `--`, connects over stdio with ClientSession, and prints one
 * JSON line: {"protocolVersion": ..., "tools": [names]}.
 *
 *   npx tsx examples/list-tools.ts -- npx tsx examples/echo-server.ts
 */
import { ClientSession } from "../src/entry/client.js";
import { StdioClientTransport } from "../src/entry/node.js";

const separator = process.argv.indexOf("--");
const [command, ...args] = separator === -1 ? [] : process.argv.slice(separator + 1);
if (!command) {
  console.error("usage: list-tools.ts -- <server command> [args...]");
  process.exit(2);
}

const session = new ClientSession(new StdioClientTransport({ command, args, stderr: "inherit" }), {
  clientInfo: { name: "typed-mcp-list-tools", version: "0.1.0" },
});
try {
  const { protocolVersion } = await session.connect();
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await session.listTools(cursor === undefined ? undefined : { cursor });
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  console.log(JSON.stringify({ protocolVersion, tools: names }));
} finally {
  await session.close();
}
