/**
 * Protocol-aware message sequences: for one protocol version, an opening (an initialize handshake,
 * or none, or a broken one) and then a mix of real requests with plausible or arbitrary params,
 * notifications (cancellations of known and unknown ids among them), responses nobody asked for,
 * and arbitrary JSON values. Everything is a JsonTree, printed to text by the fuzzers.
 */
import fc from "fast-check";
import { methodsOf } from "../oracle/schema.js";
import { isHandshakeVersion, PV_KEY, SPEC_VERSIONS, type SpecVersion } from "../oracle/spec.js";
import { anyText, arr, DANGEROUS_KEYS, deepTree, type JsonTree, jsonObjectTree, jsonTree, num, obj } from "./json.js";
import { FUZZ_PROMPT, FUZZ_RESOURCE, FUZZ_TEMPLATE } from "./targets.js";

/** Never produced by the id arbitrary: the id of the ping each case ends with. */
export const FINAL_PING_ID = "fuzz:final-ping";

const allMethods = (direction: "clientRequests" | "clientNotifications" | "serverRequests") => [
  ...new Set(SPEC_VERSIONS.flatMap((v) => methodsOf(direction, v))),
];
const ALL_CLIENT_REQUESTS = allMethods("clientRequests");
const ALL_CLIENT_NOTIFICATIONS = allMethods("clientNotifications");
const ALL_SERVER_REQUESTS = allMethods("serverRequests");
const KNOWN_METHODS = new Set([...ALL_CLIENT_REQUESTS, ...ALL_CLIENT_NOTIFICATIONS, ...ALL_SERVER_REQUESTS]);
const isKnownMethod = (method: string) => KNOWN_METHODS.has(method);

/** Request ids: a small pool (so ids repeat within a case), edge values, and junk that is not an id at all. */
export const requestId: fc.Arbitrary<JsonTree> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<JsonTree>(num(1), num(2), num(3), "1", "a", num(0)) },
  { weight: 2, arbitrary: fc.integer().map(num) },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<JsonTree>(
      num("-0"),
      num("1.5"),
      num("1e308"),
      num("9007199254740993"),
      "",
      "__proto__",
      "constructor",
      "x".repeat(300),
    ),
  },
  // Not ids: the message is invalid (or, for null, an id-less answer).
  { weight: 1, arbitrary: fc.constantFrom<JsonTree>(null, true, num("1e400"), arr(num(1)), obj(["a", num(1)])) },
);

const text = fc.oneof(fc.string({ maxLength: 12 }), anyText(12));
const cursor = fc.oneof(
  text,
  fc.constantFrom(
    ...["tools", "prompts", "resources", "resources/templates", "other"].flatMap((l) =>
      [0, 1, 2, 3, -1, 1.5, 1e9].map((o) => Buffer.from(JSON.stringify({ l, o })).toString("base64url")),
    ),
  ),
);
const uri = fc.oneof(
  fc.constantFrom(
    FUZZ_RESOURCE,
    "fuzz://items/1",
    "fuzz://items/",
    "fuzz://items/%ZZ",
    "file:///nope",
    "not a uri",
    "",
  ),
  // (Not fc.webUrl(): building it costs seconds.)
  fc
    .tuple(fc.constantFrom("http://", "https://", "file:///", "fuzz://items/", "urn:", "data:,", "//"), text)
    .map(([scheme, rest]) => `${scheme}${rest}`),
  text,
);
const version = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<string>(...SPEC_VERSIONS) },
  { weight: 1, arbitrary: fc.constantFrom("2099-01-01", "2024-10-07", "", "latest") },
  { weight: 1, arbitrary: text },
);
const level = fc.oneof(
  fc.constantFrom("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"),
  text,
);
const opt = (entry: fc.Arbitrary<readonly [string, JsonTree]>) =>
  fc.option(entry, { nil: undefined, freq: 3 }).map((e) => (e ? [e] : []));

/** Plausible params for a method: the right shape most of the time, with wrong values now and then. */
function plausibleParams(method: string, id: fc.Arbitrary<JsonTree>): fc.Arbitrary<Array<readonly [string, JsonTree]>> {
  const entry = (k: string, v: fc.Arbitrary<JsonTree>) => v.map((value) => [k, value] as const);
  const all = (...parts: Array<fc.Arbitrary<Array<readonly [string, JsonTree]>>>) =>
    fc.tuple(...parts).map((lists) => lists.flat());
  const one = (k: string, v: fc.Arbitrary<JsonTree>) => entry(k, v).map((e) => [e]);
  switch (method) {
    case "initialize":
      return all(
        one("protocolVersion", version),
        one("capabilities", fc.oneof(fc.constant(obj()), jsonTree)),
        one("clientInfo", fc.oneof(fc.constant(obj(["name", "fuzz"], ["version", "1"])), jsonTree)),
      );
    case "tools/call":
      return all(
        one("name", fc.oneof(fc.constantFrom("echo", "structured", "plain", "missing"), text)),
        opt(
          entry(
            "arguments",
            fc.oneof(
              text.map((t) => obj(["text", t])),
              fc.integer({ min: 0, max: 4 }).map((n) => obj(["text", "x"], ["times", num(n)])),
              fc.double().map((n) => obj(["n", num(JSON.stringify(n) ?? "null")])),
              fc.constant(obj(["n", num("1e308")])),
              jsonObjectTree,
              deepTree.map((deep) => obj(["text", "deep"], ["extra", deep])),
            ),
          ),
        ),
      );
    case "tools/list":
    case "prompts/list":
    case "resources/list":
    case "resources/templates/list":
    case "tasks/list":
      return opt(entry("cursor", cursor));
    case "resources/read":
    case "resources/subscribe":
    case "resources/unsubscribe":
      return one("uri", uri);
    case "prompts/get":
      return all(
        one("name", fc.oneof(fc.constant(FUZZ_PROMPT), text)),
        opt(
          entry(
            "arguments",
            fc.oneof(
              text.map((t) => obj(["name", t])),
              jsonObjectTree,
            ),
          ),
        ),
      );
    case "completion/complete":
      return all(
        one(
          "ref",
          fc.oneof(
            fc.constant(obj(["type", "ref/prompt"], ["name", FUZZ_PROMPT])),
            fc.constant(obj(["type", "ref/resource"], ["uri", FUZZ_TEMPLATE])),
            fc.constant(obj(["type", "ref/prompt"], ["name", "nope"])),
            jsonTree,
          ),
        ),
        one(
          "argument",
          fc.oneof(
            text.map((t) => obj(["name", "name"], ["value", t])),
            jsonTree,
          ),
        ),
      );
    case "logging/setLevel":
      return one("level", level);
    case "notifications/cancelled":
      return all(one("requestId", id), opt(entry("reason", text)));
    case "notifications/progress":
      return all(one("progressToken", id), one("progress", fc.integer().map(num)));
    case "tasks/get":
    case "tasks/cancel":
    case "tasks/result":
      return one("taskId", text);
    default:
      return fc.constant([]);
  }
}

/** A 2026-07-28 envelope: valid most of the time, else with a wrong version, parts missing or junk. */
const envelope: fc.Arbitrary<JsonTree> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constant(
      obj(
        [PV_KEY, "2026-07-28"],
        ["io.modelcontextprotocol/clientCapabilities", obj()],
        ["io.modelcontextprotocol/clientInfo", obj(["name", "fuzz"], ["version", "1"])],
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(version, fc.option(level, { nil: undefined }), fc.boolean(), fc.boolean())
      .map(([v, l, caps, info]) =>
        obj(
          [PV_KEY, v],
          ...(caps ? [["io.modelcontextprotocol/clientCapabilities", obj()] as const] : []),
          ...(info ? [["io.modelcontextprotocol/clientInfo", obj(["name", "f"], ["version", "1"])] as const] : []),
          ...(l === undefined ? [] : [["io.modelcontextprotocol/logLevel", l] as const]),
        ),
      ),
  },
  { weight: 1, arbitrary: jsonTree },
);

const progressMeta: fc.Arbitrary<JsonTree> = fc.oneof(
  requestId.map((token) => obj(["progressToken", token])),
  jsonTree,
);

function params(method: string, id: fc.Arbitrary<JsonTree>, withEnvelope: boolean): fc.Arbitrary<JsonTree | undefined> {
  const meta = withEnvelope
    ? fc.oneof(
        { weight: 8, arbitrary: envelope.map((e) => [["_meta", e] as const]) },
        { weight: 1, arbitrary: fc.constant([]) },
      )
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: progressMeta.map((m) => [["_meta", m] as const]) },
      );
  const plausible = fc
    .tuple(
      plausibleParams(method, id),
      meta,
      fc.array(fc.tuple(fc.constantFrom(...DANGEROUS_KEYS), jsonTree), { maxLength: 1 }),
    )
    .map(([entries, metaEntries, dangerous]) => obj(...entries, ...metaEntries, ...dangerous));
  return fc.oneof(
    { weight: 8, arbitrary: plausible },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: jsonTree },
  );
}

function message(entries: Array<readonly [string, JsonTree]>, paramsTree: JsonTree | undefined): JsonTree {
  return obj(...entries, ...(paramsTree === undefined ? [] : [["params", paramsTree] as const]));
}

/**
 * Arbitraries are pure (what they make depends only on the random source), so each is built once
 * and reused: building them per case cost more than drawing from them. The cases are the same.
 */
function memo<K, V>(make: (key: K) => V, keep: (key: K) => boolean = () => true): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    if (!keep(key)) return make(key);
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

/** One step of a case for `v`. */
export const step: (v: SpecVersion) => fc.Arbitrary<JsonTree> = memo(buildStep);

function buildStep(v: SpecVersion): fc.Arbitrary<JsonTree> {
  const stateless = !isHandshakeVersion(v);
  // Kept for the spec's method names only: a method made of random text is built afresh, so the cache stays small.
  const requestParams = memo((method: string) => params(method, requestId, stateless), isKnownMethod);
  const notificationParams = memo((method: string) => params(method, requestId, false), isKnownMethod);
  const ownRequests = methodsOf("clientRequests", v);
  const ownNotifications = methodsOf("clientNotifications", v);
  const requestMethod = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ownRequests) },
    { weight: 2, arbitrary: fc.constantFrom(...ALL_CLIENT_REQUESTS, ...ALL_SERVER_REQUESTS, "server/discover") },
    { weight: 1, arbitrary: fc.oneof(text, fc.constantFrom("", "__proto__", "constructor", "toString", "rpc.foo")) },
  );
  const request = requestMethod.chain((method) =>
    fc.tuple(requestId, requestParams(method)).map(([id, p]) =>
      message(
        [
          ["jsonrpc", "2.0"],
          ["id", id],
          ["method", method],
        ],
        p,
      ),
    ),
  );
  const notificationMethod = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ownNotifications, "notifications/cancelled") },
    { weight: 1, arbitrary: fc.constantFrom(...ALL_CLIENT_NOTIFICATIONS, ...ownRequests) },
    { weight: 1, arbitrary: text },
  );
  const notification = notificationMethod.chain((method) =>
    notificationParams(method).map((p) =>
      message(
        [
          ["jsonrpc", "2.0"],
          ["method", method],
        ],
        p,
      ),
    ),
  );
  const response = fc.oneof(
    fc.tuple(requestId, jsonTree).map(([id, result]) => obj(["jsonrpc", "2.0"], ["id", id], ["result", result])),
    fc
      .tuple(requestId, fc.oneof(fc.integer().map(num), jsonTree), jsonTree)
      .map(([id, code, m]) => obj(["jsonrpc", "2.0"], ["id", id], ["error", obj(["code", code], ["message", m])])),
  );
  // Well-formed messages bent a little: a field dropped, duplicated with another value, or misspelt.
  const bent = fc
    .tuple(
      fc.oneof(request, notification),
      fc.nat(),
      fc.constantFrom("drop", "duplicate", "jsonrpc", "extra"),
      jsonTree,
    )
    .map(([tree, pick, how, junk]) => {
      if (typeof tree !== "object" || tree === null || !("entries" in tree)) return tree;
      const entries = [...tree.entries];
      const index = pick % entries.length;
      const [k] = entries[index] as readonly [string, JsonTree];
      if (how === "drop") entries.splice(index, 1);
      else if (how === "duplicate") entries.push([k, junk]);
      else if (how === "jsonrpc") entries[0] = ["jsonrpc", junk === "2.0" ? "1.0" : junk];
      else entries.push(["__proto__", obj(["polluted", true])]);
      return obj(...entries);
    });
  return fc.oneof(
    { weight: 10, arbitrary: request },
    { weight: 4, arbitrary: notification },
    { weight: 3, arbitrary: bent },
    { weight: 1, arbitrary: response },
    { weight: 2, arbitrary: jsonTree },
    {
      weight: 1,
      arbitrary: fc.array(fc.oneof(request, notification, jsonTree), { maxLength: 3 }).map((items) => arr(...items)),
    },
  );
}

export interface MessageCase {
  version: SpecVersion;
  messages: JsonTree[];
}

const initialize = (v: SpecVersion, id: JsonTree) =>
  obj(
    ["jsonrpc", "2.0"],
    ["id", id],
    ["method", "initialize"],
    [
      "params",
      obj(["protocolVersion", v], ["capabilities", obj()], ["clientInfo", obj(["name", "fuzz"], ["version", "1"])]),
    ],
  );
const initialized = obj(["jsonrpc", "2.0"], ["method", "notifications/initialized"]);

/** A case for one protocol version: its opening (handshake or not), then up to `maxSteps` steps. */
export function messageCase(v: SpecVersion, maxSteps = 12): fc.Arbitrary<MessageCase> {
  const stateless = !isHandshakeVersion(v);
  const opening: fc.Arbitrary<JsonTree[]> = stateless
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant<JsonTree[]>([]) },
        { weight: 1, arbitrary: fc.constant<JsonTree[]>([initialize("2025-11-25", "init")]) },
      )
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant<JsonTree[]>([initialize(v, "init"), initialized]) },
        { weight: 1, arbitrary: fc.constant<JsonTree[]>([initialize(v, "init")]) },
        { weight: 1, arbitrary: fc.constant<JsonTree[]>([]) },
      );
  return fc
    .tuple(opening, fc.array(step(v), { maxLength: maxSteps }))
    .map(([open, steps]) => ({ version: v, messages: [...open, ...steps] }));
}

/** A case for any supported version. */
export const anyMessageCase = (maxSteps?: number): fc.Arbitrary<MessageCase> =>
  fc.oneof(...SPEC_VERSIONS.map((v) => messageCase(v, maxSteps)));
