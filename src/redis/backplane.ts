/**
 * One process's connection to the Redis that several processes serving the same MCP server share:
 * the event store, the session store and the bus, ready to hand to McpServer and
 * StreamableHttpServer.
 *
 *     const redis = await RedisBackplane.connect({ url: "redis://127.0.0.1:6379" });
 *     const server = new McpServer(info, { notificationBus: redis.notificationBus });
 *     const http = new StreamableHttpServer(server, redis.httpOptions());
 */
import type { NotificationBus } from "../high-level/server/notification-bus.js";
import type { StreamableHttpOptions } from "../transport/streamable-http/options.js";
import { openRedis, type RedisConnection } from "./client.js";
import { RedisSessionCluster } from "./cluster.js";
import { RedisEventStore } from "./event-store.js";
import { RedisSessionStore } from "./session-store.js";
import { RedisTaskStore } from "./task-store.js";

/** How to reach Redis, and the bounds of what is kept there. */
export interface RedisBackplaneOptions {
  /** redis://host:port/db (rediss:// for TLS). */
  url: string;
  /** Prefix of every key and channel (default "mcp:"): servers of different applications sharing one Redis need different ones. */
  prefix?: string;
  /** This process's name among the others (default: random); it appears in the ids of its requests to clients. */
  nodeId?: string;
  /** A session no request touched for this long expires (default 30 minutes). */
  sessionIdleMs?: number;
  /** Events kept per SSE stream, approximately (default 1,000). */
  maxEventsPerStream?: number;
  /** An SSE stream with no new event for this long is dropped (default 1 hour). */
  eventTtlMs?: number;
  /**
   * This process's lease in Redis (default 5 s, renewed every third of it): the GET streams it holds
   * are its own while it lives; after it dies, messages for them are stored for the clients to
   * resume elsewhere, and none is handed to it.
   */
  leaseMs?: number;
  /**
   * Turn on Redis keyspace notifications (`CONFIG SET notify-keyspace-events`) so that an expired
   * session ends in every process at once (default true). Managed Redis services often refuse
   * CONFIG: sessions then expire through a check on access and a periodic check, with no setup.
   */
  keyspaceEvents?: boolean;
  /** Connection problems (Redis going away and coming back); default: ignored, requests that need Redis fail clearly meanwhile. */
  onError?: (error: Error) => void;
}

/** The Redis pieces of one process of a scaled-out MCP server. */
export class RedisBackplane {
  /** Events of every SSE stream, replayable from any process. */
  readonly eventStore: RedisEventStore;
  /** Every session's record, for any process to serve it. */
  readonly sessionStore: RedisSessionStore;
  /** Cross-process delivery of a session's messages, state changes and end. */
  readonly cluster: RedisSessionCluster;
  /** Tasks, polled, updated and cancelled through any process. */
  readonly taskStore: RedisTaskStore;

  private constructor(
    private readonly commands: RedisConnection,
    private readonly subscriptions: RedisConnection,
    options: RedisBackplaneOptions,
  ) {
    const prefix = options.prefix ?? "mcp:";
    const onError = options.onError ?? (() => {});
    this.eventStore = new RedisEventStore(commands, {
      prefix,
      ...(options.maxEventsPerStream === undefined ? {} : { maxEventsPerStream: options.maxEventsPerStream }),
      ...(options.eventTtlMs === undefined ? {} : { ttlMs: options.eventTtlMs }),
    });
    this.sessionStore = new RedisSessionStore(commands, {
      prefix,
      ...(options.sessionIdleMs === undefined ? {} : { idleMs: options.sessionIdleMs }),
    });
    const nodeId = options.nodeId ?? Math.random().toString(36).slice(2, 10);
    this.taskStore = new RedisTaskStore(commands, subscriptions, { prefix });
    this.cluster = new RedisSessionCluster(
      nodeId,
      commands,
      subscriptions,
      this.eventStore,
      this.sessionStore,
      prefix,
      onError,
      {
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        ...(options.keyspaceEvents === undefined ? {} : { keyspaceEvents: options.keyspaceEvents }),
        // Sessions held here are checked against Redis several times per idle period (expiry without keyspace events).
        checkEveryMs: Math.max(100, Math.min(Math.floor(this.sessionStore.idleMs / 4), 5000)),
      },
    );
  }

  /** Connects (two connections: commands, and subscriptions) and subscribes to the shared channels. */
  static async connect(options: RedisBackplaneOptions): Promise<RedisBackplane> {
    const onError = options.onError ?? (() => {});
    const commands = await openRedis(options.url, onError);
    const subscriptions = await openRedis(options.url, onError);
    const backplane = new RedisBackplane(commands, subscriptions, options);
    await backplane.cluster.start();
    return backplane;
  }

  /** The bus to give McpServer (`notificationBus`), so that list_changed and resources/updated reach every process's clients. */
  get notificationBus(): NotificationBus {
    return this.cluster;
  }

  /** The options to give StreamableHttpServer (merged over `options`): the stores, the bus, and the idle time they share. */
  httpOptions(options: StreamableHttpOptions = {}): StreamableHttpOptions {
    return {
      ...options,
      eventStore: this.eventStore,
      sessionStore: this.sessionStore,
      cluster: this.cluster,
      sessionIdleMs: this.sessionStore.idleMs,
    };
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    this.cluster.stop();
    await Promise.allSettled([this.subscriptions.close(), this.commands.close()]);
  }
}
