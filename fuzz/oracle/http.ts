/**
 * The Streamable HTTP model: what the transport's rules (basic/transports/streamable-http of each
 * revision, and the Host/Origin checks of security_best_practices) say a request gets, short of
 * the JSON-RPC answer itself, which the JSON-RPC model (./jsonrpc.ts) judges per session.
 */
import { headerValueText } from "./header-values.js";
import { JsonRpcModel } from "./jsonrpc.js";
import {
  BATCH_VERSIONS,
  isEnvelopeVersion,
  isHandshakeVersion,
  isSpecVersion,
  MCP_NAME_FIELDS,
  PV_KEY,
  VERSION_WITHOUT_HEADER,
} from "./spec.js";

/** A request as it went out: its method, headers (lower-case names), body and, when JSON at all, the parsed body. */
export interface SentRequest {
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  parsed?: { value: unknown };
}

/** How the server under test is set up, as far as the rules depend on it. */
export interface HttpServerSetup {
  sessionless: boolean;
  jsonResponse: boolean;
  /** With an event store: streams can be resumed from a Last-Event-ID. */
  resumable: boolean;
  maxSessions: number;
  maxBodyBytes: number;
  /** Through the node:http adapter, whose request URL is made of the Host header. */
  overSocket: boolean;
}

export interface Session {
  id: string;
  model: JsonRpcModel;
  sent: unknown[];
  /** A GET stream may still be open (over a socket its close reaches the server a little later). */
  standaloneOpen: boolean;
  eventIds: string[];
}

export const newSession = (id: string): Session => ({
  id,
  model: new JsonRpcModel(),
  sent: [],
  standaloneOpen: false,
  eventIds: [],
});

/** The sessions the server has, as far as the model knows. */
export class CaseState {
  sessions: Session[] = [];
  current: Session | undefined;
  problems: string[] = [];
}

export type Expected =
  | { status: number | number[]; code?: number }
  /** Goes through to the kernel: 202 for what is not a request, 200 with an answer for a request. */
  | { kernel: true; session: Session | "stateless" | "new" | "modern" };

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]", "::1"];
/** The methods fetch spells in upper case whatever case they are given in. */
export const NORMALISED = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

function makesRequestUrl(host: string): boolean {
  try {
    const url = new URL(`http://${host}/mcp`);
    return url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

const hostAllowed = (host: string) => LOOPBACK.includes(host.replace(/:\d+$/, "").toLowerCase());

/** What the Streamable HTTP rules say this request gets, short of the kernel's answer. */
export function expected(built: SentRequest, state: CaseState, setup: HttpServerSetup): Expected {
  const h = built.headers;
  const host = h.host ?? "127.0.0.1";
  // The node adapter makes the request's URL of the Host header: one that makes no URL is a bad request.
  if (setup.overSocket && !makesRequestUrl(host)) return { status: 400, code: -32600 };
  if (!hostAllowed(host)) return { status: 403, code: -32600 };
  if (h.origin) {
    let originHost: string | undefined;
    try {
      originHost = new URL(h.origin).host;
    } catch {}
    if (originHost === undefined || !hostAllowed(originHost)) return { status: 403, code: -32600 };
  }
  const method = NORMALISED.includes(built.method.toUpperCase()) ? built.method.toUpperCase() : built.method;
  const stateless = setup.sessionless;
  const jsonMode = setup.jsonResponse;
  const accept = h.accept ?? "";
  const session = (): Session | Expected => {
    const id = h["mcp-session-id"];
    if (!id) return { status: 400, code: -32600 };
    const found = state.sessions.find((s) => s.id === id);
    if (!found) return { status: 404, code: -32600 };
    const version = h["mcp-protocol-version"];
    if (version !== undefined && !isHandshakeVersion(version)) {
      return { status: 400, code: -32600 };
    }
    return found;
  };
  if (method === "GET") {
    if (!accept.includes("text/event-stream")) return { status: 406, code: -32600 };
    if (stateless) return { status: 405 };
    const s = session();
    if (!("model" in s)) return s;
    const last = h["last-event-id"];
    if (last !== undefined) {
      if (!setup.resumable) return { status: 400, code: -32600 };
      return s.eventIds.includes(last) ? { status: 200 } : { status: 404, code: -32600 };
    }
    return s.standaloneOpen ? { status: [200, 409] } : { status: 200 };
  }
  if (method === "DELETE") {
    if (stateless) return { status: 405 };
    const s = session();
    if (!("model" in s)) return s;
    return { status: 200 };
  }
  if (method !== "POST") return { status: 405 };
  const both = accept.includes("application/json") && accept.includes("text/event-stream");
  if (!both && !(jsonMode && accept.includes("application/json"))) return { status: 406, code: -32600 };
  if (!(h["content-type"] ?? "").includes("application/json")) return { status: 415, code: -32600 };
  if ((built.body?.length ?? 0) > setup.maxBodyBytes) return { status: 413, code: -32600 };
  if (!built.parsed) return { status: 400, code: -32700 };
  const value = built.parsed.value as Record<string, unknown>;
  if (Array.isArray(value) && value.length > 0 && stateless) {
    // Sessionless: the POST's own version decides, its header or, without one, 2025-03-26 (the
    // version that has no such header); the fuzz server speaks every version.
    const version = h["mcp-protocol-version"] ?? VERSION_WITHOUT_HEADER;
    return (BATCH_VERSIONS as readonly string[]).includes(version)
      ? { kernel: true, session: "stateless" }
      : { status: 400, code: -32600 };
  }
  if (Array.isArray(value) && value.length > 0 && !stateless) {
    // A JSON-RPC batch is taken only within a session whose negotiated version has batches (2025-03-26).
    const s = session();
    const takes = "model" in s ? s.model.takesBatches() : false;
    if (takes === undefined) return { status: [200, 202, 400] };
    if (takes && "model" in s) return { kernel: true, session: s };
    return { status: 400, code: -32600 };
  }
  if (!isMessage(value)) return { status: 400, code: -32600 };
  const meta = (value.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  const envelope = meta?.[PV_KEY];
  const header = h["mcp-protocol-version"];
  // The handshake-less era (2026-07-28): the body names its version, or the header names a version
  // without a handshake (and no session, unless it is a version of that era). No session plays a part.
  const handshakeHeader = header !== undefined && isHandshakeVersion(header);
  const modern =
    typeof envelope === "string" ||
    (header !== undefined && !handshakeHeader && (h["mcp-session-id"] === undefined || isEnvelopeVersion(header)));
  if (modern) {
    if (!(Object.hasOwn(value, "method") && Object.hasOwn(value, "id"))) return { status: 202 };
    if (header !== undefined && !isSpecVersion(header)) {
      return { status: 400, code: -32022 };
    }
    if (header === undefined || (typeof envelope === "string" && header !== envelope))
      return { status: 400, code: -32020 };
    if (h["mcp-method"] !== value.method) return { status: 400, code: -32020 };
    const field = Object.hasOwn(MCP_NAME_FIELDS, value.method as string)
      ? MCP_NAME_FIELDS[value.method as string]
      : undefined;
    if (field) {
      const raw = h["mcp-name"];
      const decoded = raw === undefined ? undefined : headerValueText(raw);
      if (decoded === undefined || decoded !== (value.params as Record<string, unknown> | undefined)?.[field]) {
        return { status: 400, code: -32020 };
      }
    }
    return { kernel: true, session: "modern" };
  }
  if (stateless) {
    // The spec: an invalid or unsupported MCP-Protocol-Version is 400, with or without sessions.
    if (header !== undefined && !isSpecVersion(header)) {
      return { status: 400, code: -32600 };
    }
    return { kernel: true, session: "stateless" };
  }
  if (value.method === "initialize" && Object.hasOwn(value, "id")) {
    return state.sessions.length >= setup.maxSessions
      ? { status: 503, code: -32603 }
      : { kernel: true, session: "new" };
  }
  const s = session();
  if (!("model" in s)) return s;
  return { kernel: true, session: s };
}

/**
 * The session a request served on its own is judged in: a fresh model, no handshake assumed for a
 * request of the handshake-less era; a stateless server replays a handshake for the version the
 * header names (2025-03-26 without one) before any other request.
 */
export function servedAlone(
  kind: "stateless" | "modern",
  value: Record<string, unknown>,
  headers: SentRequest["headers"],
) {
  const session = newSession("");
  if (kind === "modern") return session;
  if (Array.isArray(value)) {
    // A sessionless batch: served on a connection primed at the POST's version (see expected()).
    session.model.assume(statelessInitialize(headers["mcp-protocol-version"] ?? VERSION_WITHOUT_HEADER));
    return session;
  }
  const isRequest = Object.hasOwn(value, "method") && Object.hasOwn(value, "id");
  const meta = (value.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  if (!(value.method === "initialize" && isRequest) && typeof meta?.[PV_KEY] !== "string") {
    session.model.assume(statelessInitialize(headers["mcp-protocol-version"] ?? VERSION_WITHOUT_HEADER));
  }
  return session;
}

/** The handshake a stateless server replays before a POST's message(s), at `version`. */
function statelessInitialize(version: string) {
  return {
    kind: "value" as const,
    value: {
      jsonrpc: "2.0",
      id: "__stateless-initialize__",
      method: "initialize",
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "stateless", version: "0" } },
    },
  };
}

/**
 * The HTTP status of the answer to a request: 200, but in the handshake-less era (2026-07-28) an
 * error answer maps to 400 (404 for an unknown method) for the protocol-level codes.
 */
export function answerStatus(modern: boolean, errorCode: number | undefined): number {
  if (!modern || errorCode === undefined) return 200;
  if (errorCode === -32601) return 404;
  return [-32700, -32600, -32602, -32020, -32021, -32022].includes(errorCode) ? 400 : 200;
}

/** Whether a body is one JSON-RPC message at all (the kernel model judges the rest). */
function isMessage(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  const isId = (id: unknown) => typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
  const isRecord = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (m.jsonrpc !== "2.0") return false;
  if (Object.hasOwn(m, "method")) {
    if (typeof m.method !== "string") return false;
    if (Object.hasOwn(m, "params") && !isRecord(m.params)) return false;
    return !Object.hasOwn(m, "id") || isId(m.id);
  }
  if (Object.hasOwn(m, "result")) return isId(m.id) && isRecord(m.result);
  if (Object.hasOwn(m, "error")) {
    const e = m.error as Record<string, unknown>;
    return isRecord(e) && typeof e.code === "number" && typeof e.message === "string" && (m.id === null || isId(m.id));
  }
  return false;
}
