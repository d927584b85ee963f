/**
 * `typed-mcp/node`: what needs Node.js: the stdio transports (child processes, process streams)
 * and the node:http adapter for the web-standard Streamable HTTP handler, and `nodeHttpFetch`.
 * Nothing else in the package imports a `node:` module (the HTTP clients' node:http default on
 * Node.js takes the built-ins from `process.getBuiltinModule`).
 */

export {
  type LoopbackAuthorization,
  type LoopbackOptions,
  loopbackAuthorization,
} from "../auth/client/loopback.js";
export { addSkillsFromDirectory, type SkillDirectoryOptions } from "../extensions/skills/directory.js";
export {
  StdioClientTransport,
  type StdioClientTransportOptions,
  StdioServerTransport,
  type StdioServerTransportOptions,
} from "../transport/stdio.js";
export {
  defaultServerEnvironment,
  type Environment,
  POSIX_INHERITED_ENV,
  WINDOWS_INHERITED_ENV,
} from "../transport/stdio-spawn.js";
export {
  listen,
  type NodeListener,
  toNodeListener,
  type WebHandler,
} from "../transport/streamable-http/node.js";
export { type NodeHttpFetchOptions, nodeHttpFetch } from "../transport/streamable-http/node-fetch.js";
