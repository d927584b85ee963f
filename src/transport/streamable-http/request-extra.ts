/** What a Streamable HTTP request's message carries besides itself, for the kernel (its MessageExtraInfo). */

import type { MessageExtraInfo } from "../../jsonrpc/transport.js";

/**
 * The extra info of a POSTed message: its HTTP headers, copied only when a handler reads them (most
 * never do), and what the auth gate established. One object per request, its getter on the prototype.
 */
export class RequestExtra implements MessageExtraInfo {
  private info: MessageExtraInfo["requestInfo"];
  /** SEP-1699: ends the request's stream early, so the client resumes it (set when events are stored). */
  closeSseStream?: () => void;

  constructor(
    private readonly headers: Pick<Headers, "entries">,
    /** The authenticated caller (the auth gate's), or undefined. */
    readonly authInfo: unknown,
  ) {}

  /** The request's headers, copied on first read. */
  get requestInfo(): MessageExtraInfo["requestInfo"] {
    this.info ??= { headers: Object.fromEntries(this.headers.entries()) };
    return this.info;
  }
}
