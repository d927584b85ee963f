/**
 * `typed-mcp/validation`: the validation API alone, for programs that only check messages. Importing
 * it loads no transport, session or server code.
 */
export {
  McpError,
  MethodNotInVersionError,
  type SchemaIssue,
  SchemaViolationError,
  UnsupportedProtocolVersionError,
  ValidatorsUnavailableError,
} from "../protocol/errors.js";
export {
  isSupportedProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  type ProtocolVersion,
  STATEFUL_PROTOCOL_VERSIONS,
  STATELESS_PROTOCOL_VERSIONS,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../protocol/versions.js";
export { serializeForVersion } from "../validation/serialize.js";
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
} from "../validation/validate.js";
export { loadedProtocolVersions, loadProtocolVersion } from "../validation/validator-modules.js";
