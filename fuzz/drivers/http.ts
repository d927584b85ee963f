/**
 * Streamable HTTP fuzzer: sequences of HTTP requests against a fresh StreamableHttpServer (over a
 * shared McpServer) in one of its modes (SSE, JSON responses, stateless, stateless JSON,
 * resumable), through its web-standard `handle(Request)` and, for a small share of cases, over a
 * real socket through the node:http adapter. Methods, the MCP headers and bodies are arbitrary.
 * Every status is checked against the transport's rules, every JSON-RPC error body against its
 * code, every answered POST must carry exactly the answer to its request (checked, per session,
 * by the JSON-RPC model), and afterwards the server still answers a ping.
 */
import { request as httpRequest } from "node:http";
import { setImmediate as nextTurn } from "node:timers/promises";
import fc from "fast-check";
import {
  InMemoryEventStore,
  listen,
  type McpServer,
  type ProtocolVersion,
  STATEFUL_PROTOCOL_VERSIONS,
  type StreamableHttpOptions,
  StreamableHttpServer,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../../src/index.js";
import { decodeHeaderValue } from "../../src/protocol/mcp-headers.js";
import { STATELESS_PROTOCOL_VERSIONS } from "../../src/protocol/versions.js";
import { type JsonTree, printJson } from "../cases/json.js";
import { PV_KEY, step } from "../cases/messages.js";
import { FuzzFailure, type ProcessGuard, withDeadline } from "../guards.js";
import { JsonRpcModel } from "../oracle/jsonrpc.js";

export const HTTP_MAX_BODY_BYTES = 8 * 1024;
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]", "::1"];
const MODES = ["sse", "json", "stateless", "stateless-json", "resumable"] as const;
type Mode = (typeof MODES)[number];

type Choice<T extends string> = T | { junk: string };
interface Step {
  method: string;
  session: Choice<"current" | "none" | "unknown">;
  version: Choice<"none" | ProtocolVersion>;
  accept: Choice<"both" | "json" | "sse" | "none" | "any">;
  contentType: Choice<"json" | "json-charset" | "text" | "none">;
  lastEventId: Choice<"none" | "seen">;
  origin: Choice<"none" | "local" | "evil" | "null">;
  host: Choice<"local" | "localhost" | "ipv6" | "evil">;
  body: { message: JsonTree } | { bytes: Uint8Array } | { big: number } | "none";
}

export interface HttpCase {
  mode: Mode;
  version: ProtocolVersion;
  steps: Step[];
  overSocket: boolean;
}

const junk = fc.string({ maxLength: 20 }).map((text) => ({ junk: text }));
const choice = <T extends string>(usual: T, ...others: T[]): fc.Arbitrary<Choice<T>> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(usual) },
    { weight: 2, arbitrary: others.length > 0 ? fc.constantFrom(...others) : fc.constant(usual) },
    { weight: 1, arbitrary: junk },
  );

function stepArbitrary(version: ProtocolVersion, bodies: fc.Arbitrary<JsonTree>): fc.Arbitrary<Step> {
  return fc.record({
    method: fc.oneof(
      { weight: 10, arbitrary: fc.constant("POST") },
      { weight: 2, arbitrary: fc.constantFrom("GET", "DELETE") },
      { weight: 1, arbitrary: fc.constantFrom("PUT", "PATCH", "OPTIONS", "HEAD", "post", "Get", "FOO", "M-SEARCH") },
    ),
    session: choice<"current" | "none" | "unknown">("current", "none", "unknown"),
    version: choice<"none" | ProtocolVersion>(
      STATEFUL_PROTOCOL_VERSIONS.includes(version) ? version : "none",
      "none",
      ...SUPPORTED_PROTOCOL_VERSIONS,
    ),
    accept: choice<"both" | "json" | "sse" | "none" | "any">("both", "json", "sse", "none", "any"),
    contentType: choice<"json" | "json-charset" | "text" | "none">("json", "json-charset", "text", "none"),
    lastEventId: choice<"none" | "seen">("none", "seen"),
    origin: choice<"none" | "local" | "evil" | "null">("none", "local", "evil", "null"),
    host: choice<"local" | "localhost" | "ipv6" | "evil">("local", "localhost", "ipv6", "evil"),
    body: fc.oneof(
      { weight: 10, arbitrary: bodies.map((message) => ({ message })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ bytes })) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: HTTP_MAX_BODY_BYTES - 4, max: HTTP_MAX_BODY_BYTES + 64 }).map((big) => ({ big })),
      },
      { weight: 1, arbitrary: fc.constant("none" as const) },
    ),
  });
}

const initializeTree = (version: ProtocolVersion): JsonTree => ({
  entries: [
    ["jsonrpc", "2.0"],
    ["id", "http-init"],
    ["method", "initialize"],
    [
      "params",
      {
        entries: [
          ["protocolVersion", version],
          ["capabilities", { entries: [] }],
          [
            "clientInfo",
            {
              entries: [
                ["name", "fuzz"],
                ["version", "1"],
              ],
            },
          ],
        ],
      },
    ],
  ],
});

const CLEAN: Omit<Step, "body"> = {
  method: "POST",
  session: "current",
  version: "none",
  accept: "both",
  contentType: "json",
  lastEventId: "none",
  origin: "none",
  host: "local",
};

export const httpCase: fc.Arbitrary<HttpCase> = fc
  .record({
    mode: fc.constantFrom(...MODES),
    version: fc.constantFrom(...SUPPORTED_PROTOCOL_VERSIONS),
    overSocket: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.02),
  })
  .chain(({ mode, version, overSocket }) => {
    const bodies = fc.oneof(
      { weight: 8, arbitrary: step(version) },
      { weight: 1, arbitrary: fc.constant(initializeTree(version)) },
    );
    const handshake = STATEFUL_PROTOCOL_VERSIONS.includes(version) ? version : "2025-11-25";
    const opening: Step[] = mode.startsWith("stateless")
      ? []
      : [{ ...CLEAN, version: "none", body: { message: initializeTree(handshake) } }];
    return fc
      .record({
        open: fc.oneof({ weight: 6, arbitrary: fc.constant(opening) }, { weight: 1, arbitrary: fc.constant([]) }),
        steps: fc.array(stepArbitrary(version, bodies), { maxLength: 4 }),
      })
      .map(({ open, steps }) => ({ mode, version, overSocket, steps: [...open, ...steps] }));
  });

// ---- the model ------------------------------------------------------------------------------

interface Built {
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** The parsed body, when it is JSON at all. */
  parsed?: { value: unknown };
}

function pick<T extends string>(value: Choice<T>, map: Record<T, string | undefined>): string | undefined {
  return typeof value === "object" ? value.junk : map[value];
}

interface Session {
  id: string;
  model: JsonRpcModel;
  sent: unknown[];
  /** A GET stream may still be open (over a socket its close reaches the server a little later). */
  standaloneOpen: boolean;
  eventIds: string[];
}

class CaseState {
  sessions: Session[] = [];
  current: Session | undefined;
  /** Messages answered on stateless POSTs, each with its own fresh model. */
  problems: string[] = [];
}

function build(step: Step, state: CaseState): Built {
  const headers: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    // Header values cannot hold control characters or surrounding whitespace; such a request cannot be sent.
    if (value !== undefined)
      headers[name] = [...value]
        .filter((ch) => ch >= " " && ch !== "\x7f")
        .join("")
        .trim();
  };
  set(
    "mcp-session-id",
    pick(step.session, { current: state.current?.id, none: undefined, unknown: "0123456789abcdef0123456789abcdef" }),
  );
  set(
    "mcp-protocol-version",
    typeof step.version === "object" ? step.version.junk : step.version === "none" ? undefined : step.version,
  );
  set(
    "accept",
    pick(step.accept, {
      both: "application/json, text/event-stream",
      json: "application/json",
      sse: "text/event-stream",
      none: undefined,
      any: "*/*",
    }),
  );
  set(
    "content-type",
    pick(step.contentType, {
      json: "application/json",
      "json-charset": "application/json; charset=utf-8",
      text: "text/plain",
      none: undefined,
    }),
  );
  const seen = state.current?.eventIds ?? [];
  set("last-event-id", pick(step.lastEventId, { none: undefined, seen: seen[seen.length - 1] ?? "no-such-event" }));
  set(
    "origin",
    pick(step.origin, { none: undefined, local: "http://localhost:5173", evil: "https://evil.example", null: "null" }),
  );
  set(
    "host",
    pick(step.host, { local: "127.0.0.1:3000", localhost: "localhost", ipv6: "[::1]:8080", evil: "evil.example:80" }),
  );
  for (const [name, value] of Object.entries(headers)) if (value === "") delete headers[name];
  let body: Buffer | undefined;
  let parsed: { value: unknown } | undefined;
  if (step.body !== "none") {
    if ("message" in step.body) body = Buffer.from(printJson(step.body.message));
    else if ("bytes" in step.body) body = Buffer.from(step.body.bytes);
    else {
      const filler = "x".repeat(Math.max(0, step.body.big - 60));
      body = Buffer.from(`{"jsonrpc":"2.0","method":"notifications/initialized","params":{"x":"${filler}"}}`);
    }
    try {
      parsed = { value: JSON.parse(body.toString("utf8")) };
    } catch {}
  }
  return { method: step.method, headers, body, ...(parsed ? { parsed } : {}) };
}

function makesRequestUrl(host: string): boolean {
  try {
    const url = new URL(`http://${host}/mcp`);
    return url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

const hostAllowed = (host: string) => LOOPBACK.includes(host.replace(/:\d+$/, "").toLowerCase());

type Expected =
  | { status: number | number[]; code?: number }
  /** Goes through to the kernel: 202 for what is not a request, 200 with an answer for a request. */
  | { kernel: true; session: Session | "stateless" | "new" | "modern" };

const NORMALISED = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/** What the Streamable HTTP rules say this request gets, short of the kernel's answer. */
function expected(built: Built, state: CaseState, mode: Mode, maxSessions: number, overSocket: boolean): Expected {
  const h = built.headers;
  const host = h.host ?? "127.0.0.1";
  // The node adapter makes the request's URL of the Host header: one that makes no URL is a bad request.
  if (overSocket && !makesRequestUrl(host)) return { status: 400, code: -32600 };
  if (!hostAllowed(host)) return { status: 403, code: -32600 };
  if (h.origin) {
    let originHost: string | undefined;
    try {
      originHost = new URL(h.origin).host;
    } catch {}
    if (originHost === undefined || !hostAllowed(originHost)) return { status: 403, code: -32600 };
  }
  const method = NORMALISED.includes(built.method.toUpperCase()) ? built.method.toUpperCase() : built.method;
  const stateless = mode === "stateless" || mode === "stateless-json";
  const jsonMode = mode === "json" || mode === "stateless-json";
  const accept = h.accept ?? "";
  const session = (): Session | Expected => {
    const id = h["mcp-session-id"];
    if (!id) return { status: 400, code: -32600 };
    const found = state.sessions.find((s) => s.id === id);
    if (!found) return { status: 404, code: -32600 };
    const version = h["mcp-protocol-version"];
    if (version !== undefined && !(STATEFUL_PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
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
      if (mode !== "resumable") return { status: 400, code: -32600 };
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
  if ((built.body?.length ?? 0) > HTTP_MAX_BODY_BYTES) return { status: 413, code: -32600 };
  if (!built.parsed) return { status: 400, code: -32700 };
  const value = built.parsed.value as Record<string, unknown>;
  if (!isMessage(value)) return { status: 400, code: -32600 };
  const meta = (value.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  const envelope = meta?.[PV_KEY];
  const header = h["mcp-protocol-version"];
  // The handshake-less era (2026-07-28): the body names its version, or the header names a version
  // without a handshake (and no session, unless it is a version of that era). No session plays a part.
  const handshakeHeader = header !== undefined && (STATEFUL_PROTOCOL_VERSIONS as readonly string[]).includes(header);
  const modern =
    typeof envelope === "string" ||
    (header !== undefined &&
      !handshakeHeader &&
      (h["mcp-session-id"] === undefined || (STATELESS_PROTOCOL_VERSIONS as readonly string[]).includes(header)));
  if (modern) {
    if (!(Object.hasOwn(value, "method") && Object.hasOwn(value, "id"))) return { status: 202 };
    if (header !== undefined && !(SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(header)) {
      return { status: 400, code: -32022 };
    }
    if (header === undefined || (typeof envelope === "string" && header !== envelope))
      return { status: 400, code: -32020 };
    if (h["mcp-method"] !== value.method) return { status: 400, code: -32020 };
    const field = NAMED_METHODS[value.method as string];
    if (field) {
      const raw = h["mcp-name"];
      const decoded = raw === undefined ? undefined : decodeHeaderValue(raw);
      if (decoded === undefined || decoded !== (value.params as Record<string, unknown> | undefined)?.[field]) {
        return { status: 400, code: -32020 };
      }
    }
    return { kernel: true, session: "modern" };
  }
  if (stateless) {
    // The spec: an invalid or unsupported MCP-Protocol-Version is 400, with or without sessions.
    if (header !== undefined && !(SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(header)) {
      return { status: 400, code: -32600 };
    }
    return { kernel: true, session: "stateless" };
  }
  if (value.method === "initialize" && Object.hasOwn(value, "id")) {
    return state.sessions.length >= maxSessions ? { status: 503, code: -32603 } : { kernel: true, session: "new" };
  }
  const s = session();
  if (!("model" in s)) return s;
  return { kernel: true, session: s };
}

/** Which body field the Mcp-Name header mirrors, per method (2026-07-28). */
const NAMED_METHODS: Record<string, string> = { "tools/call": "name", "prompts/get": "name", "resources/read": "uri" };

/** The HTTP status of a 2026-07-28 error answer. */
function modernStatusOf(code: number): number {
  if (code === -32601) return 404;
  return [-32700, -32600, -32602, -32020, -32021, -32022].includes(code) ? 400 : 200;
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

// ---- driving the server ----------------------------------------------------------------------

interface Answer {
  status: number;
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The body, read to its end (or up to the first answer, for a GET's endless stream). */
  text: string;
}

const header = (answer: Answer, name: string): string | undefined => {
  const headers = answer.headers;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

async function readBody(response: Response, endless: boolean): Promise<string> {
  if (!response.body) return "";
  if (endless) {
    await response.body.cancel();
    return "";
  }
  return await response.text();
}

async function viaHandler(http: StreamableHttpServer, built: Built): Promise<Answer> {
  const request = new Request("http://127.0.0.1:3000/mcp", {
    method: built.method,
    headers: built.headers,
    ...(built.body && !["GET", "HEAD"].includes(built.method.toUpperCase()) ? { body: built.body } : {}),
  });
  const response = await http.handle(request);
  const endless = built.method.toUpperCase() === "GET" && response.status === 200;
  return { status: response.status, headers: response.headers, text: await readBody(response, endless) };
}

function viaSocket(url: URL, built: Built): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const hasBody = built.body && !["GET", "HEAD"].includes(built.method.toUpperCase());
    const req = httpRequest(
      url,
      {
        method: built.method,
        headers: { ...built.headers, ...(hasBody ? { "content-length": String(built.body?.length) } : {}) },
      },
      (res) => {
        const endless = built.method.toUpperCase() === "GET" && res.statusCode === 200;
        if (endless) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: "" });
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (hasBody) req.end(built.body);
    else req.end();
  });
}

/** The JSON-RPC messages of a response body: SSE events' data, or one JSON body. */
function messagesOf(answer: Answer, problems: string[]): { messages: unknown[]; eventIds: string[] } {
  const type = header(answer, "content-type") ?? "";
  if (type.includes("text/event-stream")) {
    const messages: unknown[] = [];
    const eventIds: string[] = [];
    for (const block of answer.text.split("\n\n")) {
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""));
      const id = block.split("\n").find((line) => line.startsWith("id:"));
      if (id) eventIds.push(id.slice(3).trim());
      if (data.length === 0) continue;
      try {
        messages.push(JSON.parse(data.join("\n")));
      } catch {
        problems.push(`an SSE event that is not JSON: ${data.join("\n").slice(0, 200)}`);
      }
    }
    return { messages, eventIds };
  }
  if (answer.text === "") return { messages: [], eventIds: [] };
  try {
    return { messages: [JSON.parse(answer.text)], eventIds: [] };
  } catch {
    problems.push(`a body that is not JSON: ${answer.text.slice(0, 200)}`);
    return { messages: [], eventIds: [] };
  }
}

let socketServer: { url: URL; close(): Promise<void> } | undefined;
let socketTarget: StreamableHttpServer | undefined;

/** A real socket for the cases that want one: one listener per run, pointed at the current case's server. */
async function socketUrl(): Promise<URL> {
  socketServer ??= await listen((request) => (socketTarget as StreamableHttpServer).handle(request));
  return socketServer.url;
}

export async function closeHttpFuzzSockets(): Promise<void> {
  await socketServer?.close();
  socketServer = undefined;
}

export async function runHttpCase(c: HttpCase, server: McpServer, guard: ProcessGuard, deadlineMs = 4000) {
  const maxSessions = 2;
  const options: StreamableHttpOptions = {
    maxBodyBytes: HTTP_MAX_BODY_BYTES,
    maxSessions,
    jsonResponse: c.mode === "json" || c.mode === "stateless-json",
    sessionless: c.mode === "stateless" || c.mode === "stateless-json",
    ...(c.mode === "resumable" ? { eventStore: new InMemoryEventStore() } : {}),
  };
  const http = new StreamableHttpServer(server, options);
  const url = c.overSocket ? await socketUrl() : undefined;
  socketTarget = http;
  const send = (built: Built) => (url ? viaSocket(url, built) : viaHandler(http, built));
  const state = new CaseState();
  const problems = state.problems;
  const deadline = Date.now() + deadlineMs;
  try {
    const steps = [...c.steps];
    let finalPing = false;
    for (let index = 0; index < steps.length || !finalPing; index++) {
      if (index >= steps.length) {
        steps.push(...finalSteps(c, state));
        finalPing = true;
      }
      const step = steps[index] as Step;
      if (url && !NORMALISED.includes(step.method.toUpperCase()) && step.method !== "PATCH") {
        // node's HTTP parser answers methods it does not know itself (400), before any handler.
        step.method = "PROPFIND";
      }
      const built = build(step, state);
      // Over a socket, the adapter's Host is what the socket says unless given; keep the model's view in step.
      if (url && built.headers.host === undefined) built.headers.host = url.host;
      const want = expected(built, state, c.mode, maxSessions, url !== undefined);
      const what = `step ${index} ${built.method} ${JSON.stringify(built.headers)} ${built.body?.toString("utf8").slice(0, 300) ?? ""}`;
      const last = finalPing && index === steps.length - 1;
      const answer = await withDeadline(send(built), Math.max(1, deadline - Date.now()), what);
      const { messages, eventIds } = messagesOf(answer, problems);
      if (
        last &&
        !messages.some(
          (m) =>
            (m as { id?: unknown; result?: unknown }).id === "http-final-ping" && (m as { result?: unknown }).result,
        )
      ) {
        problems.push(`the server no longer answers ping: status ${answer.status}, ${answer.text.slice(0, 300)}`);
      }
      if ("status" in want) {
        const statuses = Array.isArray(want.status) ? want.status : [want.status];
        if (!statuses.includes(answer.status))
          problems.push(`${what}: status ${answer.status}, expected ${want.status}`);
        // (A HEAD answer has no body to carry the error.)
        if (want.code !== undefined && built.method.toUpperCase() !== "HEAD") {
          const code = (messages[0] as { error?: { code?: unknown } } | undefined)?.error?.code;
          if (code !== want.code) problems.push(`${what}: error code ${String(code)}, expected ${want.code}`);
        }
        const get = built.method.toUpperCase() === "GET" && built.headers["last-event-id"] === undefined;
        if (url && get && answer.status === 200) {
          const opened = state.sessions.find((s) => s.id === built.headers["mcp-session-id"]);
          if (opened) opened.standaloneOpen = true;
        }
        if (answer.status === 200 && built.method.toUpperCase() === "DELETE") {
          const id = built.headers["mcp-session-id"];
          state.sessions = state.sessions.filter((s) => s.id !== id);
          if (state.current?.id === id) state.current = state.sessions[state.sessions.length - 1];
        }
        continue;
      }
      const value = built.parsed?.value as Record<string, unknown>;
      const isRequest = Object.hasOwn(value, "method") && Object.hasOwn(value, "id");
      let session: Session;
      if (want.session === "new") {
        const id = header(answer, "mcp-session-id");
        if (!id) {
          problems.push(`${what}: an initialize got no Mcp-Session-Id (status ${answer.status})`);
          continue;
        }
        session = { id, model: new JsonRpcModel(), sent: [], standaloneOpen: false, eventIds: [] };
        state.sessions.push(session);
        state.current = session;
      } else if (want.session === "modern") {
        // Served on its own, from its envelope: a fresh model, no handshake assumed.
        session = { id: "", model: new JsonRpcModel(), sent: [], standaloneOpen: false, eventIds: [] };
      } else if (want.session === "stateless") {
        session = { id: "", model: new JsonRpcModel(), sent: [], standaloneOpen: false, eventIds: [] };
        const meta = (value.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
        if (!(value.method === "initialize" && isRequest) && typeof meta?.[PV_KEY] !== "string") {
          // Stateless: the server replays a handshake for the version the header names.
          session.model.assume({
            kind: "value",
            value: {
              jsonrpc: "2.0",
              id: "__stateless-initialize__",
              method: "initialize",
              params: {
                protocolVersion: built.headers["mcp-protocol-version"] ?? "2025-03-26",
                capabilities: {},
                clientInfo: { name: "stateless", version: "0" },
              },
            },
          });
        }
      } else {
        session = want.session;
      }
      session.model.receive({ kind: "value", value });
      session.eventIds.push(...eventIds);
      if (!isRequest) {
        if (answer.status !== 202) problems.push(`${what}: status ${answer.status}, expected 202`);
        if (answer.text !== "") problems.push(`${what}: a 202 with a body`);
        continue;
      }
      const responses = messages.filter(
        (m) => Object.hasOwn(m as object, "result") || Object.hasOwn(m as object, "error"),
      );
      // The handshake-less era maps errors to statuses (400, or 404 for an unknown method); 200 otherwise.
      const errorCode = (responses[0] as { error?: { code?: number } } | undefined)?.error?.code;
      const status = want.session === "modern" && errorCode !== undefined ? modernStatusOf(errorCode) : 200;
      if (answer.status !== status) problems.push(`${what}: status ${answer.status}, expected ${status}`);
      if (responses.length !== 1 || (responses[0] as { id?: unknown }).id !== value.id) {
        problems.push(
          `${what}: expected exactly the answer to ${JSON.stringify(value.id)}, got ${JSON.stringify(messages).slice(0, 400)}`,
        );
      }
      session.sent.push(...messages);
      if (want.session === "stateless" || want.session === "modern") {
        problems.push(...session.model.check(session.sent).map((p) => `${what}: ${p}`));
      }
    }
    for (const session of state.sessions)
      problems.push(...session.model.check(session.sent).map((p) => `session: ${p}`));
  } finally {
    await http.close();
    socketTarget = undefined;
  }
  if (problems.length > 0) throw new FuzzFailure(`mode ${c.mode}, version ${c.version}:\n  ${problems.join("\n  ")}`);
  await nextTurn();
  guard.check();
}

/** The end of every case: a clean ping, in the current session (a new one if there is none) or stateless. */
function finalSteps(c: HttpCase, state: CaseState): Step[] {
  const ping: JsonTree = {
    entries: [
      ["jsonrpc", "2.0"],
      ["id", "http-final-ping"],
      ["method", "ping"],
    ],
  };
  const steps: Step[] = [];
  if (!c.mode.startsWith("stateless") && !state.current) {
    steps.push({ ...CLEAN, body: { message: initializeTree("2025-11-25") } });
  }
  steps.push({ ...CLEAN, body: { message: ping } });
  return steps;
}
