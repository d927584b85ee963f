/** completion/complete: suggestions for a prompt argument or a resource template variable. */

import type { Params } from "../../jsonrpc/outbound.js";

/** Suggests values for a prompt argument or template variable, given what was typed so far. */
export type Completer = (
  value: string,
  context: { arguments?: Record<string, string> },
) => string[] | Promise<string[]>;

/** Where completers are registered: each lookup refuses a reference to an unknown or disabled item. */
export interface CompleterSources {
  prompts: { argumentCompleter(name: string | undefined, argument: string): Completer | undefined };
  resources: { variableCompleter(uriTemplate: string | undefined, variable: string): Completer | undefined };
}

/** The spec caps a completion answer at 100 values. */
const MAX_COMPLETION_VALUES = 100;

export async function complete(params: Params | undefined, sources: CompleterSources): Promise<Params> {
  const ref = params?.ref as { type?: string; name?: string; uri?: string } | undefined;
  const argument = params?.argument as { name?: string; value?: string } | undefined;
  const context = (params?.context ?? {}) as { arguments?: Record<string, string> };
  let completer: Completer | undefined;
  if (ref?.type === "ref/prompt") {
    completer = sources.prompts.argumentCompleter(ref.name, String(argument?.name));
  } else if (ref?.type === "ref/resource") {
    completer = sources.resources.variableCompleter(ref.uri, String(argument?.name));
  }
  const values = completer ? await completer(String(argument?.value ?? ""), context) : [];
  return {
    completion: {
      values: values.slice(0, MAX_COMPLETION_VALUES),
      total: values.length,
      hasMore: values.length > MAX_COMPLETION_VALUES,
    },
  };
}
