/**
 * A minimal `fetch` over node:http, for the load test's clients. The global fetch (undici) keeps a
 * pool object per connection it ever opened for as long as the process lives, which would show in
 * a heap measurement as growth that is not typed-mcp's; with an http.Agent every socket and its
 * bookkeeping go away once the server closes it.
 */
import { type Agent, request } from "node:http";
import { Readable } from "node:stream";

export function nodeFetch(agent: Agent): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const outgoing = request(
        new URL(String(input)),
        { method: init.method ?? "GET", headers, agent, ...(init.signal ? { signal: init.signal } : {}) },
        (incoming) => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (typeof value === "string") responseHeaders.set(name, value);
            else if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
          }
          const body = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
          resolve(new Response(body, { status: incoming.statusCode ?? 500, headers: responseHeaders }));
        },
      );
      outgoing.on("error", reject);
      outgoing.end(typeof init.body === "string" ? init.body : undefined);
    })) as typeof fetch;
}
