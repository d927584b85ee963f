/**
 * A GET stream is recorded as held before its response starts: a client that saw its GET stream
 * open, then asks another process for something that goes to that stream, gets it, even when the
 * holding process's link to Redis is slow. Two StreamableHttpServers on one real redis-server; the
 * holder reaches Redis through a TCP relay that delays what it sends by 300 ms (a slow link, not a
 * stand-in for Redis).
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../src/entry/node.js";
import { RedisBackplane } from "../../src/entry/redis.js";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { type RedisInstance, startRedis } from "../helpers/redis.js";
import { RawSession } from "../scale-out/raw-session.js";

const DELAY_MS = 300;
let redis: RedisInstance | string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  redis = await startRedis();
  if (typeof redis === "string") console.warn(`skipping: ${redis}`);
}, 300_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  if (typeof redis !== "string") await redis?.close();
});

/** A TCP relay to `port` that holds back each chunk sent towards it by `delayMs` (in order); answers pass at once. */
async function slowLink(port: number, delayMs: number): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: "127.0.0.1", port });
    sockets.add(client).add(upstream);
    let last = 0;
    client.on("data", (chunk) => {
      const due = Math.max(Date.now() + delayMs, last);
      last = due;
      setTimeout(() => upstream.write(chunk), due - Date.now());
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as { port: number }).port;
}

async function node(url: string): Promise<URL> {
  const backplane = await RedisBackplane.connect({ url, prefix: "hold:" });
  const server = new McpServer({ name: "hold", version: "1" }, { notificationBus: backplane.notificationBus });
  server.registerTool(
    "tell_stream",
    { description: "Sends a notification on the session's GET stream", inputSchema: { type: "object" } },
    async (_args, ctx) => {
      try {
        await ctx.session.sendNotification(
          "notifications/message",
          { level: "info", data: "for the GET stream" },
          { standalone: true },
        );
        return { content: [{ type: "text", text: "sent" }] };
      } catch (error) {
        return { content: [{ type: "text", text: `not sent: ${(error as Error).message}` }] };
      }
    },
  );
  const http = new StreamableHttpServer(server, backplane.httpOptions());
  const listening = await listen(http.handle, { port: 0 });
  closers.push(async () => {
    await listening.close();
    await http.close();
    await backplane.close();
  });
  return listening.url;
}

describe("a GET stream on a process with a slow link to Redis", () => {
  it("is recorded as held before its response starts: a message another process sends right after reaches it", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const a = await node(redis.url);
    const relay = await slowLink(redis.port, DELAY_MS);
    const b = await node(`redis://127.0.0.1:${relay}`);
    const session = await RawSession.open(a);
    const get = await session.get(b);
    const call = await session.request(a, "tools/call", { name: "tell_stream", arguments: {} });
    await call.until((events) => events.some((event) => "result" in event.message));
    const answer = call.events.find((event) => "result" in event.message)?.message as {
      result: { content: Array<{ text: string }> };
    };
    expect(answer.result.content[0]?.text).toBe("sent");
    await get.reader.until((events) => events.some((event) => event.message.method === "notifications/message"));
    get.abort();
  }, 60_000);
});
