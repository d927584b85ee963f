/**
 * Which scopes to ask for (MCP authorization, "Scope Selection Strategy"): the scope the server's
 * challenge named, else every scope its protected-resource metadata supports, else none (the
 * `scope` parameter is then left out). On a step-up the scopes already held are kept (SEP-2350), and
 * `offline_access` is added where the authorization server lists it and a refresh token is wanted,
 * but never on its own: when nothing else was chosen the `scope` parameter stays out, as the spec says
 * (an authorization server may refuse a request for `offline_access` alone).
 */

/** Splits a space-separated scope string, dropping empties and duplicates. */
export function scopeList(scope: string | undefined): string[] {
  return [...new Set((scope ?? "").split(/\s+/).filter(Boolean))];
}

/** The inputs of scope selection. */
export interface ScopeInputs {
  /** `scope` from the WWW-Authenticate challenge. */
  challenged?: string;
  /** `scopes_supported` of the protected-resource metadata. */
  resourceScopes?: readonly string[];
  /** `scopes_supported` of the authorization server metadata. */
  serverScopes?: readonly string[];
  /** Scopes already granted, kept on a step-up. */
  held?: string;
  /** Ask for `offline_access` when the authorization server supports it. */
  offlineAccess?: boolean;
  /** Scopes the application asked for itself (take the place of the metadata's). */
  configured?: string;
}

/** The `scope` parameter to send, or undefined to send none. */
export function selectScope(inputs: ScopeInputs): string | undefined {
  let scopes = scopeList(inputs.challenged);
  if (scopes.length === 0) scopes = scopeList(inputs.configured);
  if (scopes.length === 0 && inputs.resourceScopes) scopes = [...inputs.resourceScopes];
  if (inputs.held) scopes = [...new Set([...scopeList(inputs.held), ...scopes])];
  if (
    scopes.length > 0 &&
    inputs.offlineAccess &&
    inputs.serverScopes?.includes("offline_access") &&
    !scopes.includes("offline_access")
  ) {
    scopes.push("offline_access");
  }
  return scopes.length > 0 ? scopes.join(" ") : undefined;
}
