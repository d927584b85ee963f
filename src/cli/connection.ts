/**
 * Connecting the CLI to a target: a stdio server it starts, or an HTTP server it reaches (Streamable
 * HTTP, falling back to HTTP+SSE), in the lifecycle `--protocol-version` asks for (default: ask the
 * server with `server/discover`, else the initialize handshake). And what each failure means for the
 * exit status.
 */
import type { InitializedServer } from "../client/negotiation.js";
import { Client, type ClientOptions } from "../high-level/client.js";
import { ConnectionClosedError, JsonRpcError, RequestCancelledError, RequestTimeoutError } from "../jsonrpc/errors.js";
import type { Transport } from "../jsonrpc/transport.js";
import { type Lifecycle, lifecycleOf } from "../protocol/versions.js";
import { StdioClientTransport } from "../transport/stdio.js";
import { AuthorizationFailedError } from "../transport/streamable-http/auth-hook.js";
import { StreamableHttpClientTransport } from "../transport/streamable-http/client.js";
import { defaultFetch } from "../transport/streamable-http/default-fetch.js";
import { HttpTransportError } from "../transport/streamable-http/http-transport-error.js";
import type { CliOptions, Target } from "./arguments.js";
import {
  type AuthorizationFlow,
  AuthorizationRequiredError,
  authorizingFetch,
  BrowserOAuth,
  type BrowserOAuthOptions,
} from "./authorization.js";
import { ConnectionFailedError, ExitCode, type ExitCodeValue, UsageError } from "./exit-codes.js";
import type { CliIo } from "./terminal.js";

/** The CLI's client, connected, with what the negotiation settled. */
export interface Connected {
  client: Client;
  server: InitializedServer;
  lifecycle: Lifecycle;
  close(): Promise<void>;
}

/** What connecting needs besides the target: the options, the streams, and (later) an OAuth flow. */
export interface ConnectOptions {
  options: CliOptions;
  io: CliIo;
  /** Answers a 401 instead of the OAuth browser flow. */
  authorization?: AuthorizationFlow;
  /** Opens the browser flow's authorization URL instead of the system browser. */
  openBrowser?: (url: URL) => void;
  clientInfo?: { name: string; version: string };
}

export async function connect(
  target: Target,
  { options, io, authorization, clientInfo, openBrowser }: ConnectOptions,
): Promise<Connected> {
  const clientOptions: ClientOptions = { refreshOnListChanged: false };
  if (options.timeout !== undefined) clientOptions.requestTimeout = options.timeout;
  const version = options.protocolVersion;
  if (version === undefined) clientOptions.negotiation = "auto";
  else if (lifecycleOf(version) === "stateless") clientOptions.negotiation = "stateless";
  else {
    clientOptions.negotiation = "stateful";
    clientOptions.protocolVersions = [version];
  }
  const client = new Client(clientInfo ?? { name: "typed-mcp-cli", version: "0.1.0" }, clientOptions);
  const oauth =
    target.kind === "http" && !authorization && !hasAuthorizationHeader(options.headers)
      ? new BrowserOAuth(browserOptions(io, openBrowser))
      : undefined;
  const transport = transportFor(target, options, io, authorization, oauth);
  let server: InitializedServer;
  try {
    server = await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => {});
    await transport.close().catch(() => {});
    await oauth?.close();
    if (error instanceof JsonRpcError && !isConnectionError(error)) throw error;
    if (error instanceof AuthorizationRequiredError) throw error;
    const refusal = oauthRefusal(error, oauth);
    if (refusal) throw refusal;
    throw new ConnectionFailedError(`could not connect to ${describeTarget(target)}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return {
    client,
    server,
    lifecycle: lifecycleOf(server.protocolVersion),
    close: async () => {
      await client.close();
      await oauth?.close();
    },
  };
}

function hasAuthorizationHeader(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === "authorization");
}

function browserOptions(io: CliIo, open: ((url: URL) => void) | undefined): BrowserOAuthOptions {
  const env = io.env ?? {};
  return {
    print: (line) => io.stderr.write(`${line}\n`),
    openBrowser:
      process.platform === "darwin" || process.platform === "win32" || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY),
    ...(open ? { open } : {}),
  };
}

/** A failed OAuth flow, or a server still refusing after it, as the error that says what the server asked for. */
function oauthRefusal(error: unknown, oauth: BrowserOAuth | undefined): AuthorizationRequiredError | undefined {
  const challenge = oauth?.lastChallenge;
  if (!challenge) return undefined;
  if (error instanceof AuthorizationFailedError) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return new AuthorizationRequiredError(challenge, cause);
  }
  if (error instanceof HttpTransportError && (error.status === 401 || error.status === 403)) {
    return new AuthorizationRequiredError(challenge, `the server still answered HTTP ${error.status}`);
  }
  return undefined;
}

function transportFor(
  target: Target,
  options: CliOptions,
  io: CliIo,
  authorization: AuthorizationFlow | undefined,
  oauth: BrowserOAuth | undefined,
): Transport {
  if (target.kind === "http") {
    // The client's own default (node:http on Node.js) under the OAuth provider; without OAuth, the
    // same default under the fetch that answers a 401, and its connections closed with the transport.
    if (oauth) {
      return new StreamableHttpClientTransport(target.url, {
        headers: options.headers,
        authProvider: oauth,
        reconnect: { maxAttempts: 2 },
      });
    }
    const base = defaultFetch();
    const transport = new StreamableHttpClientTransport(target.url, {
      headers: options.headers,
      fetch: authorizingFetch(base.fetch, authorization),
      reconnect: { maxAttempts: 2 },
    });
    const close = transport.close.bind(transport);
    transport.close = async () => {
      try {
        await close();
      } finally {
        base.destroy();
      }
    };
    return transport;
  }
  if (Object.keys(options.headers).length > 0) throw new UsageError("--header applies to HTTP servers only");
  const transport = new StdioClientTransport({
    command: target.command,
    args: target.args,
    stderr: "pipe",
    cwd: io.cwd,
  });
  const start = transport.start.bind(transport);
  // The server's stderr is its own diagnostics: it goes to ours, never to stdout.
  transport.start = async () => {
    await start();
    transport.stderr?.on("data", (chunk: Buffer) => io.stderr.write(chunk.toString("utf8")));
  };
  return transport;
}

export function describeTarget(target: Target): string {
  return target.kind === "http" ? target.url.href : [target.command, ...target.args].join(" ");
}

function isConnectionError(error: unknown): boolean {
  return (
    error instanceof ConnectionClosedError ||
    error instanceof RequestTimeoutError ||
    error instanceof RequestCancelledError ||
    error instanceof HttpTransportError ||
    error instanceof AuthorizationRequiredError ||
    error instanceof ConnectionFailedError
  );
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? error.cause.message : "";
  return cause ? `${error.message}: ${cause}` : error.message;
}

/** The exit status for an error that ended a command, and the line that explains it on stderr. */
export function failureOf(error: unknown): { exitCode: ExitCodeValue; message: string } {
  if (error instanceof UsageError) return { exitCode: ExitCode.UsageError, message: error.message };
  if (isConnectionError(error)) return { exitCode: ExitCode.ConnectionError, message: messageOf(error) };
  if (error instanceof JsonRpcError) {
    return {
      exitCode: ExitCode.ProtocolError,
      message: `the server answered with error ${error.code}: ${error.message}`,
    };
  }
  // Anything else while talking to a server (a fetch that could not connect, a process that would not start).
  return { exitCode: ExitCode.ConnectionError, message: messageOf(error) };
}
