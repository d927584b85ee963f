/**
 * Where the OAuth client keeps what outlives one request: the client registration at each
 * authorization server (keyed by its issuer, so that credentials issued by one are never shown to
 * another) and the tokens for each (issuer, resource) pair. The default keeps them in memory; a
 * desktop application implements the interface over its keychain.
 */

/** A client's registration at one authorization server. */
export interface ClientRegistration {
  client_id: string;
  client_secret?: string;
  /** How the client authenticates at the token endpoint; chosen from the server's metadata when absent. */
  token_endpoint_auth_method?: string;
  /** When the secret expires (seconds since the epoch; 0 or absent: never). */
  client_secret_expires_at?: number;
  [field: string]: unknown;
}

/** Tokens for one resource from one authorization server. */
export interface StoredTokens {
  access_token: string;
  /** "bearer" or "dpop" (lower case). */
  token_type: string;
  refresh_token?: string;
  /** When the access token expires, in milliseconds since the epoch. */
  expires_at?: number;
  /** The scopes granted (or requested, when the server did not say). */
  scope?: string;
}

/** Keeps registrations and tokens. Every method may be async. */
export interface OAuthStore {
  getClient(issuer: string): Promise<ClientRegistration | undefined> | ClientRegistration | undefined;
  saveClient(issuer: string, client: ClientRegistration): Promise<void> | void;
  deleteClient(issuer: string): Promise<void> | void;
  getTokens(issuer: string, resource: string): Promise<StoredTokens | undefined> | StoredTokens | undefined;
  saveTokens(issuer: string, resource: string, tokens: StoredTokens): Promise<void> | void;
  deleteTokens(issuer: string, resource: string): Promise<void> | void;
}

/** The default store: in this process's memory, gone when it exits. */
export class InMemoryOAuthStore implements OAuthStore {
  private readonly clients = new Map<string, ClientRegistration>();
  private readonly tokens = new Map<string, StoredTokens>();

  getClient(issuer: string): ClientRegistration | undefined {
    return this.clients.get(issuer);
  }
  saveClient(issuer: string, client: ClientRegistration): void {
    this.clients.set(issuer, client);
  }
  deleteClient(issuer: string): void {
    this.clients.delete(issuer);
  }
  getTokens(issuer: string, resource: string): StoredTokens | undefined {
    return this.tokens.get(`${issuer}\n${resource}`);
  }
  saveTokens(issuer: string, resource: string, tokens: StoredTokens): void {
    this.tokens.set(`${issuer}\n${resource}`, tokens);
  }
  deleteTokens(issuer: string, resource: string): void {
    this.tokens.delete(`${issuer}\n${resource}`);
  }
}
