/**
 * The exit codes of the `typed-mcp` command, which scripts may rely on, and the errors that choose
 * them.
 */

/** What the `typed-mcp` command's exit status means. */
export const ExitCode = {
  /** The command did what it was asked. */
  Ok: 0,
  /** The tool ran and reported an error (`isError: true` in its result). */
  ToolError: 1,
  /** The server answered with a JSON-RPC error, or with something the protocol does not allow. */
  ProtocolError: 2,
  /** No conversation with the server: it could not be reached, refused us, closed, or timed out. */
  ConnectionError: 3,
  /** The command line itself was wrong (an unknown option, a missing argument, bad JSON). */
  UsageError: 64,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A command line the CLI cannot run: the message says what is wrong and how to write it. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The server could not be reached or talked to; `cause` keeps what went wrong underneath. */
export class ConnectionFailedError extends Error {
  override name = "ConnectionFailedError";
}
