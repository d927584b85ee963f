/**
 * `typed-mcp/node`: what needs Node.js: the stdio transports (child processes, process streams)
 * and the node:http adapter for the web-standard Streamable HTTP handler. Nothing else in the
 * package imports a `node:` module.
 */

export { addSkillsFromDirectory, type SkillDirectoryOptions } from "../extensions/skills/directory.js";
export {
  StdioClientTransport,
  type StdioClientTransportOptions,
  StdioServerTransport,
  type StdioServerTransportOptions,
} from "../transport/stdio.js";
export { listen, type NodeListener, toNodeListener, type WebHandler } from "../transport/streamable-http/node.js";
