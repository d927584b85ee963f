/** An HTTP answer the Streamable HTTP client cannot use: its status, and what was being done. */
export class HttpTransportError extends Error {
  /** The error's name, `"HttpTransportError"`. */
  override name = "HttpTransportError";
  /** Creates the error with the HTTP status and a message saying what was being done. */
  constructor(
    /** The HTTP status of the answer. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
