/**
 * `WWW-Authenticate` (RFC 9110 §11.6.1) as a list of challenges: a scheme and its parameters. A
 * protected MCP server names its protected-resource metadata there (RFC 9728 §5.1), the scope it
 * wants (RFC 6750 §3) and, for DPoP, the nonce error (RFC 9449 §9).
 */

/** One challenge: the scheme in lower case and its parameters (names in lower case, values unquoted). */
export interface AuthChallenge {
  /** The authentication scheme, in lower case (`bearer`, `dpop`, `basic`, ...). */
  scheme: string;
  /**
   * The challenge's parameters: names in lower case, values unquoted; a token68 value is kept as `token68`.
   */
  params: Record<string, string>;
}

/** Every challenge in a `WWW-Authenticate` value; an unparsable tail is dropped, never thrown. */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  if (!header) return challenges;
  let at = 0;
  const skipSpace = () => {
    while (at < header.length && (header[at] === " " || header[at] === "\t")) at++;
  };
  const token = () => {
    const match = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(header.slice(at));
    if (!match) return undefined;
    at += match[0].length;
    return match[0];
  };
  const quoted = () => {
    let value = "";
    at++; // opening quote
    while (at < header.length && header[at] !== '"') {
      if (header[at] === "\\" && at + 1 < header.length) at++;
      value += header[at++];
    }
    at++; // closing quote
    return value;
  };
  let current: AuthChallenge | undefined;
  while (at < header.length) {
    skipSpace();
    if (header[at] === ",") {
      at++;
      continue;
    }
    const start = at;
    const name = token();
    if (!name) break;
    skipSpace();
    if (header[at] === "=" && current) {
      at++;
      skipSpace();
      const value = header[at] === '"' ? quoted() : (token() ?? "");
      current.params[name.toLowerCase()] = value;
      continue;
    }
    if (header[at] === "=" && !current) {
      at = start;
      break;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    // token68 form (Basic abc==): kept as the parameter "token68"
    const token68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(header.slice(at));
    if (token68 && !/^[A-Za-z0-9\-._~+/]+\s*=[^=]/.test(header.slice(at))) {
      current.params.token68 = token68[0];
      at += token68[0].length;
    }
  }
  return challenges;
}

/** What an MCP client needs from a refusal: the Bearer (or DPoP) challenge's parameters. */
export interface ResourceChallenge {
  /** `resource_metadata`: where the protected-resource metadata is. */
  resourceMetadata?: string;
  /** `scope`: the scopes this request needs. */
  scope?: string;
  /** `error`: invalid_token, insufficient_scope, use_dpop_nonce, ... */
  error?: string;
  /** `error_description`: the server's human-readable explanation of `error`. */
  errorDescription?: string;
  /** The scheme the parameters came from ("bearer" or "dpop"). */
  scheme?: string;
}

/** The Bearer or DPoP challenge of a `WWW-Authenticate` value (the first that carries parameters wins). */
export function resourceChallengeOf(header: string | null | undefined): ResourceChallenge {
  const challenges = parseWwwAuthenticate(header).filter((c) => c.scheme === "bearer" || c.scheme === "dpop");
  const merged: ResourceChallenge = {};
  for (const challenge of challenges) {
    const p = challenge.params;
    merged.scheme ??= challenge.scheme;
    merged.resourceMetadata ??= p.resource_metadata;
    merged.scope ??= p.scope;
    if (p.error && !merged.error) {
      merged.error = p.error;
      merged.scheme = challenge.scheme;
      merged.errorDescription = p.error_description;
    }
  }
  return merged;
}
