/**
 * What every part of the Streamable HTTP client shares: the server's URL and the fetch that reaches
 * it, the options, the SSE streams open (all aborted at close), and the way messages and errors
 * reach the layer above.
 */
import type { JsonRpcMessage, RequestId } from "../../jsonrpc/messages.js";
import type { MessageExtraInfo, Transport } from "../../jsonrpc/transport.js";
import { ErrorCode } from "../../protocol/errors.js";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../ndjson.js";
import { authorizedFetch, type HttpAuthProvider } from "./auth-hook.js";
import { type DefaultFetch, defaultFetch } from "./default-fetch.js";

/** How the Streamable HTTP client reaches the server, reconnects, and bounds what it accepts. */
export interface StreamableHttpClientOptions {
  /**
   * The fetch every request goes through. By default, on Node.js: node:http with keep-alive agents
   * of this transport's own (as `nodeHttpFetch()` of `typed-mcp/node`), closed with the transport;
   * several times cheaper per request than the platform's `fetch`. Elsewhere (browsers, Bun, Deno,
   * workerd) the global `fetch`. A global `fetch` replaced after typed-mcp was imported (a test's
   * `vi.stubGlobal("fetch", …)`) is used instead, checked at each request. Pass
   * `fetch: globalThis.fetch` to use the platform's fetch on Node.js too: undici's global dispatcher
   * (a proxy, client certificates set through `setGlobalDispatcher`) applies to it alone.
   */
  fetch?: typeof fetch;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /**
   * Authorizes every request and answers the server's 401 and 403 (for OAuth: `OAuthProvider` from
   * `typed-mcp/auth`). The legacy HTTP+SSE fallback uses it too.
   */
  authProvider?: HttpAuthProvider;
  /** Open the standalone GET stream after the handshake (default true). */
  openStandaloneStream?: boolean;
  /**
   * Reconnecting a stream that ended before its answer (or the standalone stream): the first wait
   * when the server gave no `retry` (default 1000 ms), doubling up to `maxDelayMs` (30 s), at most
   * `maxAttempts` times in a row (default 5). Every wait has jitter, so that the clients of a server
   * that restarted do not all come back at once: a backoff wait is drawn from
   * [(1 - jitter) × delay, delay], a server's `retry` from [retry, (1 + jitter) × retry]
   * (`jitter` from 0 to 1, default 0.5; 0 turns it off).
   */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number; jitter?: number };
  /** Fall back to the legacy HTTP+SSE transport when the server refuses the initialize POST (default true). */
  legacyFallback?: boolean;
  /**
   * Largest message accepted from the server, in bytes (default 4 MiB, as stdio): a larger SSE event
   * or JSON body fails its request with -32000 instead of growing memory without bound.
   */
  maxMessageBytes?: number;
}

/**
 * How an SSE stream of a session is stopped (the transport closing, a message over the limit): it
 * cancels the stream's reader, where an AbortController per POST (its signal passed to fetch, and
 * its listeners there) stopped it before; the POST itself takes no signal, as before (only its
 * answer's stream was ever aborted).
 */
export class StreamAbort {
  /** Whether `abort()` was called. */
  aborted = false;
  /** The reader of the stream's body, once reading. */
  reader: { cancel(): Promise<void> } | undefined = undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reader?.cancel().catch(() => {});
  }
}

/** Shared by the session POSTs, the stateless POSTs and the SSE readers of one transport. */
export class HttpClientLink {
  readonly fetch: typeof fetch;
  /** The fetch this link made for itself (no `fetch` option), whose connections close with it. */
  private readonly ownFetch: DefaultFetch | undefined;
  /** Open SSE streams: closing the transport aborts them all. */
  readonly streams = new Set<{ abort(): void }>();
  closed = false;

  constructor(
    readonly url: URL,
    readonly options: StreamableHttpClientOptions,
    /** The transport whose callbacks the layer above set. */
    private readonly transport: Pick<Transport, "onmessage" | "onerror">,
  ) {
    // Called as a plain function: browsers refuse their fetch called as a method of another object
    // ("Illegal invocation"), which `this.fetch(…)` would be.
    const given = options.fetch;
    const own = given ? undefined : defaultFetch();
    this.ownFetch = own;
    const base: typeof fetch = own ? own.fetch : (input, init) => (given as typeof fetch)(input, init);
    this.fetch = options.authProvider ? authorizedFetch(base, options.authProvider) : base;
  }

  /** Closes the connections of the fetch this link made for itself (called once the transport closed). */
  releaseConnections(): void {
    this.ownFetch?.destroy();
  }

  get maxMessageBytes(): number {
    return this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  deliver(message: JsonRpcMessage, extra?: MessageExtraInfo): void {
    this.transport.onmessage?.(message, extra);
  }

  report(error: Error): void {
    this.transport.onerror?.(error);
  }

  /** Answers request `id` with -32000 (as when a connection closes): its caller is told now, not at its timeout. */
  answerConnectionClosed(id: RequestId, message: string): void {
    this.deliver({ jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message } });
  }

  /** A request's stream ended without its answer and cannot be resumed. */
  lost(id: RequestId | undefined, reason: string): void {
    if (id === undefined || this.closed) return;
    this.answerConnectionClosed(id, `Connection closed: ${reason}`);
  }
}

/** The cause of a failed fetch, as short as it can be said (ECONNREFUSED, ...). */
export function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}
