/**
 * The interactive step for command-line and desktop clients (RFC 8252 §7.3): a one-route HTTP
 * server on 127.0.0.1 receives the authorization server's redirect; the authorization URL is opened
 * in the user's browser where there is one, and printed to stderr in any case (a machine without a
 * browser: open it elsewhere, with the redirect reaching this machine). Node.js only, so it is
 * exported from `typed-mcp/node`, not `typed-mcp/auth`.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";

/** How the loopback helper listens, opens the browser and reports. */
export interface LoopbackOptions {
  /** The port on 127.0.0.1 (default 0: any free one). A pre-registered client needs the registered one. */
  port?: number;
  /** The redirect's path (default "/callback"). */
  path?: string;
  /** Open the system browser (default: when one can be expected: macOS, Windows, or a Linux desktop session). */
  openBrowser?: boolean;
  /** Give up waiting for the redirect after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Where the URL to open is printed (default: stderr). */
  print?: (line: string) => void;
  /** Opens the URL instead of the system browser (an embedded browser, or a test's automated one). */
  open?: (url: URL) => void;
}

/** A listening loopback redirect: pass `redirectUri` and `authorize` to `OAuthProvider`; `close()` when done. */
export interface LoopbackAuthorization {
  /**
   * The redirect URI to register and pass to `OAuthProvider`: `http://127.0.0.1:<port>/<path>` on the
   * listening port.
   */
  redirectUri: string;
  /** The interactive step (`OAuthProvider`'s `authorize` option): resolves with the redirect's URL. */
  authorize: (authorizationUrl: URL) => Promise<URL>;
  /** Stops listening; resolves once the listener is closed. */
  close(): Promise<void>;
}

/** Starts the loopback redirect listener. */
export async function loopbackAuthorization(options: LoopbackOptions = {}): Promise<LoopbackAuthorization> {
  const path = options.path ?? "/callback";
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  let waiting: { resolve: (url: URL) => void } | undefined;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://127.0.0.1`);
    if (request.method !== "GET" || url.pathname !== path || !waiting) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const done = waiting;
    waiting = undefined;
    const failed = url.searchParams.has("error");
    response
      .writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
      .end(
        `<!doctype html><title>typed-mcp</title><p>${
          failed ? "Authorization was not granted." : "Authorization complete."
        } You can close this window.</p>`,
      );
    done.resolve(new URL(`${redirectUri.replace(/\/[^/]*$/, "")}${url.pathname}${url.search}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  // Only a pending authorization keeps the process alive.
  server.unref();
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const redirectUri = `http://127.0.0.1:${port}${path}`;
  const authorize = (authorizationUrl: URL): Promise<URL> => {
    if (authorizationUrl.protocol !== "https:" && authorizationUrl.protocol !== "http:") {
      return Promise.reject(new Error(`refusing to open a ${authorizationUrl.protocol} authorization URL`));
    }
    return new Promise<URL>((resolve, reject) => {
      server.ref();
      const timer = setTimeout(() => {
        waiting = undefined;
        server.unref();
        reject(new Error("no authorization redirect arrived in time"));
      }, options.timeoutMs ?? 300_000);
      waiting = {
        resolve: (url) => {
          clearTimeout(timer);
          server.unref();
          resolve(url);
        },
      };
      print(`Open this URL to authorize: ${authorizationUrl.href}`);
      if (options.open) options.open(authorizationUrl);
      else if (options.openBrowser ?? hasBrowser()) openInBrowser(authorizationUrl.href);
    });
  };
  return {
    redirectUri,
    authorize,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function hasBrowser(): boolean {
  if (process.platform === "darwin" || process.platform === "win32") return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Hands the URL to the system's opener; a missing opener is not an error (the URL was printed). */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["rundll32", ["url.dll,FileProtocolHandler", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // printed already
  }
}
