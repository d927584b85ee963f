/**
 * Streamable HTTP fuzz cases: a server mode (SSE, JSON responses, stateless, stateless JSON,
 * resumable), a protocol version, whether the case goes over a real socket, and a few requests
 * whose method, MCP headers and body are usually right and sometimes arbitrary; most cases open
 * with an initialize handshake.
 */
import fc from "fast-check";
import { isHandshakeVersion, SPEC_VERSIONS, type SpecVersion } from "../oracle/spec.js";
import type { JsonTree } from "./json.js";
import { step } from "./messages.js";

/** The fuzz server's body limit: small, so oversized bodies are cheap to make. */
export const HTTP_MAX_BODY_BYTES = 8 * 1024;
export const MODES = ["sse", "json", "stateless", "stateless-json", "resumable"] as const;
export type Mode = (typeof MODES)[number];

/** Usually one of the named values, now and then any text. */
export type Choice<T extends string> = T | { junk: string };
export interface Step {
  method: string;
  session: Choice<"current" | "none" | "unknown">;
  version: Choice<"none" | SpecVersion>;
  accept: Choice<"both" | "json" | "sse" | "none" | "any">;
  contentType: Choice<"json" | "json-charset" | "text" | "none">;
  lastEventId: Choice<"none" | "seen">;
  origin: Choice<"none" | "local" | "evil" | "null">;
  host: Choice<"local" | "localhost" | "ipv6" | "evil">;
  body: { message: JsonTree } | { bytes: Uint8Array } | { big: number } | "none";
}

export interface HttpCase {
  mode: Mode;
  version: SpecVersion;
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

function stepArbitrary(version: SpecVersion, bodies: fc.Arbitrary<JsonTree>): fc.Arbitrary<Step> {
  return fc.record({
    method: fc.oneof(
      { weight: 10, arbitrary: fc.constant("POST") },
      { weight: 2, arbitrary: fc.constantFrom("GET", "DELETE") },
      { weight: 1, arbitrary: fc.constantFrom("PUT", "PATCH", "OPTIONS", "HEAD", "post", "Get", "FOO", "M-SEARCH") },
    ),
    session: choice<"current" | "none" | "unknown">("current", "none", "unknown"),
    version: choice<"none" | SpecVersion>(isHandshakeVersion(version) ? version : "none", "none", ...SPEC_VERSIONS),
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

const initializeTree = (version: SpecVersion): JsonTree => ({
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

/** The share of cases sent over a real socket through the node:http adapter, in percent. */
export const SOCKET_PERCENT = 10;

export const httpCase: fc.Arbitrary<HttpCase> = fc
  .record({
    mode: fc.constantFrom(...MODES),
    version: fc.constantFrom(...SPEC_VERSIONS),
    // Weighted choice, not a mapped double: fast-check biases doubles toward their bounds, so
    // `x < 0.02` sent about 92% of cases over a socket (at twice the cost of one through the handler).
    overSocket: fc.oneof(
      { weight: 100 - SOCKET_PERCENT, arbitrary: fc.constant(false) },
      { weight: SOCKET_PERCENT, arbitrary: fc.constant(true) },
    ),
  })
  .chain(({ mode, version, overSocket }) => {
    // Built once per (mode, version, socket) and reused: the same arbitrary draws the same cases, cheaper.
    const key = `${mode} ${version} ${overSocket}`;
    let rest = restOfCase.get(key);
    if (rest === undefined) {
      rest = buildRestOfCase(mode, version, overSocket);
      restOfCase.set(key, rest);
    }
    return rest;
  });

const restOfCase = new Map<string, fc.Arbitrary<HttpCase>>();

function buildRestOfCase(mode: Mode, version: SpecVersion, overSocket: boolean): fc.Arbitrary<HttpCase> {
  const bodies = fc.oneof(
    { weight: 8, arbitrary: step(version) },
    { weight: 1, arbitrary: fc.constant(initializeTree(version)) },
  );
  const handshake = isHandshakeVersion(version) ? version : "2025-11-25";
  const opening: Step[] = mode.startsWith("stateless")
    ? []
    : [{ ...CLEAN, version: "none", body: { message: initializeTree(handshake) } }];
  return fc
    .record({
      open: fc.oneof({ weight: 6, arbitrary: fc.constant(opening) }, { weight: 1, arbitrary: fc.constant([]) }),
      steps: fc.array(stepArbitrary(version, bodies), { maxLength: 4 }),
    })
    .map(({ open, steps }) => ({ mode, version, overSocket, steps: [...open, ...steps] }));
}

/** The id of the ping that ends every case. */
export const FINAL_HTTP_PING_ID = "http-final-ping";

/**
 * The end of every case: a clean ping, in the current session (after opening one when the case
 * left none) or stateless.
 */
export function finalSteps(c: HttpCase, hasSession: boolean): Step[] {
  const ping: JsonTree = {
    entries: [
      ["jsonrpc", "2.0"],
      ["id", FINAL_HTTP_PING_ID],
      ["method", "ping"],
    ],
  };
  const steps: Step[] = [];
  if (!c.mode.startsWith("stateless") && !hasSession) {
    steps.push({ ...CLEAN, body: { message: initializeTree("2025-11-25") } });
  }
  steps.push({ ...CLEAN, body: { message: ping } });
  return steps;
}
