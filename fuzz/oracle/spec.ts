/**
 * What the oracles take from the MCP specification, stated here as the spec pages state them
 * (../shared/mcp-spec), not read from the code under test. The case generators use the same facts.
 */

/**
 * "Legacy" revisions (2026-07-28 basic/versioning): a session opens with an `initialize`
 * handshake that fixes the version. Oldest first.
 */
export const HANDSHAKE_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] as const;

/**
 * "Modern" revisions (2026-07-28 and later): no handshake; every request declares its version,
 * client and capabilities in its `_meta`.
 */
export const ENVELOPE_VERSIONS = ["2026-07-28"] as const;

/** Every revision the fuzz server is expected to speak, oldest first. */
export const SPEC_VERSIONS = [...HANDSHAKE_VERSIONS, ...ENVELOPE_VERSIONS] as const;

export type SpecVersion = (typeof SPEC_VERSIONS)[number];

export const isHandshakeVersion = (version: unknown): version is SpecVersion =>
  (HANDSHAKE_VERSIONS as readonly unknown[]).includes(version);
export const isEnvelopeVersion = (version: unknown): version is SpecVersion =>
  (ENVELOPE_VERSIONS as readonly unknown[]).includes(version);
export const isSpecVersion = (version: unknown): version is SpecVersion =>
  (SPEC_VERSIONS as readonly unknown[]).includes(version);

/** The `_meta` keys of a modern request's envelope (2026-07-28 changelog, SEP-2575). */
export const PV_KEY = "io.modelcontextprotocol/protocolVersion";
export const CLIENT_CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";

/**
 * Which params field the `Mcp-Name` header mirrors, per method (2026-07-28 basic/transports/
 * streamable-http, "Standard Request Headers").
 */
export const MCP_NAME_FIELDS: Readonly<Record<string, string>> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};

/**
 * Revisions where invalid `tools/call` arguments are a tool execution error (a result with
 * `isError: true`), not a -32602 protocol error (SEP-1303, server/tools "Error Handling" from
 * 2025-11-25 on). An unknown tool stays a protocol error in every revision.
 */
export const TOOL_INPUT_ERRORS_AS_RESULTS: readonly SpecVersion[] = ["2025-11-25", "2026-07-28"];

/**
 * Revisions in which a peer MUST take JSON-RPC batches (2025-03-26 basic: "MUST support receiving
 * JSON-RPC batches"; 2025-06-18 removed them). Before the handshake no version holds, and the
 * lifecycle page says the initialize request MUST NOT be part of a batch.
 */
export const BATCH_VERSIONS: readonly SpecVersion[] = ["2025-03-26"];

/**
 * The version of an HTTP request without an MCP-Protocol-Version header, when nothing else says
 * (2025-06-18 basic/transports, "Protocol Version Header": the server SHOULD assume 2025-03-26,
 * the last revision without the header).
 */
export const VERSION_WITHOUT_HEADER: SpecVersion = "2025-03-26";
