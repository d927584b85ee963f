/** What the MCP HTTP handler needs of the server it serves: McpServer and ServerRunner both are one. */

import type { JsonRpcRequest } from "../../jsonrpc/messages.js";
import type { Transport } from "../../jsonrpc/transport.js";
import type { ProtocolVersion } from "../../protocol/versions.js";

/** What the Streamable HTTP server serves: anything that takes a transport per session or request (an `McpServer` or a `ServerRunner`). */
export interface ConnectsTransports {
  /** Serves a transport; how (back-channel, envelope required) the transport's own traits say. */
  connect(transport: Transport): Promise<unknown>;
  /** Every version the server speaks: what a -32022 lists and which MCP-Protocol-Version headers it takes. */
  readonly supportedProtocolVersions: readonly ProtocolVersion[];
  /**
   * Stateless lifecycle: headers the server itself defines (a tool's `x-mcp-header` parameters, mirrored as
   * `Mcp-Param-*`) checked against the body; a message describing the first disagreement, or
   * undefined when they agree.
   */
  checkRequestHeaders?(request: JsonRpcRequest, headers: Headers): string | undefined;
  /**
   * The scopes a request needs (a tool's, resource's or prompt's `scopes`): over HTTP with an auth
   * gate, a caller whose token lacks any of them gets 403 with the step-up challenge before the
   * request is served.
   */
  requiredScopes?(method: string, params: unknown): readonly string[] | undefined;
}
