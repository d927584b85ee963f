/**
 * Streamable HTTP fuzzer: the requests of a case (../cases/http.ts) against a fresh
 * StreamableHttpServer (over a shared McpServer) in the case's mode, through its web-standard
 * `handle(Request)` or, for a small share of cases, over a real socket through the node:http
 * adapter (./http-wire.ts). Every status is checked against the transport's rules and every
 * JSON-RPC error body against its code (../oracle/http.ts), every answered POST must carry exactly
 * the answer to its request (checked, per session, by the JSON-RPC model), and afterwards the
 * server still answers a ping.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { InMemoryEventStore, type McpServer, StreamableHttpServer } from "../../src/index.js";
import {
  type Choice,
  FINAL_HTTP_PING_ID,
  finalSteps,
  HTTP_MAX_BODY_BYTES,
  type HttpCase,
  type Step,
} from "../cases/http.js";
import { printJson } from "../cases/json.js";
import { CaseDeadline, FuzzFailure, type ProcessGuard } from "../guards.js";
import {
  answerStatus,
  CaseState,
  expected,
  type HttpServerSetup,
  NORMALISED,
  newSession,
  type SentRequest,
  type Session,
  servedAlone,
} from "../oracle/http.js";
import { aimSocket, header, messagesOf, socketUrl, viaHandler, viaSocket } from "./http-wire.js";

export { closeHttpFuzzSockets } from "./http-wire.js";

function pick<T extends string>(value: Choice<T>, map: Record<T, string | undefined>): string | undefined {
  return typeof value === "object" ? value.junk : map[value];
}

/** The characters a header value cannot hold (C0 controls and DEL), dropped from the fuzzed values. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters looked for.
const CONTROL = /[\x00-\x1f\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters looked for.
const CONTROLS = /[\x00-\x1f\x7f]/g;

function build(step: Step, state: CaseState): SentRequest {
  const headers: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    // Header values cannot hold control characters or surrounding whitespace; such a request cannot be sent.
    if (value !== undefined) headers[name] = (CONTROL.test(value) ? value.replace(CONTROLS, "") : value).trim();
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

export async function runHttpCase(c: HttpCase, server: McpServer, guard: ProcessGuard, deadlineMs = 4000) {
  const setup: HttpServerSetup = {
    sessionless: c.mode === "stateless" || c.mode === "stateless-json",
    jsonResponse: c.mode === "json" || c.mode === "stateless-json",
    resumable: c.mode === "resumable",
    maxSessions: 2,
    maxBodyBytes: HTTP_MAX_BODY_BYTES,
    overSocket: c.overSocket,
  };
  const http = new StreamableHttpServer(server, {
    maxBodyBytes: setup.maxBodyBytes,
    maxSessions: setup.maxSessions,
    jsonResponse: setup.jsonResponse,
    sessionless: setup.sessionless,
    ...(setup.resumable ? { eventStore: new InMemoryEventStore() } : {}),
  });
  const url = c.overSocket ? await socketUrl() : undefined;
  aimSocket(http);
  const send = (built: SentRequest) => (url ? viaSocket(url, built) : viaHandler(http, built));
  const state = new CaseState();
  const problems = state.problems;
  const deadline = new CaseDeadline(deadlineMs);
  try {
    const steps = [...c.steps];
    let finalPing = false;
    for (let index = 0; index < steps.length || !finalPing; index++) {
      if (index >= steps.length) {
        steps.push(...finalSteps(c, state.current !== undefined));
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
      const want = expected(built, state, setup);
      // What the step was, for a failure's message (only written out when one is).
      const describe = () =>
        `step ${index} ${built.method} ${JSON.stringify(built.headers)} ${built.body?.subarray(0, 1200).toString("utf8").slice(0, 300) ?? ""}`;
      const last = finalPing && index === steps.length - 1;
      const answer = await deadline.race(send(built), describe);
      const { messages, eventIds } = messagesOf(answer, problems);
      if (
        last &&
        !messages.some(
          (m) =>
            (m as { id?: unknown; result?: unknown }).id === FINAL_HTTP_PING_ID && (m as { result?: unknown }).result,
        )
      ) {
        problems.push(`the server no longer answers ping: status ${answer.status}, ${answer.text.slice(0, 300)}`);
      }
      if ("status" in want) {
        const statuses = Array.isArray(want.status) ? want.status : [want.status];
        if (!statuses.includes(answer.status))
          problems.push(`${describe()}: status ${answer.status}, expected ${want.status}`);
        // (A HEAD answer has no body to carry the error.)
        if (want.code !== undefined && built.method.toUpperCase() !== "HEAD") {
          const code = (messages[0] as { error?: { code?: unknown } } | undefined)?.error?.code;
          if (code !== want.code) problems.push(`${describe()}: error code ${String(code)}, expected ${want.code}`);
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
      // A session nobody will use again: its answer is judged at once.
      let alone = want.session === "modern" || want.session === "stateless";
      if (want.session === "new") {
        const id = header(answer, "mcp-session-id");
        const failed = messages.some((m) => Object.hasOwn(m as object, "error"));
        if (failed) {
          // The spec gives a session id with the InitializeResult only: a failed initialize opens none.
          if (id) problems.push(`${describe()}: a failed initialize opened session ${id}`);
          session = newSession("");
          alone = true;
        } else if (!id) {
          problems.push(`${describe()}: an initialize got no Mcp-Session-Id (status ${answer.status})`);
          continue;
        } else {
          session = newSession(id);
          state.sessions.push(session);
          state.current = session;
        }
      } else if (want.session === "modern" || want.session === "stateless") {
        session = servedAlone(want.session, value, built.headers);
      } else {
        session = want.session;
      }
      session.model.receive({ kind: "value", value });
      session.eventIds.push(...eventIds);
      if (Array.isArray(value)) {
        // A batch taken: 202 when nothing in it is answered, else its answers (one JSON array, or SSE events).
        if (answer.status === 202) {
          if (answer.text !== "") problems.push(`${describe()}: a 202 with a body`);
        } else if (answer.status !== 200) {
          problems.push(`${describe()}: status ${answer.status} for a batch, expected 200 or 202`);
        } else if (setup.jsonResponse && !(messages.length === 1 && Array.isArray(messages[0]))) {
          problems.push(
            `${describe()}: a batch answered in JSON mode with ${answer.text.slice(0, 300)}, not one array`,
          );
        }
        session.sent.push(...messages);
        // A sessionless batch: nobody will use its connection again.
        if (alone) problems.push(...session.model.check(session.sent).map((p) => `${describe()}: ${p}`));
        continue;
      }
      if (!isRequest) {
        if (answer.status !== 202) problems.push(`${describe()}: status ${answer.status}, expected 202`);
        if (answer.text !== "") problems.push(`${describe()}: a 202 with a body`);
        continue;
      }
      const responses = messages.filter(
        (m) => Object.hasOwn(m as object, "result") || Object.hasOwn(m as object, "error"),
      );
      // The handshake-less era maps errors to statuses (400, or 404 for an unknown method); 200 otherwise.
      const errorCode = (responses[0] as { error?: { code?: number } } | undefined)?.error?.code;
      const status = answerStatus(want.session === "modern", errorCode);
      if (answer.status !== status) problems.push(`${describe()}: status ${answer.status}, expected ${status}`);
      if (responses.length !== 1 || (responses[0] as { id?: unknown }).id !== value.id) {
        problems.push(
          `${describe()}: expected exactly the answer to ${JSON.stringify(value.id)}, got ${JSON.stringify(messages).slice(0, 400)}`,
        );
      }
      session.sent.push(...messages);
      if (alone) {
        problems.push(...session.model.check(session.sent).map((p) => `${describe()}: ${p}`));
      }
    }
    for (const session of state.sessions)
      problems.push(...session.model.check(session.sent).map((p) => `session: ${p}`));
  } finally {
    deadline.end();
    await http.close();
    aimSocket(undefined);
  }
  if (problems.length > 0) throw new FuzzFailure(`mode ${c.mode}, version ${c.version}:\n  ${problems.join("\n  ")}`);
  await nextTurn();
  guard.check();
}
