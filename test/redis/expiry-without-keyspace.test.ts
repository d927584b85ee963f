/**
 * Idle expiry across processes, first on a Redis that lets a process turn keyspace notifications
 * on, then on a Redis that refuses CONFIG (as managed services often do), so
 * keyspace notifications cannot be turned on: two StreamableHttpServers on their own Redis
 * connections (two processes' views), a real redis-server started by the test. A session kept
 * busy through one process stays alive in the other; once nobody uses it, it ends in both: the
 * process that served it last answers 404 (checked on access, not from its own idle clock), and a
 * GET stream held by the other ends (the periodic check).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../src/entry/node.js";
import { RedisBackplane } from "../../src/entry/redis.js";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { type RedisInstance, startRedis } from "../helpers/redis.js";
import { RawSession } from "../scale-out/raw-session.js";

const IDLE_MS = 1500;
let redis: RedisInstance | string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  // CONFIG renamed away: CONFIG GET/SET fail, and notify-keyspace-events stays off.
  redis = await startRedis(["--notify-keyspace-events", "", "--rename-command", "CONFIG", ""]);
  if (typeof redis === "string") console.warn(`skipping: ${redis}`);
}, 300_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  if (typeof redis !== "string") await redis?.close();
});

async function node(errors: string[], url = (redis as RedisInstance).url): Promise<URL> {
  const backplane = await RedisBackplane.connect({
    url,
    prefix: "expiry:",
    sessionIdleMs: IDLE_MS,
    onError: (error) => errors.push(error.message),
  });
  const server = new McpServer({ name: "expiry", version: "1" }, { notificationBus: backplane.notificationBus });
  server.registerTool("ping", { description: "pong", inputSchema: { type: "object" } }, () => ({
    content: [{ type: "text", text: "pong" }],
  }));
  const http = new StreamableHttpServer(server, backplane.httpOptions());
  const listening = await listen(http.handle, { port: 0 });
  closers.push(async () => {
    await listening.close();
    await http.close();
    await backplane.close();
  });
  return listening.url;
}

async function ping(session: RawSession, url: URL): Promise<number> {
  const response = await session.post(url, {
    jsonrpc: "2.0",
    id: Math.floor(Math.random() * 1e9),
    method: "tools/call",
    params: { name: "ping", arguments: {} },
  });
  await response.text();
  return response.status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("idle expiry across processes with keyspace notifications (CONFIG allowed)", () => {
  it("turns them on, and an unused session's GET stream on another process ends", async (context) => {
    const open = await startRedis();
    if (typeof open === "string") return context.skip(open);
    closers.push(() => open.close());
    const errors: string[] = [];
    const a = await node(errors, open.url);
    const b = await node(errors, open.url);
    expect(errors).toEqual([]);
    const session = await RawSession.open(a);
    const get = await session.get(b);
    expect(await ping(session, a)).toBe(200);
    const lastUse = Date.now();
    await get.reader.until(() => get.reader.ended, 4 * IDLE_MS);
    expect(Date.now() - lastUse).toBeLessThan(3 * IDLE_MS);
    expect(await ping(session, b)).toBe(404);
    expect(await ping(session, a)).toBe(404);
  }, 60_000);
});

describe("idle expiry across processes without keyspace notifications", () => {
  it("keeps a used session alive everywhere, and ends an unused one in every process", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const errors: string[] = [];
    const [a, b] = [await node(errors), await node(errors)];
    expect(errors.some((message) => /keyspace notifications are unavailable/.test(message))).toBe(true);

    const session = await RawSession.open(a);
    // Busy for twice the idle time, alternating processes: alive in both all along.
    const until = Date.now() + 2 * IDLE_MS;
    let turn = 0;
    while (Date.now() < until) {
      expect(await ping(session, turn++ % 2 === 0 ? a : b)).toBe(200);
      await sleep(150);
    }
    const get = await session.get(b);
    expect(await ping(session, a)).toBe(200);
    const lastUse = Date.now();

    // Unused: Redis expires it after the idle time; both processes then end their copies.
    await get.reader.until(() => get.reader.ended, 4 * IDLE_MS);
    expect(Date.now() - lastUse).toBeLessThan(3 * IDLE_MS);
    await sleep(Math.max(0, lastUse + IDLE_MS + 200 - Date.now()));
    expect(await ping(session, a)).toBe(404);
    expect(await ping(session, b)).toBe(404);
  }, 60_000);

  it("a GET stream held by a process the session is not otherwise used on stays open while it is busy through another", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const errors: string[] = [];
    const [a, b] = [await node(errors), await node(errors)];
    const session = await RawSession.open(a);
    const get = await session.get(b);
    // Busy through a alone for three times the idle time: b's own idle clock runs out twice meanwhile.
    const until = Date.now() + 3 * IDLE_MS;
    while (Date.now() < until) {
      expect(await ping(session, a)).toBe(200);
      await sleep(150);
    }
    expect(get.reader.ended).toBe(false);
    const lastUse = Date.now();
    // Unused: it ends in both once Redis expires it.
    await get.reader.until(() => get.reader.ended, 4 * IDLE_MS);
    expect(Date.now() - lastUse).toBeGreaterThanOrEqual(IDLE_MS - 200);
    expect(await ping(session, a)).toBe(404);
    expect(await ping(session, b)).toBe(404);
  }, 60_000);

  it("a process that served a session last answers 404 once it expired in Redis, before its own idle clock runs out", async (context) => {
    if (typeof redis === "string") return context.skip(redis);
    const errors: string[] = [];
    const a = await node(errors);
    const session = await RawSession.open(a);
    // Redis's clock for the session was restarted at the handshake; these calls come within a tenth
    // of the idle time, so they do not restart it.
    const opened = Date.now();
    while (Date.now() - opened < IDLE_MS / 20) await ping(session, a);
    await sleep(Math.max(0, opened + IDLE_MS + 150 - Date.now()));
    // This process's own copy was used less than the idle time ago; Redis's is gone.
    expect(await ping(session, a)).toBe(404);
  }, 30_000);
});
