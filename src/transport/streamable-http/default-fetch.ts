/**
 * The fetch the HTTP clients use when given none: on Node.js, node:http (node-fetch.ts, loaded on
 * the first request; several times cheaper per request than the platform's `fetch`); anywhere
 * else, and whenever the global `fetch` has been replaced, the global `fetch`.
 *
 * The rule for a replaced global: the platform's own `fetch` is the one `globalThis.fetch` held
 * when this module was loaded. Each request checks that `globalThis.fetch` is still that function;
 * if a test or a library has put another one there since (`vi.stubGlobal("fetch", …)`), the request
 * goes to the one there now. A replacement made before typed-mcp was first imported cannot be told
 * from the platform's: pass it as the `fetch` option. `fetch: globalThis.fetch` opts out of node:http.
 */
import type { NodeFetch } from "./node-fetch.js";

/** `globalThis.fetch` as this module found it: taken to be the platform's own. */
const PLATFORM_FETCH: typeof fetch | undefined = typeof globalThis.fetch === "function" ? globalThis.fetch : undefined;

/**
 * Whether this is Node.js itself, with `process.getBuiltinModule` (Node >= 20.16), and not a
 * runtime that imitates some of it: Bun and Deno set `process.versions.node` too, workerd with
 * `nodejs_compat` has a `process`, and a browser bundle may carry a `process` shim.
 */
export function isNodeJs(): boolean {
  const proc = (
    globalThis as { process?: { versions?: Record<string, string | undefined>; getBuiltinModule?: unknown } }
  ).process;
  const versions = proc?.versions;
  if (!versions || typeof versions.node !== "string") return false;
  if (versions.bun !== undefined || versions.deno !== undefined) return false;
  if ((globalThis as { Deno?: unknown }).Deno !== undefined) return false;
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  if (agent === "Cloudflare-Workers") return false;
  return typeof proc?.getBuiltinModule === "function";
}

/** A client transport's fetch when it was given none, and what closing the transport frees. */
export interface DefaultFetch {
  /** The fetch. */
  readonly fetch: typeof fetch;
  /** Closes the node:http connections this transport opened (nothing elsewhere). */
  destroy(): void;
}

/** The default fetch of one transport: its own node:http agents on Node.js, else the global fetch. */
export function defaultFetch(): DefaultFetch {
  if (!isNodeJs() || PLATFORM_FETCH === undefined) {
    // Read at each request, as the node:http default does, so a fetch stubbed later is used.
    return { fetch: (input, init) => globalThis.fetch(input, init), destroy() {} };
  }
  return new NodeDefaultFetch(PLATFORM_FETCH);
}

class NodeDefaultFetch implements DefaultFetch {
  private made: NodeFetch | undefined;
  private loading: Promise<NodeFetch> | undefined;

  constructor(private readonly platform: typeof fetch) {}

  readonly fetch: typeof fetch = (input, init) => {
    const current = globalThis.fetch;
    if (current !== this.platform) return current(input, init);
    if (this.made) return this.made.fetch(input, init);
    return this.load().then((made) => made.fetch(input, init));
  };

  private load(): Promise<NodeFetch> {
    this.loading ??= import("./node-fetch.js").then((module) => {
      this.made = module.createNodeFetch();
      return this.made;
    });
    return this.loading;
  }

  destroy(): void {
    if (this.made) this.made.destroy();
    // Closed while the first request was still loading node-fetch.ts: its agents go once they exist.
    else
      this.loading?.then(
        (made) => made.destroy(),
        () => {},
      );
  }
}
