/**
 * A Streamable HTTP EventStore in Redis Streams: one Redis stream per SSE stream, so any process
 * can replay what any other stored. An event's id names its stream and its entry
 * (`{streamId}@{entry}`), so resuming needs no lookup table; each stream is capped in length
 * (approximately, MAXLEN ~) and expires after a time without new events.
 */
import type { JsonRpcMessage } from "../jsonrpc/messages.js";
import type { EventStore, StoredEvent } from "../transport/streamable-http/event-store.js";
import { type RedisConnection, redisCall } from "./client.js";

/** Bounds and naming of the Redis event store. */
export interface RedisEventStoreOptions {
  /** Prefix of every key (default "mcp:"). */
  prefix?: string;
  /** Events kept per stream, approximately (default 1,000). */
  maxEventsPerStream?: number;
  /** A stream with no new event for this long is dropped (default 1 hour). */
  ttlMs?: number;
}

const SEPARATOR = "@";
/** The id of a request stream's first, unstored, message: before any id Redis gives. */
const FIRST = "0-0";

/** The Redis EventStore: events stored before they are written, replayable from any process. */
export class RedisEventStore implements EventStore {
  private readonly prefix: string;
  /** Events kept per stream, approximately. */
  readonly maxEvents: number;
  /** A stream with no new event for this long is dropped. */
  readonly ttlMs: number;

  /**
   * Creates the store on a connection. Defaults: keys under `"mcp:"`, about 1,000 events per stream, streams
   * dropped after an idle hour.
   */
  constructor(
    private readonly redis: RedisConnection,
    options: RedisEventStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? "mcp:";
    this.maxEvents = options.maxEventsPerStream ?? 1000;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  }

  /** The Redis stream holding the events of SSE stream `streamId`. */
  key(streamId: string): string {
    return `${this.prefix}events:${streamId}`;
  }

  async storeEvent(streamId: string, message: JsonRpcMessage): Promise<string> {
    const key = this.key(streamId);
    const [entry] = await redisCall("storing an event", () =>
      Promise.all([
        this.redis.sendCommand<string>([
          "XADD",
          key,
          "MAXLEN",
          "~",
          String(this.maxEvents),
          "*",
          "m",
          JSON.stringify(message),
        ]),
        this.redis.sendCommand(["PEXPIRE", key, String(this.ttlMs)]),
      ]),
    );
    return `${streamId}${SEPARATOR}${entry}`;
  }

  /**
   * A request stream's first message is not stored (see EventStore.firstEventId): its id is
   * `{streamId}@0-0`, before every entry Redis gives. The session's GET stream is written by
   * several processes, so all its messages are stored.
   */
  firstEventId(streamId: string): string | undefined {
    return streamId.endsWith(".standalone") ? undefined : `${streamId}${SEPARATOR}${FIRST}`;
  }

  async streamOf(eventId: string): Promise<string | undefined> {
    const parsed = parseEventId(eventId);
    if (!parsed) return undefined;
    // Nothing may be stored yet after a stream's first message; its id names an unguessable stream.
    if (parsed.entry === FIRST) return parsed.streamId;
    const exists = await redisCall("finding an event's stream", () =>
      this.redis.sendCommand<number>(["EXISTS", this.key(parsed.streamId)]),
    );
    return exists === 1 ? parsed.streamId : undefined;
  }

  async eventsAfter(eventId: string): Promise<StoredEvent[]> {
    const parsed = parseEventId(eventId);
    if (!parsed) return [];
    const entries = await redisCall("replaying events", () =>
      this.redis.sendCommand<Array<[string, string[]]>>(["XRANGE", this.key(parsed.streamId), `(${parsed.entry}`, "+"]),
    );
    return entries.map(([entry, fields]) => ({
      id: `${parsed.streamId}${SEPARATOR}${entry}`,
      message: JSON.parse(fieldOf(fields, "m")) as JsonRpcMessage,
    }));
  }
}

function fieldOf(fields: string[], name: string): string {
  for (let index = 0; index + 1 < fields.length; index += 2)
    if (fields[index] === name) return fields[index + 1] as string;
  return "null";
}

/** `{streamId}@{ms}-{seq}`, or undefined for anything else. */
function parseEventId(eventId: string): { streamId: string; entry: string } | undefined {
  const at = eventId.lastIndexOf(SEPARATOR);
  if (at <= 0) return undefined;
  const entry = eventId.slice(at + 1);
  if (!/^\d+-\d+$/.test(entry)) return undefined;
  return { streamId: eventId.slice(0, at), entry };
}
