/**
 * The kernel's side of multi round-trip requests (see input-required.ts): a request's round opened
 * from what earlier rounds sealed and what the client answered, the handler raced against its
 * round needing the client, and the input_required result that asks the client and seals the rest.
 */

import type { Params } from "../jsonrpc/outbound.js";
import type { MessageExtraInfo } from "../jsonrpc/transport.js";
import { isAuthInfo, principalOfAuth } from "../protocol/auth-info.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import { validateDefinition } from "../validation/validate.js";
import { InputRound, type RequestStateOptions, RequestStateSealer } from "./input-required.js";

export interface InputRoundOptions {
  /** Sealing of the stateless lifecycle's `requestState` (keys, rotation, lifetime); see RequestStateSealer. */
  requestState?: RequestStateOptions;
  /**
   * The authenticated principal behind a request, from what the transport knows of it; a sealed
   * requestState only opens for the principal it was issued to. Default: `authInfo` when it is a
   * string, else its `principal`, `clientId` or `sub` field.
   */
  principalOf?: (extra: MessageExtraInfo | undefined) => string | undefined;
}

/** How the handler's run ended, or undefined while it waits on the client. */
export type RoundOutcome = { value: Params | undefined } | { error: unknown } | undefined;

export class InputRounds {
  private sealer: RequestStateSealer | undefined;

  constructor(private readonly options: InputRoundOptions & { serverInfo: { name: string } }) {}

  /** A run of a stateless-lifecycle request that may need the client: answers from its state and responses. */
  /** Synchronous unless a sealed requestState has to be opened (decrypted) first. */
  open(
    method: string,
    params: Params | undefined,
    extra: MessageExtraInfo | undefined,
    version: ProtocolVersion,
  ): InputRound | Promise<InputRound> {
    if (params?.requestState === undefined) return new InputRound(withResponses({}, params), version, undefined);
    return this.requestStateSealer
      .open(params.requestState, method, params, this.principalOf(extra))
      .then((opened) => new InputRound(withResponses(opened.answers, params), version, opened.state, true));
  }

  /** The handler's run, or undefined as soon as its round needs the client. */
  race(run: Promise<Params | undefined>, round: InputRound): Promise<RoundOutcome> {
    return round.race(run);
  }

  /** The answer that asks the client for what the round needs, the rest sealed into requestState. */
  async inputRequired(
    method: string,
    params: Params | undefined,
    extra: MessageExtraInfo | undefined,
    round: InputRound,
    version: ProtocolVersion,
  ): Promise<Params> {
    const requestState = await this.requestStateSealer.seal(
      method,
      params,
      this.principalOf(extra),
      round.answersToKeep(),
      round.state,
    );
    const result: Params = { resultType: "input_required", inputRequests: round.inputRequests(), requestState };
    validateDefinition("InputRequiredResult", version, result);
    return result;
  }

  private get requestStateSealer(): RequestStateSealer {
    this.sealer ??= new RequestStateSealer(this.options.serverInfo.name, this.options.requestState);
    return this.sealer;
  }

  private principalOf(extra: MessageExtraInfo | undefined): string | null {
    if (this.options.principalOf) return this.options.principalOf(extra) ?? null;
    const auth = extra?.authInfo;
    if (typeof auth === "string") return auth;
    if (isAuthInfo(auth)) return principalOfAuth(auth);
    if (typeof auth === "object" && auth !== null) {
      for (const field of ["principal", "clientId", "sub"]) {
        const value = (auth as Record<string, unknown>)[field];
        if (typeof value === "string") return value;
      }
    }
    return null;
  }
}

/** The answers a run starts with: those its requestState kept, and the client's `inputResponses` over them. */
function withResponses(answers: Record<string, unknown>, params: Params | undefined): Record<string, unknown> {
  const responses = params?.inputResponses;
  if (typeof responses === "object" && responses !== null && !Array.isArray(responses)) {
    return { ...answers, ...(responses as Record<string, unknown>) };
  }
  return answers;
}
