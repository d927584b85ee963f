/**
 * A plain round-robin HTTP balancer on 127.0.0.1, as a load balancer with no session affinity:
 * each request goes to the next backend in turn; one that refuses the connection (it is down) is
 * skipped for the next, as a balancer's health check would. It counts what each backend served.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running proxy. */
export interface RoundRobinProxy {
  url: URL;
  /** Requests each backend answered, by its index. */
  served: number[];
  close(): Promise<void>;
}

/** Starts a proxy in front of `backends` (their base URLs, e.g. http://127.0.0.1:4001). */
export async function startRoundRobinProxy(backends: readonly URL[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served = backends.map(() => 0);
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer, tries: number) => {
    const index = next++ % backends.length;
    const target = backends[index] as URL;
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        served[index] = (served[index] ?? 0) + 1;
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on("error", () => outgoing.destroy());
        outgoing.on("close", () => answer.destroy());
      },
    );
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" && tries < backends.length) {
        forward(incoming, outgoing, body, tries + 1);
        return;
      }
      // A backend that died mid-answer: the client sees its connection end, as behind a real balancer.
      if (outgoing.headersSent) outgoing.destroy();
      else {
        outgoing.writeHead(502, { "content-type": "text/plain" });
        outgoing.end(`bad gateway: ${error.message}`);
      }
    });
    upstream.end(body);
  };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => forward(incoming, outgoing, Buffer.concat(chunks), 1));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    served,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
