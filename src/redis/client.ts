/**
 * The Redis connection typed-mcp uses (node-redis's `@redis/client`): commands fail at once while
 * Redis is unreachable (no offline queue, so nothing waits on a server that is gone), and the
 * client reconnects by itself with a capped backoff, so service resumes when Redis returns.
 */
import { createClient } from "@redis/client";

function createConnection(url: string) {
  return createClient({
    url,
    // Replies as plain arrays (hashes too), the same from every Redis 6 and 7.
    RESP: 2,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5000,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
    },
  });
}

/** A connected node-redis client. */
export type RedisConnection = ReturnType<typeof createConnection>;

/** An operation failed because Redis could not be reached (or answered with an error). */
export class RedisUnavailableError extends Error {
  /**
   * Creates the error: `operation` names what was being done ("saving a session", ...), `cause` is the
   * client's error, kept as `cause`.
   */
  constructor(operation: string, cause: unknown) {
    super(`Redis is unavailable (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "RedisUnavailableError";
  }
}

/** Opens a connection to `url` (redis://host:port/db), reconnecting by itself after a loss. */
export async function openRedis(url: string, onError: (error: Error) => void): Promise<RedisConnection> {
  const client = createConnection(url);
  client.on("error", (error: Error) => onError(error));
  await client.connect();
  return client;
}

/** Runs a Redis operation, any failure of which becomes a RedisUnavailableError. */
export async function redisCall<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new RedisUnavailableError(operation, error);
  }
}
