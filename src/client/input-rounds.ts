/**
 * Multi round-trip input in the stateless lifecycle: a server that needs sampling,
 * elicitation or roots answers with an InputRequiredResult; the client answers each input request
 * with its handlers and retries the request with those answers (and the server's requestState),
 * until the server answers for real or the round limit cuts a runaway server off.
 */
import type { CallOptions, Outbound, Params } from "../jsonrpc/outbound.js";
import { ErrorCode, McpError, SchemaViolationError } from "../protocol/errors.js";
import { inputRequestKind } from "../protocol/input-requests.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import { validateDefinition } from "../validation/validate.js";
import type { ServerHandlers } from "./server-handlers.js";

/** Rounds one request may take when the options do not say (`maxInputRounds`). */
export const DEFAULT_MAX_INPUT_ROUNDS = 8;

/** A request the server answered with an InputRequiredResult. */
export interface InputRoundRequest {
  method: string;
  /** The params of the first attempt (with the envelope): every retry repeats them. */
  first: Params;
  options: CallOptions | undefined;
  version: ProtocolVersion;
  /** Most rounds the request may take before it fails. */
  maxRounds: number;
}

/** Whether a result asks for input instead of answering. */
export function isInputRequired(result: Params): boolean {
  return result.resultType === "input_required";
}

export class InputRounds {
  constructor(
    private readonly outbound: Outbound,
    private readonly handlers: ServerHandlers,
  ) {}

  /** Answers and retries `request` from its first InputRequiredResult on; returns the server's final result. */
  async complete(request: InputRoundRequest, inputRequired: Params): Promise<Params> {
    const { method, first, options, version, maxRounds } = request;
    let result = inputRequired;
    for (let round = 0; isInputRequired(result); round++) {
      validateDefinition("InputRequiredResult", version, result);
      if (round >= maxRounds) {
        throw new McpError(
          ErrorCode.InternalError,
          `${method}: the server still wanted input after ${maxRounds} rounds (maxInputRounds)`,
        );
      }
      const inputResponses = await answerInputRequests(
        (result.inputRequests ?? {}) as Record<string, Params>,
        version,
        options?.signal,
        this.handlers,
      );
      const retry: Params = { ...first, inputResponses };
      if (result.requestState !== undefined) retry.requestState = result.requestState;
      result = await this.outbound.sendRawRequest(method, retry, options);
    }
    return result;
  }
}

/** Answers every input request of an InputRequiredResult with the client's handlers, checking each answer. */
export async function answerInputRequests(
  requests: Record<string, Params>,
  version: ProtocolVersion,
  signal: AbortSignal | undefined,
  handlers: ServerHandlers,
): Promise<Params> {
  const entries = await Promise.all(
    Object.entries(requests).map(async ([key, request]) => {
      const method = String(request.method);
      const handler = handlers.requestHandler(method);
      const definition = inputRequestKind(method)?.result;
      if (!handler || !definition) {
        throw new McpError(
          ErrorCode.MethodNotFound,
          `the server asked for ${method} (input ${key}) and this client has no handler for it`,
        );
      }
      const answer = await handler(request.params as Params | undefined, {
        requestId: key,
        signal: signal ?? new AbortController().signal,
        protocolVersion: version,
      });
      try {
        validateDefinition(definition, version, answer);
      } catch (error) {
        if (error instanceof SchemaViolationError) {
          throw new McpError(ErrorCode.InternalError, `the ${method} handler's answer is not a valid ${definition}`, {
            issues: error.issues,
          });
        }
        throw error;
      }
      return [key, answer] as const;
    }),
  );
  return Object.fromEntries(entries);
}
