/**
 * One process of an MCP server scaled out on Redis: run several (any port each) behind a load
 * balancer with no session affinity, all pointing at the same Redis.
 *
 *   npx tsx examples/scale-out.ts --port 3001 --redis redis://127.0.0.1:6379
 *   npx tsx examples/scale-out.ts --port 3002 --redis redis://127.0.0.1:6379
 */
import { listen } from "../src/entry/node.js";
import { RedisBackplane } from "../src/entry/redis.js";
import { McpServer, StreamableHttpServer } from "../src/index.js";

const flag = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
};

const redis = await RedisBackplane.connect({
  url: flag("--redis", "redis://127.0.0.1:6379"),
  onError: (error) => console.error(`redis: ${error.message}`),
});
const server = new McpServer({ name: "scaled-out", version: "1.0.0" }, { notificationBus: redis.notificationBus });
server.registerTool(
  "whoami",
  { description: "Which process answered", inputSchema: { type: "object", properties: {} } },
  () => ({ content: [{ type: "text", text: `process ${process.pid} (${redis.cluster.nodeId})` }] }),
);
const http = new StreamableHttpServer(server, redis.httpOptions());
const listening = await listen(http.handle, { port: Number(flag("--port", "3001")) });
console.error(`scaled-out MCP server: ${listening.url.href}`);
