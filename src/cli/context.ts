/** What each command of the CLI is given: its command line, its streams, and their styles. */
import type { CommandLine } from "./arguments.js";
import type { AuthorizationFlow } from "./authorization.js";
import type { ExitCodeValue } from "./exit-codes.js";
import type { CliIo, Styles } from "./terminal.js";

export interface CommandContext {
  line: CommandLine;
  io: CliIo;
  /** Styles for stdout and for stderr: each stream is coloured only when it is a terminal. */
  out: Styles;
  err: Styles;
  authorization?: AuthorizationFlow;
  /** Opens the OAuth browser flow's URL instead of the system browser. */
  openBrowser?: (url: URL) => void;
}

/** A command of the CLI: runs, writes its result on stdout, and returns the exit status. */
export type Command = (context: CommandContext) => Promise<ExitCodeValue>;

/** JSON on stdout, as `--json` prints it. */
export function printJson(context: CommandContext, value: unknown): void {
  context.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
