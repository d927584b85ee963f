/** JSON-RPC 2.0 message shapes, and the check that sorts raw input into them. MCP-agnostic. */

export type RequestId = string | number;

/** A JSON-RPC request: it has an id and expects an answer. */
export interface JsonRpcRequest {
  /** Always `"2.0"`. */
  jsonrpc: "2.0";
  /** The request's id, unique among this sender's requests in flight; the answer carries it back. */
  id: RequestId;
  /** The method to call. */
  method: string;
  /** The method's params, when it has any. */
  params?: Record<string, unknown>;
}

/** A JSON-RPC notification: no id, no answer. */
export interface JsonRpcNotification {
  /** Always `"2.0"`. */
  jsonrpc: "2.0";
  /** The notification's method. */
  method: string;
  /** The method's params, when it has any. */
  params?: Record<string, unknown>;
}

/** A successful answer to a request. */
export interface JsonRpcResultResponse {
  /** Always `"2.0"`. */
  jsonrpc: "2.0";
  /** The id of the request this answers. */
  id: RequestId;
  /** The method's result. */
  result: Record<string, unknown>;
}

/** The `error` member of an error answer. */
export interface JsonRpcErrorObject {
  /** The JSON-RPC error code. */
  code: number;
  /** A short description of the error. */
  message: string;
  /** More about the error, as the sender defines it. */
  data?: unknown;
}

/** An answer that reports an error. */
export interface JsonRpcErrorResponse {
  /** Always `"2.0"`. */
  jsonrpc: "2.0";
  /** null (or, from some peers, absent) when the failing message's id could not be read. */
  id?: RequestId | null;
  /** What went wrong. */
  error: JsonRpcErrorObject;
}

/** Either kind of answer. */
export type JsonRpcResponse = JsonRpcResultResponse | JsonRpcErrorResponse;
/** Any JSON-RPC message. */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** A raw message sorted into its kind, or why it is not valid JSON-RPC. */
export type ClassifiedMessage =
  | { kind: "request"; message: JsonRpcRequest }
  | { kind: "notification"; message: JsonRpcNotification }
  | { kind: "result"; message: JsonRpcResultResponse }
  | { kind: "error"; message: JsonRpcErrorResponse }
  /** Not valid JSON-RPC; `id` is the request id when one could be read, so the error can answer it. */
  | { kind: "invalid"; id: RequestId | null; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value` can be a JSON-RPC id: a string or a finite number. */
export function isRequestId(value: unknown): value is RequestId {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

/** Sorts one decoded JSON value into a JSON-RPC message kind, or says why it is not one. */
export function classifyMessage(value: unknown): ClassifiedMessage {
  if (Array.isArray(value)) return { kind: "invalid", id: null, reason: "batches are not supported" };
  if (!isRecord(value)) return { kind: "invalid", id: null, reason: "a message must be a JSON object" };
  const id = isRequestId(value.id) ? value.id : null;
  if (value.jsonrpc !== "2.0") return { kind: "invalid", id, reason: 'jsonrpc must be "2.0"' };
  const hasId = "id" in value;
  if ("method" in value) {
    if (typeof value.method !== "string") return { kind: "invalid", id, reason: "method must be a string" };
    if ("params" in value && value.params !== undefined && !isRecord(value.params)) {
      return { kind: "invalid", id, reason: "params must be an object" };
    }
    if (!hasId) return { kind: "notification", message: value as unknown as JsonRpcNotification };
    if (!isRequestId(value.id)) return { kind: "invalid", id: null, reason: "id must be a string or a number" };
    return { kind: "request", message: value as unknown as JsonRpcRequest };
  }
  if ("result" in value) {
    if (!isRequestId(value.id)) return { kind: "invalid", id: null, reason: "a response needs a string or number id" };
    if (!isRecord(value.result)) return { kind: "invalid", id, reason: "result must be an object" };
    return { kind: "result", message: value as unknown as JsonRpcResultResponse };
  }
  if ("error" in value) {
    const error = value.error;
    if (!isRecord(error) || typeof error.code !== "number" || typeof error.message !== "string") {
      return { kind: "invalid", id, reason: "error must have a numeric code and a string message" };
    }
    if (value.id !== null && !isRequestId(value.id)) return { kind: "invalid", id: null, reason: "bad id" };
    return { kind: "error", message: value as unknown as JsonRpcErrorResponse };
  }
  return { kind: "invalid", id, reason: "neither a request, a notification nor a response" };
}
