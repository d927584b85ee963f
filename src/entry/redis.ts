/**
 * `typed-mcp/redis`: several processes serving one MCP server behind a load balancer with no
 * affinity, sharing a Redis (node-redis's `@redis/client`, an optional peer dependency: only this
 * entry point loads it). An event store in Redis Streams, a session store, and pub/sub delivery
 * of what one process produces for a client connected to another.
 */

export { RedisBackplane, type RedisBackplaneOptions } from "../redis/backplane.js";
export {
  type RedisConnection,
  RedisUnavailableError,
} from "../redis/client.js";
export { type RedisClusterOptions, RedisSessionCluster } from "../redis/cluster.js";
export { RedisEventStore, type RedisEventStoreOptions } from "../redis/event-store.js";
export { RedisSessionStore, type RedisSessionStoreOptions } from "../redis/session-store.js";
export { RedisTaskStore, type RedisTaskStoreOptions } from "../redis/task-store.js";
