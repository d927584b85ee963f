/** The refusal of a token: what a TokenVerifier throws, answered with 401 `invalid_token`. */
export class InvalidTokenError extends Error {
  /** The error's name, `"InvalidTokenError"`. */
  override name = "InvalidTokenError";
  /**
   * `description` goes to the client as the challenge's `error_description`: say what is wrong with
   * the token, never repeat the token.
   */
  constructor(description: string, options?: { cause?: unknown }) {
    super(description, options);
  }
}
