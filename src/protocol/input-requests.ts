/**
 * Multi round-trip input in the stateless lifecycle (2026-07-28): the requests whose handlers may
 * ask the client for input, and the kinds of ask an InputRequiredResult may carry.
 */

/** The requests that may be answered with an InputRequiredResult. */
export const INPUT_REQUIRED_METHODS: ReadonlySet<string> = new Set(["tools/call", "prompts/get", "resources/read"]);

/** One kind of ask: its short name (for keys), and the schema definitions of the ask and of its answer. */
export interface InputRequestKind {
  short: string;
  request: string;
  result: string;
}

/** What may travel in `inputRequests`, by method. */
export const INPUT_REQUEST_KINDS: Readonly<Record<string, InputRequestKind>> = {
  "elicitation/create": { short: "elicitation", request: "ElicitRequest", result: "ElicitResult" },
  "sampling/createMessage": { short: "sampling", request: "CreateMessageRequest", result: "CreateMessageResult" },
  "roots/list": { short: "roots", request: "ListRootsRequest", result: "ListRootsResult" },
};

/** The kind of ask `method` is, if it is one. */
export function inputRequestKind(method: string): InputRequestKind | undefined {
  return Object.hasOwn(INPUT_REQUEST_KINDS, method) ? INPUT_REQUEST_KINDS[method] : undefined;
}
