/**
 * The JSON-RPC model every fuzzer checks the server against. It walks what the server received,
 * in order, and says what must come back: for each request exactly one response with the right
 * code (or a result), nothing for notifications and answers, a -32700 or -32600 with id null for
 * what has no readable id. It is written from the JSON-RPC and MCP specifications, not from the
 * code under test (nothing from src/): the version facts are its own (./spec.ts), and whether
 * params and results are valid for a version it asks the schema's generated validators (./schema.ts).
 */
import { FUZZ_TOOLS } from "../cases/targets.js";
import { definesMethod, methodsOf, validRequestParams, validResult } from "./schema.js";
import {
  BATCH_VERSIONS,
  CLIENT_CAPABILITIES_KEY,
  HANDSHAKE_VERSIONS,
  isEnvelopeVersion,
  isHandshakeVersion,
  PV_KEY,
  SPEC_VERSIONS,
  type SpecVersion,
  TOOL_INPUT_ERRORS_AS_RESULTS,
} from "./spec.js";

export type Inbound = { kind: "parse-error" } | { kind: "too-large" } | { kind: "value"; value: unknown };

/** The methods the fuzz server (an McpServer) has handlers for, besides initialize and ping. */
const HANDLED = new Set([
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "resources/subscribe",
  "resources/unsubscribe",
  "subscriptions/listen",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
]);
const LATEST_HANDSHAKE = HANDSHAKE_VERSIONS[HANDSHAKE_VERSIONS.length - 1] as SpecVersion;
const PARSE_ERROR = "an unparsable line";
const TOO_LARGE = "an oversized line";
const SERVER_NOTIFICATIONS = new Set(SPEC_VERSIONS.flatMap((v) => methodsOf("serverNotifications", v)));

type Outcome =
  | {
      result: true;
      method: string;
      version: SpecVersion | undefined;
      check?: (result: Record<string, unknown>) => string | undefined;
    }
  | { codes: readonly number[] };

interface Expectation {
  key: string;
  /** What was received, described only when a problem is reported. */
  what: unknown;
  outcomes: Outcome[];
  optional: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string | number =>
  typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
const has = (o: object, k: string) => Object.hasOwn(o, k);

export function idKey(id: unknown): string {
  if (id === null || id === undefined) return "null";
  if (typeof id === "number") return `n:${Object.is(id, -0) ? 0 : id}`;
  return `${typeof id}:${String(id)}`;
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch (error) {
    text = `(unprintable: ${(error as Error).message})`;
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export class JsonRpcModel {
  /**
   * What the handshake may have negotiated so far: usually one state, several when a request's fate
   * depends on timing (an initialize whose id may still be in flight from an earlier request).
   */
  private states = new Set<SpecVersion | undefined>([undefined]);
  private readonly expectations: Expectation[] = [];
  private readonly seenIds = new Set<string>();
  readonly problems: string[] = [];

  receive(inbound: Inbound): undefined {
    if (inbound.kind === "parse-error") return this.expect("null", PARSE_ERROR, [{ codes: [-32700] }]);
    if (inbound.kind === "too-large") return this.expect("null", TOO_LARGE, [{ codes: [-32600] }]);
    this.receiveValue(inbound.value);
  }

  /** Takes a message into account (a handshake the transport replayed) without expecting its answer to be seen. */
  assume(inbound: Inbound): undefined {
    const before = this.expectations.length;
    this.receive(inbound);
    this.expectations.length = before;
  }

  private expect(key: string, what: unknown, outcomes: Outcome[]): undefined {
    this.expectations.push({ key, what, outcomes, optional: false });
  }

  private receiveValue(value: unknown): undefined {
    const what = value;
    if (Array.isArray(value) && value.length > 0) return this.batch(value);
    if (!isRecord(value)) return this.expect("null", what, [{ codes: [-32600] }]);
    const readable = isId(value.id) ? idKey(value.id) : "null";
    if (value.jsonrpc !== "2.0") return this.expect(readable, what, [{ codes: [-32600] }]);
    if (has(value, "method")) {
      if (typeof value.method !== "string") return this.expect(readable, what, [{ codes: [-32600] }]);
      if (has(value, "params") && !isRecord(value.params)) return this.expect(readable, what, [{ codes: [-32600] }]);
      if (!has(value, "id"))
        return this.notification(value.method, value.params as Record<string, unknown> | undefined);
      if (!isId(value.id)) return this.expect("null", what, [{ codes: [-32600] }]);
      return this.request(idKey(value.id), value.method, value.params as Record<string, unknown> | undefined, what);
    }
    if (has(value, "result")) {
      if (!isId(value.id)) return this.expect("null", what, [{ codes: [-32600] }]);
      if (!isRecord(value.result)) return this.expect(readable, what, [{ codes: [-32600] }]);
      return; // An answer to nothing the server asked: no reply.
    }
    if (has(value, "error")) {
      const error = value.error;
      if (!isRecord(error) || typeof error.code !== "number" || typeof error.message !== "string") {
        return this.expect(readable, what, [{ codes: [-32600] }]);
      }
      if (value.id !== null && !isId(value.id)) return this.expect("null", what, [{ codes: [-32600] }]);
      return;
    }
    this.expect(readable, what, [{ codes: [-32600] }]);
  }

  /**
   * Whether a batch would be taken now: true or false, or undefined where timing leaves both
   * possible (the handshake's fate is not known yet).
   */
  takesBatches(): boolean | undefined {
    const taking = [...this.states].filter((state) => state !== undefined && BATCH_VERSIONS.includes(state));
    if (taking.length === this.states.size) return true;
    return taking.length === 0 ? false : undefined;
  }

  /**
   * A non-empty batch: taken, each element as if alone, where the negotiated version has batches;
   * refused whole (-32600, id null) anywhere else, before the handshake included. Where timing
   * leaves both possible, either answer is accepted.
   */
  private batch(elements: unknown[]): undefined {
    const taking = [...this.states].filter((state) => state !== undefined && BATCH_VERSIONS.includes(state));
    if (taking.length === 0) return this.expect("null", elements, [{ codes: [-32600] }]);
    const others = [...this.states].filter((state) => !taking.includes(state));
    const mixed = others.length > 0;
    const before = this.expectations.length;
    this.states = new Set(taking);
    for (const element of elements) {
      // A batch inside a batch is not a message.
      if (Array.isArray(element)) this.expect("null", element, [{ codes: [-32600] }]);
      else this.receiveValue(element);
    }
    for (const state of others) this.states.add(state);
    if (mixed) {
      for (const expectation of this.expectations.slice(before)) expectation.optional = true;
      this.expectations.push({ key: "null", what: elements, outcomes: [{ codes: [-32600] }], optional: true });
    }
  }

  private notification(method: string, params: Record<string, unknown> | undefined): undefined {
    if (method === "notifications/cancelled" && params && isId(params.requestId)) {
      // An earlier request with that id may now go unanswered (the spec: SHOULD NOT respond).
      const key = idKey(params.requestId);
      for (const expectation of this.expectations) if (expectation.key === key) expectation.optional = true;
    }
  }

  private request(key: string, method: string, params: Record<string, unknown> | undefined, what: unknown): undefined {
    const outcomes: Outcome[] = [];
    const next = new Set<SpecVersion | undefined>();
    for (const state of this.states) {
      const [some, after] = this.requestOutcomes(state, method, params);
      outcomes.push(...some);
      next.add(after);
    }
    // The same id while an earlier request with it is still running is refused with -32600 (state unchanged).
    if (this.seenIds.has(key)) {
      outcomes.push({ codes: [-32600] });
      for (const state of this.states) next.add(state);
    }
    this.states = next;
    this.seenIds.add(key);
    this.expect(key, what, outcomes);
    // A subscriptions/listen stream stays open until the client cancels it: no answer is due.
    if (method === "subscriptions/listen") (this.expectations.at(-1) as Expectation).optional = true;
  }

  private requestOutcomes(
    negotiated: SpecVersion | undefined,
    method: string,
    params: Record<string, unknown> | undefined,
  ): [Outcome[], SpecVersion | undefined] {
    const only = (outcomes: Outcome[]): [Outcome[], SpecVersion | undefined] => [outcomes, negotiated];
    const meta = params?._meta as Record<string, unknown> | undefined;
    const requested = meta?.[PV_KEY];
    // A request naming a version in its _meta before any handshake is of the handshake-less era: its
    // envelope must be whole (-32602), its version one the server speaks (-32022), and initialize and
    // ping are no methods of that era (-32601).
    if (!negotiated && requested !== undefined) {
      const capabilities = meta?.[CLIENT_CAPABILITIES_KEY];
      if (typeof requested !== "string" || typeof capabilities !== "object" || capabilities === null) {
        return only([{ codes: [-32602] }]);
      }
      if (!isEnvelopeVersion(requested)) return only([{ codes: [-32022] }]);
      return only(this.servedOutcomes(method, params, requested));
    }
    if (method === "initialize") {
      if (negotiated) return only([{ codes: [-32600] }]);
      const requested = params?.protocolVersion;
      const version = isHandshakeVersion(requested) ? requested : LATEST_HANDSHAKE;
      if (!validRequestParams("initialize", version, params)) return only([{ codes: [-32602] }]);
      const initialized: Outcome[] = [
        {
          result: true,
          method,
          version,
          check: (result) =>
            result.protocolVersion === version
              ? undefined
              : `negotiated ${String(result.protocolVersion)}, not ${version}`,
        },
      ];
      return [initialized, version];
    }
    if (method === "ping") return only([{ result: true, method, version: undefined }]);
    if (!negotiated) return only([{ codes: [-32600] }]);
    return only(this.servedOutcomes(method, params, negotiated));
  }

  /** What a request of an established version may get. */
  private servedOutcomes(method: string, params: Record<string, unknown> | undefined, version: SpecVersion): Outcome[] {
    if (method === "server/discover" && isEnvelopeVersion(version)) {
      return [{ result: true, method, version }];
    }
    if (!definesMethod("clientRequests", method, version) || !HANDLED.has(method)) {
      return [{ codes: [-32601] }];
    }
    if (!validRequestParams(method, version, params)) return [{ codes: [-32602] }];
    // A call of a tool the server has, in a revision where bad arguments are a tool error: a result.
    if (
      method === "tools/call" &&
      TOOL_INPUT_ERRORS_AS_RESULTS.includes(version) &&
      (FUZZ_TOOLS as readonly unknown[]).includes(params?.name)
    ) {
      return [{ result: true, method, version }];
    }
    // Valid for the schema: a result, or what the application says (unknown tool, bad cursor, no such resource).
    const outcomes: Outcome[] = [{ result: true, method, version }, { codes: [-32602] }];
    if (method === "resources/read") outcomes.push({ codes: [-32002] });
    return outcomes;
  }

  /** Checks what the server sent against everything received so far; returns the problems found. */
  check(sent: readonly unknown[]): string[] {
    const problems = [...this.problems];
    const responses = new Map<string, Record<string, unknown>[]>();
    // A batch's answers come as one array (never an empty one); each is judged as if sent alone.
    const flat: unknown[] = [];
    for (const message of sent) {
      if (!Array.isArray(message)) flat.push(message);
      else if (message.length === 0) problems.push("an empty array from the server");
      else flat.push(...message);
    }
    for (const message of flat) {
      const malformed = wellFormed(message);
      if (malformed) {
        problems.push(`malformed message from the server (${malformed}): ${describe(message)}`);
        continue;
      }
      const m = message as Record<string, unknown>;
      if (has(m, "method")) {
        if (has(m, "id")) problems.push(`unexpected request from the server: ${describe(m)}`);
        else if (!SERVER_NOTIFICATIONS.has(m.method as string)) problems.push(`unknown notification: ${describe(m)}`);
        continue;
      }
      const key = idKey(m.id);
      const list = responses.get(key) ?? [];
      list.push(m);
      responses.set(key, list);
    }
    const groups = new Map<string, Expectation[]>();
    for (const e of this.expectations) {
      const list = groups.get(e.key) ?? [];
      list.push(e);
      groups.set(e.key, list);
    }
    for (const key of new Set([...groups.keys(), ...responses.keys()])) {
      const wanted = groups.get(key) ?? [];
      const got = responses.get(key) ?? [];
      const { unmatchedExpectations, unmatchedResponses } = match(wanted, got);
      for (const e of unmatchedExpectations) {
        if (e.optional && unmatchedResponses.length === 0) continue;
        const reasons = unmatchedResponses.map((r) => describe(r)).join(" | ");
        problems.push(
          `${key}: expected ${e.outcomes.map(describeOutcome).join(" or ")} for ${e.what === PARSE_ERROR || e.what === TOO_LARGE ? e.what : describe(e.what)}` +
            (reasons ? `; got ${reasons}` : "; got no response"),
        );
      }
      if (unmatchedExpectations.length === 0) {
        for (const r of unmatchedResponses) problems.push(`${key}: a response nobody asked for: ${describe(r)}`);
      }
    }
    return problems;
  }
}

function describeOutcome(o: Outcome): string {
  return "result" in o ? `a ${o.method} result` : `error ${o.codes.join("/")}`;
}

function accepts(outcome: Outcome, response: Record<string, unknown>): boolean {
  if ("result" in outcome) {
    if (!isRecord(response.result)) return false;
    const result = response.result;
    if (outcome.version && outcome.method !== "ping") {
      if (!validResult(outcome.method, outcome.version, result)) return false;
      if (isEnvelopeVersion(outcome.version) && result.resultType !== "complete") return false;
    }
    return outcome.check?.(result) === undefined;
  }
  const error = response.error;
  if (!isRecord(error) || !outcome.codes.includes(error.code as number)) return false;
  if (error.code === -32022) {
    const data = error.data as { supported?: unknown } | undefined;
    return Array.isArray(data?.supported) && data.supported.length > 0;
  }
  return true;
}

/** Maximum bipartite matching of expectations to responses (Kuhn); groups are tiny. */
function match(wanted: Expectation[], got: Record<string, unknown>[]) {
  const owner: Array<number | undefined> = got.map(() => undefined);
  const tryAssign = (e: number, visited: boolean[]): boolean => {
    for (let r = 0; r < got.length; r++) {
      if (visited[r]) continue;
      const expectation = wanted[e] as Expectation;
      if (!expectation.outcomes.some((o) => accepts(o, got[r] as Record<string, unknown>))) continue;
      visited[r] = true;
      const current = owner[r];
      if (current === undefined || tryAssign(current, visited)) {
        owner[r] = e;
        return true;
      }
    }
    return false;
  };
  // Required expectations first: augmenting paths never unmatch them, so an optional one (a request
  // that may have been cancelled) cannot take the only response a required one could have.
  const matched: boolean[] = [];
  for (const optional of [false, true]) {
    wanted.forEach((expectation, e) => {
      if (expectation.optional === optional) matched[e] = tryAssign(e, []);
    });
  }
  return {
    unmatchedExpectations: wanted.filter((_, e) => !matched[e]),
    unmatchedResponses: got.filter((_, r) => owner[r] === undefined),
  };
}

/** JSON-RPC 2.0 shape of anything the server sends; undefined when fine. */
export function wellFormed(message: unknown): string | undefined {
  if (!isRecord(message)) return "not an object";
  if (message.jsonrpc !== "2.0") return "jsonrpc is not 2.0";
  if (has(message, "method")) {
    if (typeof message.method !== "string") return "method is not a string";
    if (has(message, "params") && !isRecord(message.params)) return "params is not an object";
    return undefined;
  }
  const hasResult = has(message, "result");
  const hasError = has(message, "error");
  if (hasResult === hasError) return "needs exactly one of result and error";
  if (hasResult) {
    if (!isId(message.id)) return "a result needs a string or number id";
    if (!isRecord(message.result)) return "result is not an object";
    return undefined;
  }
  if (message.id !== null && !isId(message.id)) return "bad id";
  const error = message.error;
  if (!isRecord(error)) return "error is not an object";
  if (!Number.isInteger(error.code)) return "error.code is not an integer";
  if (typeof error.message !== "string") return "error.message is not a string";
  return undefined;
}
