/**
 * The MCP HTTP handler: a Streamable HTTP endpoint (the transport: sessions, streams, checks) in
 * front of an MCP server. It decides which lifecycle a POST belongs to, serves the stateless one
 * itself, and replays the handshakes the kernel needs but the client did not send on this
 * connection. `handle` is the web-standard entry point; hand it to `listen`/`toNodeListener` as is
 * and the node adapter takes its fast path.
 */

import type { StreamableHttpOptions } from "../../transport/streamable-http/options.js";
import { StreamableHttpEndpoint } from "../../transport/streamable-http/server.js";
import type { ConnectsTransports } from "./connects-transports.js";
import { primeSessionless, replayChange, replayHandshake } from "./handshake-replay.js";
import { StatelessPosts } from "./stateless-posts.js";

/**
 * Serves an McpServer (or a ServerRunner) over Streamable HTTP as a web-standard handler,
 * `handle(request: Request): Promise<Response>`, for any runtime; `listen` from `typed-mcp/node`
 * runs it on node:http. Both lifecycles, sessions (or none, `sessionless`), resumable SSE streams
 * and the Host/Origin guard come with it.
 */
export class StreamableHttpServer {
  private readonly endpoint: StreamableHttpEndpoint;
  private readonly stateless: StatelessPosts;
  /** The web-standard entry point. */
  handle: (request: Request) => Promise<Response>;

  /**
   * Creates the endpoint for `server` (an McpServer or a ServerRunner); every session gets a connection of
   * its own. See StreamableHttpOptions for the security defaults (Origin and Host checks, limits, idle
   * expiry).
   */
  constructor(server: ConnectsTransports, options: StreamableHttpOptions = {}) {
    this.endpoint = new StreamableHttpEndpoint(
      {
        claim: (request, message, principal) => this.stateless.claim(request, message, principal),
        connect: (transport) => server.connect(transport),
        primeSessionless,
        replayHandshake,
        requiredScopes: (message) =>
          message.kind === "request"
            ? server.requiredScopes?.(message.message.method, message.message.params)
            : undefined,
        replayChange,
      },
      options,
    );
    this.stateless = new StatelessPosts(server, this.endpoint.options);
    this.handle = this.endpoint.handle;
  }

  /** The number of live sessions. */
  get sessionCount(): number {
    return this.endpoint.sessionCount;
  }

  /** Ends every session and stops the idle sweeper. */
  async close(): Promise<void> {
    await this.stateless.close();
    await this.endpoint.close();
  }
}
