/** What the MCP HTTP handler needs of the server it serves: McpServer and ServerRunner both are one. */

import type { JsonRpcRequest } from "../../jsonrpc/messages.js";
import type { Transport } from "../../jsonrpc/transport.js";

export interface ConnectsTransports {
  /** Serves a transport; how (back-channel, envelope required) the transport's own traits say. */
  connect(transport: Transport): Promise<unknown>;
  /**
   * Stateless lifecycle: headers the server itself defines (a tool's `x-mcp-header` parameters, mirrored as
   * `Mcp-Param-*`) checked against the body; a message describing the first disagreement, or
   * undefined when they agree.
   */
  checkRequestHeaders?(request: JsonRpcRequest, headers: Headers): string | undefined;
}
