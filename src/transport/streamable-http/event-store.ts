/**
 * Resumability for Streamable HTTP: every SSE event a server writes is stored first under an id,
 * so a client that lost the connection can come back with `Last-Event-ID` and get exactly the
 * events of that stream it missed, and nothing of any other stream.
 */
import type { JsonRpcMessage } from "../../jsonrpc/messages.js";

/** One SSE event as an event store keeps it: its id and the JSON-RPC message it carried. */
export interface StoredEvent {
  /** The event's id, as sent in the SSE `id:` field. */
  id: string;
  /** The message the event carried. */
  message: JsonRpcMessage;
}

/** Keeps what a Streamable HTTP server sent on its SSE streams, so a client can resume a lost stream. */
export interface EventStore {
  /** Stores a message of `streamId` and returns its event id (unique across streams). */
  storeEvent(streamId: string, message: JsonRpcMessage): Promise<string>;
  /** The stream an event id belongs to, or undefined when the id is unknown (or has been evicted). */
  streamOf(eventId: string): Promise<string | undefined>;
  /** The events of the same stream after `eventId`, in order. */
  eventsAfter(eventId: string): Promise<StoredEvent[]>;
  /**
   * The id of a new stream's first message, given without storing it: nobody can resume before
   * an event they never got, so a store shared over the network may skip that write (for most
   * requests, the answer is the only message of its stream). The id must stay valid for
   * `streamOf` and `eventsAfter` (the events stored after it) although nothing was stored under it.
   * Undefined: store this stream's first message as any other.
   */
  firstEventId?(streamId: string): string | undefined;
}

/** Bounds of the in-memory event store. */
export interface InMemoryEventStoreOptions {
  /** Events kept per stream (default 1,000); the oldest go first. */
  maxEventsPerStream?: number;
  /** Streams kept (default 10,000); the least recently written go first. */
  maxStreams?: number;
}

/** A bounded in-memory EventStore: enough for one process; use a shared store across replicas. */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly owner = new Map<string, string>();
  private counter = 0;
  private readonly maxEventsPerStream: number;
  private readonly maxStreams: number;

  /** Creates the store. Defaults: 1,000 events per stream, 10,000 streams. */
  constructor(options: InMemoryEventStoreOptions = {}) {
    this.maxEventsPerStream = options.maxEventsPerStream ?? 1000;
    this.maxStreams = options.maxStreams ?? 10_000;
  }

  async storeEvent(streamId: string, message: JsonRpcMessage): Promise<string> {
    const id = `${streamId}_${++this.counter}`;
    let events = this.streams.get(streamId);
    if (events) {
      this.streams.delete(streamId); // Re-inserted below: most recently written last.
    } else {
      events = [];
      if (this.streams.size >= this.maxStreams) this.evictStream();
    }
    this.streams.set(streamId, events);
    events.push({ id, message });
    this.owner.set(id, streamId);
    if (events.length > this.maxEventsPerStream) {
      const dropped = events.shift() as StoredEvent;
      this.owner.delete(dropped.id);
    }
    return id;
  }

  private evictStream(): void {
    const oldest = this.streams.keys().next().value as string | undefined;
    if (oldest === undefined) return;
    for (const event of this.streams.get(oldest) ?? []) this.owner.delete(event.id);
    this.streams.delete(oldest);
  }

  async streamOf(eventId: string): Promise<string | undefined> {
    return this.owner.get(eventId);
  }

  async eventsAfter(eventId: string): Promise<StoredEvent[]> {
    const streamId = this.owner.get(eventId);
    const events = streamId === undefined ? undefined : this.streams.get(streamId);
    if (!events) return [];
    const index = events.findIndex((event) => event.id === eventId);
    return index === -1 ? [] : events.slice(index + 1);
  }
}
