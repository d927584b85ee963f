/**
 * The OAuth client of an MCP connection: an `HttpAuthProvider` for the Streamable HTTP and legacy
 * HTTP+SSE client transports. A 401 starts discovery and a grant; a 403 `insufficient_scope` steps
 * up (a bounded number of times); expired tokens are refreshed; a DPoP nonce challenge is answered.
 * oauth4webapi does the protocol mechanics (PKCE, RFC 9207 `iss`, client authentication, DPoP at
 * the token endpoint, the grant requests and their validation).
 */
import { importPKCS8 } from "jose";
import * as oauth from "oauth4webapi";
import type { ProtectedResourceMetadata } from "../../protocol/protected-resource.js";
import type { AuthorizedRequest, HttpAuthProvider } from "../../transport/streamable-http/auth-hook.js";
import { discoverAuthorizationServer, discoverProtectedResource } from "./discovery.js";
import { DpopKey } from "./dpop.js";
import { OAuthClientError } from "./errors.js";
import { type HttpPolicy, httpPolicy, insecureOption } from "./http-policy.js";
import { selectScope } from "./scopes.js";
import { type ClientRegistration, InMemoryOAuthStore, type OAuthStore, type StoredTokens } from "./store.js";
import { type ResourceChallenge, resourceChallengeOf } from "./www-authenticate.js";

/**
 * The interactive step of the authorization-code grant: show `authorizationUrl` to the user (open a
 * browser) and resolve with the URL the authorization server redirected back to (its query holds
 * `code`, `state` and `iss`). A test drives it with an automated browser.
 */
export type AuthorizeStep = (authorizationUrl: URL) => Promise<URL | string>;

/** How the client obtains tokens. */
export type OAuthGrant =
  /** The authorization-code grant with PKCE (the default): needs `authorize` and `redirectUri`. */
  | { type: "authorization_code" }
  /** The client-credentials grant (machine to machine): needs `client` with a secret or a private key. */
  | { type: "client_credentials" }
  /** The JWT-bearer grant (RFC 7523) with a workload-identity assertion, fetched anew for each grant. */
  | { type: "jwt_bearer"; assertion: () => Promise<string> | string }
  /**
   * Enterprise-managed authorization (SEP-990): the user's ID token is exchanged at the enterprise
   * identity provider for an identity assertion grant (ID-JAG), redeemed at the MCP server's
   * authorization server by the JWT-bearer grant.
   */
  | {
      /** The grant's kind. */
      type: "enterprise_managed";
      /** Returns the user's ID token from the enterprise identity provider, fetched anew for each grant. */
      idToken: () => Promise<string> | string;
      /**
       * The identity provider's token endpoint, where the ID token is exchanged for an ID-JAG (RFC 8693 token
       * exchange).
       */
      idpTokenEndpoint: string;
      /** The client's id at the identity provider. */
      idpClientId: string;
      /** The client's secret at the identity provider, when it authenticates with one. */
      idpClientSecret?: string;
    };

/** A client registered with the authorization server beforehand (the first choice of the specification). */
export interface PreRegisteredClient {
  /** The client id the authorization server issued. */
  clientId: string;
  /**
   * The client secret, for `client_secret_basic` or `client_secret_post` (absent for a public client or a
   * private key).
   */
  clientSecret?: string;
  /** A private key for `private_key_jwt` (a CryptoKey, or PKCS#8 PEM text) and its algorithm (default ES256). */
  privateKey?: oauth.CryptoKey | string;
  /** The JWS algorithm of `privateKey` (default `ES256`). */
  signingAlgorithm?: string;
  /** Use this registration only at this issuer (default: at any). */
  issuer?: string;
  /** Overrides the choice from the server's `token_endpoint_auth_methods_supported`. */
  tokenEndpointAuthMethod?: "none" | "client_secret_basic" | "client_secret_post" | "private_key_jwt";
}

/** Everything `OAuthProvider` can be told; all optional but what the chosen grant needs. */
export interface OAuthProviderOptions {
  /** The grant (default authorization_code). */
  grant?: OAuthGrant;
  /** The interactive step (authorization_code). */
  authorize?: AuthorizeStep;
  /** The redirect URI registered for the client (authorization_code), e.g. the loopback helper's. */
  redirectUri?: string;
  /** A pre-registered client. */
  client?: PreRegisteredClient;
  /** A client ID metadata document URL (HTTPS), used as client_id where the server supports it. */
  clientMetadataUrl?: string;
  /** What dynamic registration sends (client_name, application_type, ...); redirect URI and grants are filled in. */
  clientMetadata?: Record<string, oauth.JsonValue>;
  /** Scopes to ask for when the server's challenge names none (instead of its `scopes_supported`). */
  scope?: string;
  /** Ask for `offline_access` (a refresh token) where the authorization server lists it (default true). */
  offlineAccess?: boolean;
  /** Step-up authorizations after 403 insufficient_scope, per request (default 2). */
  maxStepUps?: number;
  /** DPoP-bind tokens: "if-supported" (where the server advertises DPoP), true (always), false (default). */
  dpop?: boolean | "if-supported";
  /** Registrations and tokens (default: in memory). */
  store?: OAuthStore;
  /** The fetch for discovery and token requests (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** Allow plain http to non-loopback hosts (default false: https only, http on loopback). */
  allowHttp?: boolean;
  /** Told of each step (discovery, registration, grant) for diagnostics; never given a token. */
  onEvent?: (event: string) => void;
}

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

interface Authority {
  issuer: string;
  server: oauth.AuthorizationServer;
  resource: string;
  metadata: ProtectedResourceMetadata | undefined;
}

/** An OAuth client for one MCP server; pass it as the transport's `authProvider`. */
export class OAuthProvider implements HttpAuthProvider {
  private readonly store: OAuthStore;
  private readonly policy: HttpPolicy;
  private readonly grant: OAuthGrant;
  private authority: Authority | undefined;
  private tokens: StoredTokens | undefined;
  private dpopKey: DpopKey | undefined;
  private stepUps = 0;
  private pending: Promise<void> | undefined;
  /** The refresh under way: requests that find the token expiring together share it (a refresh token is used once). */
  private refreshing: Promise<boolean> | undefined;

  /**
   * Creates a provider. Nothing is fetched until the transport asks for a token: discovery, registration and
   * the grant happen on first use. Defaults: an in-memory store, the global fetch, `https:` only (plus
   * `http:` on loopback) and the authorization-code grant.
   */
  constructor(private readonly options: OAuthProviderOptions = {}) {
    this.store = options.store ?? new InMemoryOAuthStore();
    this.policy = httpPolicy(
      options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      options.allowHttp ?? false,
    );
    this.grant = options.grant ?? { type: "authorization_code" };
  }

  /** The issuer that authorizes the server, once discovered. */
  get issuer(): string | undefined {
    return this.authority?.issuer;
  }

  /** The scopes of the current token, if any. */
  get grantedScope(): string | undefined {
    return this.tokens?.scope;
  }

  async headers(request: AuthorizedRequest): Promise<Record<string, string>> {
    await this.pending;
    if (this.tokens?.expires_at !== undefined && this.tokens.expires_at <= Date.now() + 5_000) {
      if (!(await this.sharedRefresh())) this.tokens = undefined;
    }
    const tokens = this.tokens;
    if (!tokens) return {};
    if (tokens.token_type === "dpop" && this.dpopKey) {
      return {
        authorization: `DPoP ${tokens.access_token}`,
        dpop: await this.dpopKey.proof(request.method, request.url, tokens.access_token),
      };
    }
    return { authorization: `Bearer ${tokens.access_token}` };
  }

  async refused(response: Response, request: AuthorizedRequest, attempt: number): Promise<boolean> {
    const challenge = resourceChallengeOf(response.headers.get("www-authenticate"));
    if (challenge.error === "use_dpop_nonce" && this.dpopKey) {
      return attempt < 2 && this.dpopKey.rememberNonce(request.url, response);
    }
    if (response.status === 403) {
      if (challenge.error !== "insufficient_scope") return false;
      if (attempt === 0) this.stepUps = 0;
      if (this.stepUps >= (this.options.maxStepUps ?? 2)) return false;
      this.stepUps++;
      this.event(`step-up ${this.stepUps}: the server asked for scope "${challenge.scope ?? ""}"`);
      await this.serialized(() => this.authorizeFor(request.url, challenge, this.tokens?.scope));
      return true;
    }
    // 401: a token the server no longer takes is refreshed once, else a new grant, at most twice per request.
    if (attempt >= 2) return false;
    if (attempt === 0 && this.tokens?.refresh_token && challenge.error === "invalid_token") {
      if (await this.serialized(() => this.sharedRefresh())) return true;
    }
    await this.serialized(() => this.authorizeFor(request.url, challenge, undefined));
    return true;
  }

  /**
   * One refresh at a time: authorization servers rotate refresh tokens and treat a second use of one
   * as theft (revoking the grant), so concurrent requests must not each spend it.
   */
  private sharedRefresh(): Promise<boolean> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Runs one authorization at a time: requests refused together share it. */
  private async serialized<T>(work: () => Promise<T>): Promise<T> {
    while (this.pending) await this.pending.catch(() => undefined);
    const run = work();
    this.pending = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await run;
    } finally {
      this.pending = undefined;
    }
  }

  private event(message: string): void {
    this.options.onEvent?.(message);
  }

  /** Discovery, then a grant for `serverUrl`, asking for the challenged scope (plus `held` on a step-up). */
  private async authorizeFor(serverUrl: URL, challenge: ResourceChallenge, held: string | undefined): Promise<void> {
    const authority = await this.discover(serverUrl, challenge);
    if (this.authority && this.authority.issuer !== authority.issuer) {
      this.event(`the authorization server changed from ${this.authority.issuer} to ${authority.issuer}`);
      this.tokens = undefined;
      held = undefined;
    }
    this.authority = authority;
    const scope = selectScope({
      challenged: challenge.scope,
      configured: this.options.scope,
      resourceScopes: authority.metadata?.scopes_supported,
      serverScopes: authority.server.scopes_supported,
      held,
      offlineAccess: this.grant.type === "authorization_code" && (this.options.offlineAccess ?? true),
    });
    const response = await this.runGrant(authority, scope);
    await this.keep(authority, response, scope);
  }

  private async discover(serverUrl: URL, challenge: ResourceChallenge): Promise<Authority> {
    const target = new URL(serverUrl.href);
    target.hash = "";
    target.search = "";
    const metadata = await discoverProtectedResource(target, challenge.resourceMetadata, this.policy);
    const issuer = metadata?.authorization_servers?.[0] ?? target.origin;
    this.event(
      metadata ? `protected resource metadata names ${issuer}` : `no protected resource metadata: ${issuer} is assumed`,
    );
    const issuerUrl = new URL(issuer);
    this.policy.check(issuerUrl, "authorization server");
    const server = await discoverAuthorizationServer(issuerUrl, this.policy, metadata ? "fail" : "default-endpoints");
    return { issuer: server.issuer, server, resource: metadata?.resource ?? target.href, metadata };
  }

  private async keep(authority: Authority, response: oauth.TokenEndpointResponse, scope: string | undefined) {
    const tokens: StoredTokens = {
      access_token: response.access_token,
      token_type: response.token_type.toLowerCase(),
      ...(response.refresh_token ? { refresh_token: response.refresh_token } : {}),
      ...(response.expires_in !== undefined ? { expires_at: Date.now() + response.expires_in * 1000 } : {}),
      ...((response.scope ?? scope) ? { scope: (response.scope as string | undefined) ?? scope } : {}),
    };
    this.tokens = tokens;
    await this.store.saveTokens(authority.issuer, authority.resource, tokens);
    this.event(`obtained a ${tokens.token_type} access token from ${authority.issuer}`);
  }

  /** Uses the refresh token; false when there is none or the server refused it (the tokens are then dropped). */
  private async refresh(): Promise<boolean> {
    const authority = this.authority;
    const refreshToken = this.tokens?.refresh_token;
    if (!authority || !refreshToken) return false;
    try {
      const { client, auth } = await this.clientFor(authority.server);
      const response = await this.tokenRequest(authority.server, (options) =>
        oauth.refreshTokenGrantRequest(authority.server, client, auth, refreshToken, {
          ...options,
          additionalParameters: { resource: authority.resource },
        }),
      );
      const result = await oauth.processRefreshTokenResponse(authority.server, client, response);
      await this.keep(
        authority,
        { ...result, refresh_token: result.refresh_token ?? refreshToken },
        this.tokens?.scope,
      );
      return true;
    } catch {
      this.tokens = undefined;
      await this.store.deleteTokens(authority.issuer, authority.resource);
      return false;
    }
  }

  /** Sends a token request with DPoP where in use, once more with the server's nonce if it asks for one. */
  private async tokenRequest(
    server: oauth.AuthorizationServer,
    send: (options: oauth.TokenEndpointRequestOptions) => Promise<Response>,
  ): Promise<Response> {
    const options: oauth.TokenEndpointRequestOptions = insecureOption(this.policy, server.token_endpoint);
    const dpop = await this.dpopFor(server);
    if (dpop) options.DPoP = dpop.handle;
    const response = await send(options);
    if (dpop && response.status === 400) {
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      if ((body as { error?: string } | undefined)?.error === "use_dpop_nonce") {
        await response.body?.cancel();
        return send(options);
      }
    }
    return response;
  }

  private async dpopFor(server: oauth.AuthorizationServer): Promise<DpopKey | undefined> {
    const mode = this.options.dpop ?? false;
    const algorithms = server.dpop_signing_alg_values_supported;
    if (mode === false || (mode === "if-supported" && !algorithms?.length)) return undefined;
    if (!this.dpopKey) {
      const preferred = ["ES256", "EdDSA", "PS256", "RS256"];
      const algorithm = algorithms?.length ? preferred.find((a) => algorithms.includes(a)) : "ES256";
      if (!algorithm) return undefined;
      this.dpopKey = await DpopKey.generate(algorithm);
    }
    return this.dpopKey;
  }

  private async runGrant(authority: Authority, scope: string | undefined): Promise<oauth.TokenEndpointResponse> {
    const { server, resource } = authority;
    const grant = this.grant;
    try {
      switch (grant.type) {
        case "authorization_code":
          return await this.authorizationCode(server, resource, scope);
        case "client_credentials": {
          const { client, auth } = await this.clientFor(server);
          const parameters: Record<string, string> = { resource, ...(scope ? { scope } : {}) };
          const response = await this.tokenRequest(server, (options) =>
            oauth.clientCredentialsGrantRequest(server, client, auth, parameters, options),
          );
          return await oauth.processClientCredentialsResponse(server, client, response);
        }
        case "jwt_bearer": {
          const { client, auth } = await this.clientFor(server);
          const assertion = await grant.assertion();
          const parameters: Record<string, string> = { assertion, resource, ...(scope ? { scope } : {}) };
          const response = await this.tokenRequest(server, (options) =>
            oauth.genericTokenEndpointRequest(server, client, auth, JWT_BEARER, parameters, options),
          );
          return await oauth.processGenericTokenEndpointResponse(server, client, response);
        }
        case "enterprise_managed": {
          const idJag = await this.exchangeIdToken(grant, authority);
          const { client, auth } = await this.clientFor(server);
          const parameters: Record<string, string> = { assertion: idJag, ...(scope ? { scope } : {}) };
          const response = await this.tokenRequest(server, (options) =>
            oauth.genericTokenEndpointRequest(server, client, auth, JWT_BEARER, parameters, options),
          );
          return await oauth.processGenericTokenEndpointResponse(server, client, response);
        }
      }
    } catch (error) {
      if (error instanceof OAuthClientError) throw error;
      throw new OAuthClientError(
        "token_request_failed",
        `the token request to ${server.issuer} failed: ${describe(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** SEP-990 step one: the ID token for an ID-JAG at the identity provider (RFC 8693 token exchange). */
  private async exchangeIdToken(
    grant: Extract<OAuthGrant, { type: "enterprise_managed" }>,
    authority: Authority,
  ): Promise<string> {
    const endpoint = new URL(grant.idpTokenEndpoint);
    this.policy.check(endpoint, "identity provider token endpoint");
    const idp: oauth.AuthorizationServer = { issuer: endpoint.origin, token_endpoint: endpoint.href };
    const client: oauth.Client = { client_id: grant.idpClientId };
    const auth = grant.idpClientSecret ? oauth.ClientSecretPost(grant.idpClientSecret) : oauth.None();
    const response = await oauth.genericTokenEndpointRequest(
      idp,
      client,
      auth,
      TOKEN_EXCHANGE,
      {
        requested_token_type: "urn:ietf:params:oauth:token-type:id-jag",
        audience: authority.issuer,
        resource: authority.resource,
        subject_token: await grant.idToken(),
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      },
      insecureOption(this.policy, endpoint),
    );
    const result = await oauth.processGenericTokenEndpointResponse(idp, client, response, {
      recognizedTokenTypes: { n_a: () => {} },
    });
    return result.access_token;
  }

  private async authorizationCode(
    server: oauth.AuthorizationServer,
    resource: string,
    scope: string | undefined,
  ): Promise<oauth.TokenEndpointResponse> {
    const { authorize, redirectUri } = this.options;
    if (!authorize || !redirectUri) {
      throw new OAuthClientError(
        "no_interactive_step",
        "the server needs the authorization-code grant, but no `authorize` step and `redirectUri` were given",
      );
    }
    if (!server.code_challenge_methods_supported?.includes("S256")) {
      throw new OAuthClientError(
        "pkce_unsupported",
        `the authorization server ${server.issuer} does not advertise PKCE with S256; refusing to authorize without it`,
      );
    }
    if (!server.authorization_endpoint) {
      throw new OAuthClientError(
        "discovery_failed",
        `the authorization server ${server.issuer} names no authorization endpoint`,
      );
    }
    const { client, auth } = await this.clientFor(server);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(server.authorization_endpoint);
    this.policy.check(url, "authorization");
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", client.client_id);
    url.searchParams.set("redirect_uri", redirectUri);
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set("code_challenge_method", "S256");
    url.searchParams.set("state", state);
    url.searchParams.set("resource", resource);
    if (scope) url.searchParams.set("scope", scope);
    const dpop = await this.dpopFor(server);
    if (dpop) url.searchParams.set("dpop_jkt", await dpop.handle.calculateThumbprint());
    this.event(`authorization request to ${server.authorization_endpoint}`);
    const redirected = new URL(await authorize(url));
    let parameters: URLSearchParams;
    try {
      // State, error and the RFC 9207 `iss` (against the metadata's issuer), before the code is redeemed.
      parameters = oauth.validateAuthResponse(server, client, redirected, state);
    } catch (error) {
      throw new OAuthClientError(
        error instanceof oauth.AuthorizationResponseError ? "authorization_denied" : "invalid_redirect",
        `the authorization response was refused: ${describe(error)}`,
        { cause: error },
      );
    }
    const response = await this.tokenRequest(server, (options) =>
      oauth.authorizationCodeGrantRequest(server, client, auth, parameters, redirectUri, verifier, {
        ...options,
        additionalParameters: { resource },
      }),
    );
    return oauth.processAuthorizationCodeResponse(server, client, response);
  }

  /** The client at `server` and how it authenticates: stored, pre-registered, metadata document, or registered now. */
  private async clientFor(
    server: oauth.AuthorizationServer,
  ): Promise<{ client: oauth.Client; auth: oauth.ClientAuth }> {
    const registration = await this.registrationAt(server);
    const client: oauth.Client = { client_id: registration.client_id };
    const method =
      registration.token_endpoint_auth_method ?? chooseAuthMethod(server, registration, this.options.client);
    client.token_endpoint_auth_method = method;
    const secret = registration.client_secret;
    switch (method) {
      case "client_secret_basic":
        return { client, auth: clientSecretBasic(client.client_id, secret ?? "") };
      case "client_secret_post":
        return { client, auth: oauth.ClientSecretPost(secret ?? "") };
      case "private_key_jwt": {
        const key = this.options.client?.privateKey;
        if (!key) throw new OAuthClientError("registration_failed", "private_key_jwt needs `client.privateKey`");
        const algorithm = this.options.client?.signingAlgorithm ?? "ES256";
        const cryptoKey = typeof key === "string" ? await importPkcs8(key, algorithm) : key;
        return { client, auth: oauth.PrivateKeyJwt(cryptoKey) };
      }
      default:
        return { client, auth: oauth.None() };
    }
  }

  private async registrationAt(server: oauth.AuthorizationServer): Promise<ClientRegistration> {
    const stored = await this.store.getClient(server.issuer);
    if (stored) return stored;
    const pre = this.options.client;
    if (pre && (pre.issuer === undefined || pre.issuer === server.issuer)) {
      return {
        client_id: pre.clientId,
        ...(pre.clientSecret ? { client_secret: pre.clientSecret } : {}),
        ...(pre.tokenEndpointAuthMethod ? { token_endpoint_auth_method: pre.tokenEndpointAuthMethod } : {}),
      };
    }
    if (this.options.clientMetadataUrl && server.client_id_metadata_document_supported === true) {
      this.event(`client ID metadata document ${this.options.clientMetadataUrl}`);
      return { client_id: this.options.clientMetadataUrl, token_endpoint_auth_method: "none" };
    }
    if (!server.registration_endpoint) {
      throw new OAuthClientError(
        "registration_unavailable",
        `the authorization server ${server.issuer} offers no dynamic registration; configure a pre-registered client or a client ID metadata document`,
      );
    }
    const redirect = this.options.redirectUri;
    const interactive = this.grant.type === "authorization_code";
    const supported = server.token_endpoint_auth_methods_supported;
    const metadata: Record<string, oauth.JsonValue> = {
      client_name: "typed-mcp",
      application_type: "native",
      grant_types: interactive ? ["authorization_code", "refresh_token"] : [grantTypeOf(this.grant)],
      response_types: interactive ? ["code"] : [],
      redirect_uris: interactive && redirect ? [redirect] : [],
      token_endpoint_auth_method: !supported || supported.includes("none") ? "none" : (supported[0] ?? "none"),
      ...this.options.clientMetadata,
    };
    this.event(`dynamic client registration at ${server.registration_endpoint}`);
    try {
      const response = await oauth.dynamicClientRegistrationRequest(
        server,
        metadata,
        insecureOption(this.policy, server.registration_endpoint),
      );
      const registered = await registrationOf(response);
      await this.store.saveClient(server.issuer, registered);
      return registered;
    } catch (error) {
      throw new OAuthClientError("registration_failed", `dynamic client registration failed: ${describe(error)}`, {
        cause: error,
      });
    }
  }
}

/**
 * The registration in a dynamic registration response. Read here rather than by oauth4webapi, which
 * insists on `client_secret_expires_at` alongside a secret: servers in the field (and the conformance
 * suite's) leave it out, and its absence means the secret does not expire.
 */
async function registrationOf(response: Response): Promise<ClientRegistration> {
  if (response.status !== 201 && response.status !== 200) {
    const body = await response.text().catch(() => "");
    const error = /"error"\s*:\s*"([^"]*)"/.exec(body)?.[1];
    throw new Error(`the registration endpoint answered HTTP ${response.status}${error ? ` (${error})` : ""}`);
  }
  const body = (await response.json()) as Partial<ClientRegistration> | null;
  if (!body || typeof body.client_id !== "string" || body.client_id === "") {
    throw new Error("the registration response has no client_id");
  }
  return body as ClientRegistration;
}

function grantTypeOf(grant: OAuthGrant): string {
  return grant.type === "client_credentials" ? "client_credentials" : JWT_BEARER;
}

/** The token endpoint authentication for a registration that names none, from what the server supports. */
export function chooseAuthMethod(
  server: Pick<oauth.AuthorizationServer, "token_endpoint_auth_methods_supported">,
  registration: Pick<ClientRegistration, "client_secret">,
  pre: PreRegisteredClient | undefined,
): string {
  if (pre?.privateKey) return "private_key_jwt";
  const supported = server.token_endpoint_auth_methods_supported;
  if (!registration.client_secret) return "none";
  // RFC 8414: client_secret_basic is the default when the server lists nothing.
  if (!supported || supported.length === 0) return "client_secret_basic";
  for (const method of ["client_secret_basic", "client_secret_post", "none"])
    if (supported.includes(method)) return method;
  return "client_secret_basic";
}

/**
 * client_secret_basic with the id and secret percent-encoded as `encodeURIComponent` does.
 * oauth4webapi's own encoder also escapes "-", "." and the like (RFC 6749 §2.3.1's form encoding to
 * the letter), which servers that decode with a plain URI decoder, or not at all, then refuse.
 */
function clientSecretBasic(clientId: string, secret: string): oauth.ClientAuth {
  const credentials = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`);
  return (_server, _client, _body, headers) => {
    headers.set("authorization", `Basic ${credentials}`);
  };
}

function importPkcs8(pem: string, algorithm: string): Promise<oauth.CryptoKey> {
  return importPKCS8(pem, algorithm);
}

/** An error's message without anything a response body could smuggle in beyond its error code. */
function describe(error: unknown): string {
  if (error instanceof oauth.ResponseBodyError)
    return `${error.error}${error.error_description ? ` (${error.error_description})` : ""}`;
  if (error instanceof oauth.AuthorizationResponseError) return error.error;
  return error instanceof Error ? error.message : String(error);
}
