/** Raw Streamable HTTP against one chosen node: so a test decides which process serves what. */

export const VERSION = "2025-11-25";

/** Messages (with their SSE event ids) read from an SSE body as they arrive. */
export class SseReader {
  readonly events: Array<{ id: string | undefined; message: Record<string, unknown> }> = [];
  private waiters: Array<() => void> = [];
  ended = false;

  constructor(response: Response) {
    this.pump(response).catch(() => {});
  }

  private async pump(response: Response): Promise<void> {
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | undefined;
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("id: ")) id = line.slice(4);
            if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (data) this.events.push({ id, message: JSON.parse(data) });
          end = buffer.indexOf("\n\n");
        }
        this.wake();
      }
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `test` holds of the events read so far (or the stream ends, or `ms` pass). */
  async until(test: (events: SseReader["events"]) => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test(this.events)) {
      if (this.ended) throw new Error(`the stream ended first: ${JSON.stringify(this.events.slice(-3))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; read so far: ${JSON.stringify(this.events.slice(-3))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 200));
      });
    }
  }
}

/** A session opened with initialize + initialized, addressed node by node. */
export class RawSession {
  private nextId = 1;
  constructor(readonly id: string) {}

  static async open(node: URL, capabilities: Record<string, unknown> = {}): Promise<RawSession> {
    const response = await fetch(node, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: { protocolVersion: VERSION, capabilities, clientInfo: { name: "raw", version: "1" } },
      }),
    });
    const id = response.headers.get("mcp-session-id");
    await response.text();
    if (!id) throw new Error(`initialize failed with HTTP ${response.status}`);
    const session = new RawSession(id);
    const initialized = await session.post(node, { jsonrpc: "2.0", method: "notifications/initialized" });
    if (initialized.status !== 202) throw new Error(`initialized: HTTP ${initialized.status}`);
    return session;
  }

  headers(accept: string): Record<string, string> {
    return { accept, "mcp-session-id": this.id, "mcp-protocol-version": VERSION };
  }

  post(node: URL, message: Record<string, unknown>): Promise<Response> {
    return fetch(node, {
      method: "POST",
      headers: { ...this.headers("application/json, text/event-stream"), "content-type": "application/json" },
      body: JSON.stringify(message),
    });
  }

  /** A request's SSE answer stream. */
  async request(node: URL, method: string, params: Record<string, unknown>): Promise<SseReader> {
    const response = await this.post(node, { jsonrpc: "2.0", id: this.nextId++, method, params });
    if (!response.ok) throw new Error(`${method}: HTTP ${response.status}: ${await response.text()}`);
    return new SseReader(response);
  }

  /** The session's GET stream on `node`, resuming after `lastEventId` when given. */
  async get(node: URL, lastEventId?: string): Promise<{ response: Response; reader: SseReader; abort: () => void }> {
    const controller = new AbortController();
    const headers = this.headers("text/event-stream");
    if (lastEventId) headers["last-event-id"] = lastEventId;
    const response = await fetch(node, { headers, signal: controller.signal });
    if (!response.ok) throw new Error(`GET: HTTP ${response.status}: ${await response.text()}`);
    return { response, reader: new SseReader(response), abort: () => controller.abort() };
  }

  async delete(node: URL): Promise<number> {
    const response = await fetch(node, { method: "DELETE", headers: this.headers("application/json") });
    await response.text();
    return response.status;
  }
}
