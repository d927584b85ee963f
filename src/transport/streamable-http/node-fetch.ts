/**
 * A `fetch` made on node:http and node:https with keep-alive agents: `nodeHttpFetch()` of
 * typed-mcp/node, and what the Streamable HTTP client uses on Node.js when given no `fetch` (see
 * node-default.ts). It imports no `node:` module: the built-ins come from `process.getBuiltinModule`
 * when the first request is made, so that this module can sit behind the package root (which runs
 * in browsers, workerd, Bun and Deno, and is bundled for them) without a bundler following it there.
 */
import { BODY_READER, type BodyReader } from "./body.js";

type HttpModule = ReturnType<typeof process.getBuiltinModule<"node:http">>;
type HttpsModule = ReturnType<typeof process.getBuiltinModule<"node:https">>;
type IncomingMessage = InstanceType<HttpModule["IncomingMessage"]>;

/** Options of {@link nodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** Open connections kept per server (default 256). */
  maxSockets?: number;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** A `fetch` on node:http and node:https with agents of its own, and the way to close their sockets. */
export interface NodeFetch {
  /** The fetch. */
  fetch: typeof fetch;
  /** Destroys the agents' sockets, idle or busy (a later request opens new ones). */
  destroy(): void;
}

/**
 * A `fetch` for the Streamable HTTP client (its `fetch` option) made on node:http and node:https
 * with keep-alive agents, for Node.js programs that make many calls: the platform's `fetch` (undici)
 * costs several times more CPU per request. It answers with web `Response` objects like `fetch`,
 * streaming the body (SSE included) and honouring `signal`. Differences: redirects are answered as
 * they are, not followed; undici's global dispatcher (a proxy, client certificates set through it)
 * does not apply; and a request whose body is not a string or bytes (a form, a stream), or whose
 * input is a `Request`, goes to the platform's `fetch` unchanged. Idle kept-alive connections never
 * keep the process alive. On Node.js the client already uses this when given no `fetch`.
 */
export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): typeof fetch {
  return createNodeFetch(options).fetch;
}

/**
 * {@link nodeHttpFetch} with a `destroy()`. The modules come from `process.getBuiltinModule` on
 * the first request; `http.request` and `https.request` are read from them on every request, so
 * that tools which patch them (nock, msw's interceptors) see these requests.
 */
export function createNodeFetch(options: NodeHttpFetchOptions = {}): NodeFetch {
  const maxSockets = options.maxSockets ?? 256;
  let http: HttpModule | undefined;
  let https: HttpsModule | undefined;
  let httpAgent: InstanceType<HttpModule["Agent"]> | undefined;
  let httpsAgent: InstanceType<HttpsModule["Agent"]> | undefined;
  const fetchOverNode: typeof fetch = (input, init) => {
    const body = init?.body;
    if (
      input instanceof Request ||
      (body !== undefined && body !== null && typeof body !== "string" && !(body instanceof Uint8Array))
    ) {
      return fetch(input, init);
    }
    const url = input instanceof URL ? input : new URL(input);
    if (url.protocol !== "http:" && url.protocol !== "https:") return fetch(input, init);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const headers: Record<string, string> = {};
    const given = init?.headers;
    if (given instanceof Headers || Array.isArray(given)) {
      for (const [name, value] of given) headers[name.toLowerCase()] = value;
    } else if (given) {
      for (const name in given) headers[name.toLowerCase()] = String((given as Record<string, string>)[name]);
    }
    const secure = url.protocol === "https:";
    let send: HttpModule["request"];
    let agent: InstanceType<HttpModule["Agent"]>;
    if (secure) {
      https ??= process.getBuiltinModule("node:https");
      httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets });
      send = https.request as HttpModule["request"];
      agent = httpsAgent;
    } else {
      http ??= process.getBuiltinModule("node:http");
      httpAgent ??= new http.Agent({ keepAlive: true, maxSockets });
      send = http.request;
      agent = httpAgent;
    }
    return new Promise<Response>((resolve, reject) => {
      const attempt = (again: boolean): void => {
        let answered = false;
        const request = send(
          {
            protocol: url.protocol,
            hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            method: init?.method ?? "GET",
            headers,
            agent,
          },
          (incoming) => {
            answered = true;
            const responseHeaders = new Headers();
            const raw = incoming.rawHeaders;
            for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i] as string, raw[i + 1] as string);
            const status = incoming.statusCode ?? 0;
            if (NULL_BODY_STATUSES.has(status) || init?.method === "HEAD") {
              incoming.resume();
              signal?.removeEventListener("abort", abort);
              resolve(
                new Response(null, { status, statusText: incoming.statusMessage ?? "", headers: responseHeaders }),
              );
              return;
            }
            const done = () => signal?.removeEventListener("abort", abort);
            resolve(
              new (nodeBodyResponse())(new IncomingReader(incoming, done), {
                status,
                statusText: incoming.statusMessage ?? "",
                headers: responseHeaders,
              }),
            );
          },
        );
        const abort = () => {
          request.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException("aborted", "AbortError"));
        };
        signal?.addEventListener("abort", abort, { once: true });
        request.once("error", (error: Error & { code?: string }) => {
          signal?.removeEventListener("abort", abort);
          // A kept-alive connection the server closed while it sat idle (its keep-alive timeout, 5 s on
          // node:http servers) fails the request written to it before any answer: the server never read
          // it. Sent once more, on a new connection, as node:http's documentation advises.
          if (
            !again &&
            !answered &&
            request.reusedSocket &&
            !signal?.aborted &&
            (error.code === "ECONNRESET" || error.code === "EPIPE")
          ) {
            attempt(true);
            return;
          }
          reject(signal?.aborted ? (signal.reason ?? error) : new TypeError("fetch failed", { cause: error }));
        });
        // The whole body in end(), with no header sent yet: node:http declares its Content-Length.
        request.end(body ?? undefined);
      };
      attempt(false);
    });
  };
  return {
    fetch: fetchOverNode,
    destroy() {
      httpAgent?.destroy();
      httpsAgent?.destroy();
    },
  };
}

type ReadResult = { done: true; value?: Uint8Array | undefined } | { done: false; value: Uint8Array };

/**
 * The body of a node:http response as a BodyReader: chunks in order, the socket paused while 16
 * wait unread. What `nodeHttpFetch`'s responses read from, with or without a web stream on top.
 */
class IncomingReader implements BodyReader {
  private readonly chunks: Uint8Array[] = [];
  private ended = false;
  private failure: unknown;
  private failed = false;
  private waiting: { resolve: (result: ReadResult) => void; reject: (error: unknown) => void } | undefined;

  constructor(
    private readonly incoming: IncomingMessage,
    /** Called once when the body has ended, failed or been cancelled. */
    private readonly done: () => void,
  ) {
    incoming.on("data", (chunk: Uint8Array) => {
      const value = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const waiting = this.waiting;
      if (waiting) {
        this.waiting = undefined;
        waiting.resolve({ done: false, value });
        return;
      }
      this.chunks.push(value);
      if (this.chunks.length >= 16) incoming.pause();
    });
    incoming.once("end", () => this.finish());
    incoming.once("error", (error: unknown) => {
      if (this.ended) return;
      this.failed = true;
      this.failure = error;
      this.ended = true;
      this.done();
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(error);
    });
  }

  read(): Promise<ReadResult> {
    const value = this.chunks.shift();
    if (value !== undefined) {
      if (this.chunks.length === 0 && this.incoming.isPaused()) this.incoming.resume();
      return Promise.resolve({ done: false, value });
    }
    if (this.failed) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  cancel(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.chunks.length = 0;
    // A body already received whole is drained, keeping the connection for the next request.
    if (this.incoming.complete) this.incoming.resume();
    else this.incoming.destroy();
    this.finish();
    return Promise.resolve();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.done();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve({ done: true, value: undefined });
  }
}

/**
 * A web Response whose body is read from node's response: typed-mcp's client reads it through
 * BODY_READER with no web stream at all; `body` makes the stream on first use, and the reading
 * methods (`text()`, `json()`, ...) read through a plain Response around it.
 */
function makeNodeBodyResponse() {
  class NodeBodyResponse extends Response {
    #reader: IncomingReader;
    #taken = false;
    #stream: ReadableStream<Uint8Array> | undefined;
    #web: Response | undefined;

    constructor(reader: IncomingReader, init: ResponseInit) {
      super(null, init);
      this.#reader = reader;
    }

    /** The body's reader, once (a second call throws, like a locked stream's getReader). */
    [BODY_READER](): BodyReader {
      if (this.#stream) return this.#stream.getReader();
      if (this.#taken) throw new TypeError("the response body is already being read");
      this.#taken = true;
      return this.#reader;
    }

    /** The body as a web stream, made on first use. */
    streamBody(): ReadableStream<Uint8Array> {
      if (!this.#stream) {
        const reader = this[BODY_READER]();
        this.#stream = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { done, value } = await reader.read();
            if (done) controller.close();
            else controller.enqueue(value);
          },
          cancel: () => reader.cancel(),
        });
      }
      return this.#stream;
    }

    /** A plain Response around the stream, for the reading methods. */
    webResponse(): Response {
      this.#web ??= new Response(this.streamBody(), {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
      return this.#web;
    }

    /** Whether the body has been read (or is being read). */
    usedBody(): boolean {
      return (this.#taken && !this.#stream) || (this.#web?.bodyUsed ?? this.#stream?.locked ?? false);
    }
  }

  Object.defineProperty(NodeBodyResponse.prototype, "body", {
    get(this: NodeBodyResponse) {
      return this.streamBody();
    },
    configurable: true,
  });
  Object.defineProperty(NodeBodyResponse.prototype, "bodyUsed", {
    get(this: NodeBodyResponse) {
      return this.usedBody();
    },
    configurable: true,
  });
  for (const name of ["arrayBuffer", "blob", "bytes", "formData", "json", "text", "clone"] as const) {
    if (!(name in Response.prototype)) continue;
    Object.defineProperty(NodeBodyResponse.prototype, name, {
      value(this: NodeBodyResponse) {
        return (this.webResponse() as unknown as Record<string, () => unknown>)[name]?.();
      },
      configurable: true,
      writable: true,
    });
  }
  return NodeBodyResponse;
}

let madeNodeBodyResponse: ReturnType<typeof makeNodeBodyResponse> | undefined;

/**
 * The class, made on the first response: declaring it at load time would read the global
 * `Response`, which on Node loads undici, and importing typed-mcp/node (stdio included) should not.
 */
function nodeBodyResponse(): ReturnType<typeof makeNodeBodyResponse> {
  madeNodeBodyResponse ??= makeNodeBodyResponse();
  return madeNodeBodyResponse;
}
