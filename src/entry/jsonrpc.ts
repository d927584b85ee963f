/**
 * `typed-mcp/jsonrpc`: the MCP-agnostic layer underneath the sessions: JSON-RPC message shapes,
 * the dispatcher (ids, pending requests, timeouts, progress, cancellation), the transport contract
 * custom transports implement, and JSON-RPC's own errors.
 */
export { DirectDispatcher } from "../jsonrpc/direct-dispatcher.js";
export { DEFAULT_MAX_IN_FLIGHT_REQUESTS, Dispatcher, type DispatcherOptions } from "../jsonrpc/dispatcher.js";
export {
  ConnectionClosedError,
  JsonRpcError,
  JsonRpcErrorCode,
  NoBackChannelError,
  RequestCancelledError,
  RequestTimeoutError,
} from "../jsonrpc/errors.js";
export {
  type ClassifiedMessage,
  classifyMessage,
  isRequestId,
  type JsonRpcErrorObject,
  type JsonRpcErrorResponse,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type JsonRpcResultResponse,
  type RequestId,
} from "../jsonrpc/messages.js";
export {
  type CallOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type InboundHandler,
  type InboundRequest,
  type NotifyOptions,
  type Outbound,
  type Params,
  type Progress,
  type ProgressToken,
  toErrorObject,
} from "../jsonrpc/outbound.js";
export {
  MalformedMessageError,
  type MessageExtraInfo,
  MessageTooLargeError,
  StalledReaderError,
  type Transport,
  type TransportSendOptions,
  type TransportTraits,
} from "../jsonrpc/transport.js";
