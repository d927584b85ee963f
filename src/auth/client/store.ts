/**
 * Where the OAuth client keeps what outlives one request: the client registration at each
 * authorization server (keyed by its issuer, so that credentials issued by one are never shown to
 * another) and the tokens for each (issuer, resource) pair. The default keeps them in memory; a
 * desktop application implements the interface over its keychain.
 */

/** A client's registration at one authorization server. */
export interface ClientRegistration {
  /** The client id the authorization server issued (or the pre-registered one). */
  client_id: string;
  /** The client secret, when the registration has one. */
  client_secret?: string;
  /** How the client authenticates at the token endpoint; chosen from the server's metadata when absent. */
  token_endpoint_auth_method?: string;
  /** When the secret expires (seconds since the epoch; 0 or absent: never). */
  client_secret_expires_at?: number;
  [field: string]: unknown;
}

/** Tokens for one resource from one authorization server. */
export interface StoredTokens {
  /** The access token sent to the resource. */
  access_token: string;
  /** "bearer" or "dpop" (lower case). */
  token_type: string;
  /** The refresh token, when the server issued one; used once, then replaced. */
  refresh_token?: string;
  /** When the access token expires, in milliseconds since the epoch. */
  expires_at?: number;
  /** The scopes granted (or requested, when the server did not say). */
  scope?: string;
}

/** Keeps registrations and tokens. Every method may be async. */
export interface OAuthStore {
  /** The registration at `issuer`, or `undefined` when there is none. */
  getClient(issuer: string): Promise<ClientRegistration | undefined> | ClientRegistration | undefined;
  /** Records the registration at `issuer`, replacing any earlier one. */
  saveClient(issuer: string, client: ClientRegistration): Promise<void> | void;
  /** Forgets the registration at `issuer`. */
  deleteClient(issuer: string): Promise<void> | void;
  /** The tokens `issuer` issued for `resource`, or `undefined` when there are none. */
  getTokens(issuer: string, resource: string): Promise<StoredTokens | undefined> | StoredTokens | undefined;
  /** Records the tokens `issuer` issued for `resource`, replacing any earlier ones. */
  saveTokens(issuer: string, resource: string, tokens: StoredTokens): Promise<void> | void;
  /** Forgets the tokens `issuer` issued for `resource` (the provider does so when a refresh fails). */
  deleteTokens(issuer: string, resource: string): Promise<void> | void;
}

/** The default store: in this process's memory, gone when it exits. */
export class InMemoryOAuthStore implements OAuthStore {
  private readonly clients = new Map<string, ClientRegistration>();
  private readonly tokens = new Map<string, StoredTokens>();

  /** The registration at `issuer`, or `undefined`. */
  getClient(issuer: string): ClientRegistration | undefined {
    return this.clients.get(issuer);
  }
  /** Records the registration at `issuer`. */
  saveClient(issuer: string, client: ClientRegistration): void {
    this.clients.set(issuer, client);
  }
  /** Forgets the registration at `issuer`. */
  deleteClient(issuer: string): void {
    this.clients.delete(issuer);
  }
  /** The tokens `issuer` issued for `resource`, or `undefined`. */
  getTokens(issuer: string, resource: string): StoredTokens | undefined {
    return this.tokens.get(`${issuer}\n${resource}`);
  }
  /** Records the tokens `issuer` issued for `resource`. */
  saveTokens(issuer: string, resource: string, tokens: StoredTokens): void {
    this.tokens.set(`${issuer}\n${resource}`, tokens);
  }
  /** Forgets the tokens `issuer` issued for `resource`. */
  deleteTokens(issuer: string, resource: string): void {
    this.tokens.delete(`${issuer}\n${resource}`);
  }
}
