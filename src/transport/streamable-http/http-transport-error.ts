/** An HTTP answer the Streamable HTTP client cannot use: its status, and what was being done. */
export class HttpTransportError extends Error {
  override name = "HttpTransportError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
