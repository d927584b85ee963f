/** The node:http adapter for the web-standard Streamable HTTP handler. */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import {
  type DirectSseSink,
  ON_ABORT,
  OPEN_SSE,
  PLAIN_ROUTE,
  PlainResponse,
  PREREAD_BODY,
  WRITTEN_DIRECTLY,
} from "./fast-path.js";
import { NodeSseSink } from "./node-sse.js";

/** A web-standard request handler, such as `StreamableHttpServer.handle`. */
export type WebHandler = (request: Request) => Promise<Response>;

const SMALL_BODY_BYTES = 64 * 1024;

/** The part of `Headers` the handler reads, straight over node's already-parsed headers. */
class NodeHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of Object.entries(this.raw)) {
      if (value !== undefined) yield [name, Array.isArray(value) ? value.join(", ") : value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this.entries()) callback(value, name);
  }
}

/**
 * What the StreamableHttpEndpoint reads of a request, built from node's objects without a web
 * Request: the body already read, the headers as node parsed them, the signal made on first use.
 */
class NodeRequest {
  readonly headers: NodeHeaders;
  private controller: AbortController | undefined;
  readonly body = null;

  [PREREAD_BODY]: Uint8Array | undefined;
  /** The body's chunks while it is being read (see readBody). */
  chunks: Buffer[] | undefined;
  /** The direct SSE sink answering this request, told first when the client goes away. */
  private sink: NodeSseSink | undefined;

  constructor(
    readonly method: string,
    readonly url: string,
    req: IncomingMessage,
    body: Uint8Array | undefined,
    readonly res: ServerResponse,
    /** The endpoint's plain entry point, run once the body is in. */
    readonly route: PlainRoute,
  ) {
    this.headers = new NodeHeaders(req.headers);
    this[PREREAD_BODY] = body;
  }

  /** An SSE answer written straight to the socket (see node-sse.ts). */
  [OPEN_SSE](headers: Record<string, string>): DirectSseSink {
    const sink = new NodeSseSink(this.res, 200, headers);
    this.sink = sink;
    return sink;
  }

  private listeners: Array<() => void> | undefined;
  private aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** Like `signal.addEventListener("abort", ...)` without making a signal (see whenAborted in fast-path.ts). */
  [ON_ABORT](listener: () => void): void {
    if (this.aborted) {
      listener();
      return;
    }
    this.listeners ??= [];
    this.listeners.push(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.sink?.gone();
    this.controller?.abort();
    const listeners = this.listeners;
    if (listeners === undefined) return;
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }

  /** Runs the route and writes what it answers. */
  run(): void {
    let answer: Promise<Response | PlainResponse> | Response | PlainResponse;
    try {
      answer = this.route(this as unknown as Request);
    } catch (error) {
      failed(this.res, error);
      return;
    }
    if (answer instanceof PlainResponse || typeof (answer as Promise<unknown>).then !== "function") {
      this.write(answer as Response | PlainResponse);
      return;
    }
    (answer as Promise<Response | PlainResponse>).then(
      (settled) => this.write(settled),
      (error: unknown) => failed(this.res, error),
    );
  }

  /** Writes the route's answer: a whole body at once, a web Response through its stream, nothing when written already. */
  private write(answer: Response | PlainResponse): void {
    const res = this.res;
    if (answer instanceof PlainResponse) {
      if (answer === WRITTEN_DIRECTLY) return;
      try {
        writePlain(res, answer);
      } catch (error) {
        failed(res, error);
      }
      return;
    }
    // A web Response (not tested with instanceof: reading the global Response loads undici on Node).
    pipeResponse(res, answer).catch((error: unknown) => failed(res, error));
  }
}

/** The endpoint's plain entry point (see StreamableHttpEndpoint.route). */
type PlainRoute = (request: Request) => Promise<Response | PlainResponse> | Response | PlainResponse;

/** Where a ServerResponse finds the fast path's request, for listeners shared by every request (no closure per call). */
const NODE_REQUEST: unique symbol = Symbol("typed-mcp.node-request");
type Carrying = { [NODE_REQUEST]?: NodeRequest };

function abortUnfinished(this: ServerResponse): void {
  // The client went away before the response finished: abort the request (cancels its handler).
  if (!this.writableFinished) (this as Carrying)[NODE_REQUEST]?.abort();
}

function bodyChunk(this: IncomingMessage, chunk: Buffer): void {
  (this as Carrying)[NODE_REQUEST]?.chunks?.push(chunk);
}

function bodyEnd(this: IncomingMessage): void {
  const request = (this as Carrying)[NODE_REQUEST];
  if (!request) return;
  const chunks = request.chunks ?? [];
  request.chunks = undefined;
  request[PREREAD_BODY] = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  request.run();
}

function bodyFailed(this: IncomingMessage, error: Error): void {
  const request = (this as Carrying)[NODE_REQUEST];
  if (request) failed(request.res, error);
}

function writePlain(res: ServerResponse, answer: PlainResponse): void {
  res.writeHead(answer.status, answer.headers as Record<string, string>);
  res.end(answer.body ?? undefined);
}

/**
 * A node:http listener for a body that a framework already read: the third argument, or else
 * `req.body` (what `express.json()` and similar middleware leave); Express's `next` is ignored.
 */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, bodyOrNext?: unknown) => void;

/**
 * Turns a `(Request) => Promise<Response>` handler into a node:http request listener, which also
 * serves as Express middleware (with or without `express.json()` in front) and, given Fastify's
 * parsed body, as a Fastify route: `listener(request.raw, reply.raw, request.body)`.
 */
export function toNodeListener(handler: WebHandler): NodeListener {
  const plain = (handler as { [PLAIN_ROUTE]?: PlainRoute })[PLAIN_ROUTE];
  return (req, res, bodyOrNext) => {
    const declaredLength = Number(req.headers["content-length"] ?? Number.NaN);
    const method = req.method ?? "GET";
    const bodiless = method === "GET" || method === "HEAD" || method === "DELETE";
    const preRead = bodiless ? undefined : alreadyRead(typeof bodyOrNext === "function" ? undefined : bodyOrNext, req);
    if (plain && (bodiless || preRead !== undefined || declaredLength <= SMALL_BODY_BYTES)) {
      fastPath(plain, req, res, method, bodiless, preRead);
      return;
    }
    const controller = new AbortController();
    // The client went away before the response finished: abort the request (cancels its handler).
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else if (value !== undefined) headers.set(name, value);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    // Small bodies of known length are read at once: cheaper than a web stream per request. The
    // handler still checks the size; anything else is streamed so it can refuse early.
    const body: Promise<RequestInit["body"]> =
      preRead !== undefined
        ? Promise.resolve(preRead)
        : hasBody && declared <= SMALL_BODY_BYTES
          ? new Promise((resolve, reject) => {
              const chunks: Buffer[] = [];
              req.on("data", (chunk: Buffer) => chunks.push(chunk));
              req.on("end", () => resolve(Buffer.concat(chunks)));
              req.on("error", reject);
            })
          : Promise.resolve(hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined);
    body
      .then((content) => {
        let request: Request;
        try {
          request = new Request(url, {
            method: req.method,
            headers,
            body: content,
            signal: controller.signal,
            // Node requires this for streaming request bodies.
            ...(content instanceof ReadableStream ? { duplex: "half" } : {}),
          } as RequestInit);
        } catch (error) {
          // No request can be made of what the client sent (a Host header that makes no URL): its error, not ours.
          return badRequest(error);
        }
        return handler(request);
      })
      .then((response) => pipeResponse(res, response))
      .catch((error: unknown) => failed(res, error));
  };
}

/**
 * The StreamableHttpEndpoint's own handler with a small body: no web Request, and a whole-body answer
 * written without a web Response; an SSE answer goes straight to the socket (node-sse.ts). The
 * listeners are shared functions that find the request on node's objects: no closure per call.
 */
function fastPath(
  route: PlainRoute,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  bodiless: boolean,
  preRead: Uint8Array | undefined,
): void {
  const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  if (!GOOD_URLS.has(url) && !makesRequestUrl(url)) {
    // No request can be made of what the client sent (a Host header that makes no URL): its error, not ours.
    req.resume();
    pipeResponse(res, badRequest(new TypeError(`Invalid URL: ${url}`))).catch((error: unknown) => failed(res, error));
    return;
  }
  const request = new NodeRequest(method, url, req, preRead, res, route);
  (res as Carrying)[NODE_REQUEST] = request;
  res.on("close", abortUnfinished);
  if (bodiless || preRead !== undefined) {
    request.run();
    return;
  }
  request.chunks = [];
  (req as Carrying)[NODE_REQUEST] = request;
  req.on("data", bodyChunk);
  req.on("end", bodyEnd);
  req.on("error", bodyFailed);
}

/**
 * The body a framework has already taken off the stream, as bytes: a parsed JSON value is written
 * back as JSON (the handler then checks its size and shape as for any body). Undefined when the
 * stream is still unread.
 */
function alreadyRead(given: unknown, req: IncomingMessage): Uint8Array | undefined {
  const body = given !== undefined ? given : (req as { body?: unknown }).body;
  // Read by something that kept nothing: an empty body (a parse error for the client), never a hang.
  if (body === undefined) return req.readableEnded ? new Uint8Array(0) : undefined;
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return Buffer.from(body);
  // express.json() leaves {} when the content type was not JSON and the stream is still unread.
  if (!req.readableEnded && given === undefined) return undefined;
  return Buffer.from(JSON.stringify(body));
}

async function pipeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  // An SSE stream may stay quiet for a while: the client must get the headers now.
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on("close", () => {
    reader.cancel().catch(() => {});
  });
  // A body that fails (an SSE stream closed because its reader stalled) ends the connection
  // at once, also while a write waits for a socket that will never drain.
  reader.closed.catch(() => res.destroy());
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await drainedOrClosed(res);
  }
  res.end();
}

function failed(res: ServerResponse, error: unknown): void {
  // A body that fails once under way (a stream closed because its reader stalled) ends the
  // connection: text appended to an SSE stream would be garbage, and a stalled socket never drains.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { "content-type": "text/plain" });
  res.end(`internal error: ${String((error as Error)?.message ?? error)}`);
}

/** Resolves when the response can take more, or is gone: waiting for "drain" alone hangs on a dead socket. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Request URLs already found good: the same few come again and again, and parsing one costs. */
const GOOD_URLS = new Set<string>();
const MAX_GOOD_URLS = 256;

/** What a web Request accepts as its URL: one that parses, without credentials. */
function makesRequestUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    const good = parsed.username === "" && parsed.password === "";
    if (good) {
      if (GOOD_URLS.size >= MAX_GOOD_URLS) GOOD_URLS.clear();
      GOOD_URLS.add(url);
    }
    return good;
  } catch {
    return false;
  }
}

function badRequest(error: unknown): Response {
  const message = `Bad Request: ${String((error as Error)?.message ?? error)}`;
  return new Response(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32600, message } }), {
    status: 400,
    headers: { "content-type": "application/json" },
  });
}

/** Starts a node:http server for `handler` on host:port (port 0 picks a free one). */
export async function listen(
  handler: WebHandler,
  /** backlog: connections the kernel queues before they are accepted (Node's default, 511, unless set). */
  options: { host?: string; port?: number; backlog?: number } = {},
): Promise<{
  /** The listening Node.js server. */
  server: Server;
  /** The MCP endpoint's URL: `http://<host>:<port>/mcp`, with the port the server got. */
  url: URL;
  /** Closes the server and its open connections. */
  close(): Promise<void>;
}> {
  const server = createServer(toNodeListener(handler));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, options.backlog ?? 511, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: new URL(`http://${host.includes(":") ? `[${host}]` : host}:${port}/mcp`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
