/**
 * typed-mcp: a TypeScript SDK for the Model Context Protocol whose protocol surface is generated
 * from the specification's versioned JSON schemas.
 */

export type * as V2024_11_05 from "../generated/2024-11-05/index.js";
export type * as V2025_03_26 from "../generated/2025-03-26/index.js";
export type * as V2025_06_18 from "../generated/2025-06-18/index.js";
export type * as V2025_11_25 from "../generated/2025-11-25/index.js";
export type * as V2026_07_28 from "../generated/2026-07-28/index.js";
export type { ProtocolMethodMaps } from "../generated/registry.js";
export { SCHEMA_PINS } from "../generated/registry.js";
export {
  ErrorCode,
  type ErrorCodeValue,
  McpError,
  type MethodDirection,
  MethodNotInVersionError,
  type SchemaIssue,
  SchemaViolationError,
  UnsupportedProtocolVersionError,
  ValidatorsUnavailableError,
} from "./errors.js";
export {
  isSupportedProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  type ProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./protocol-versions.js";
export {
  getMethodTable,
  type MethodTable,
  validateClientNotification,
  validateClientRequest,
  validateClientResult,
  validateDefinition,
  validateServerNotification,
  validateServerRequest,
  validateServerResult,
} from "./validation/validate.js";
export { loadedProtocolVersions, loadProtocolVersion } from "./validation/validator-modules.js";
