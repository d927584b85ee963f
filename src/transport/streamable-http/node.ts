/** The node:http adapter for the web-standard Streamable HTTP handler. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export type WebHandler = (request: Request) => Promise<Response>;

const SMALL_BODY_BYTES = 64 * 1024;

/** Turns a `(Request) => Promise<Response>` handler into a node:http request listener. */
export function toNodeListener(handler: WebHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
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
      hasBody && declared <= SMALL_BODY_BYTES
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
      .then(async (response) => {
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
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
        }
        res.end();
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`internal error: ${String((error as Error)?.message ?? error)}`);
      });
  };
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
  options: { host?: string; port?: number } = {},
): Promise<{
  server: Server;
  url: URL;
  close(): Promise<void>;
}> {
  const server = createServer(toNodeListener(handler));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
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
