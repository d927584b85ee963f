/**
 * The `typed-mcp` command: `run(argv, io)` parses the command line, runs one command and returns
 * its exit status; it never throws, and writes nothing on stdout but the result.
 */
import { parseCommandLine } from "./arguments.js";
import type { AuthorizationFlow } from "./authorization.js";
import { failureOf } from "./connection.js";
import type { Command, CommandContext } from "./context.js";
import { ExitCode, type ExitCodeValue, UsageError } from "./exit-codes.js";
import { inspectCommand } from "./inspect.js";
import { callCommand, promptCommand, readCommand } from "./invoke.js";
import { type CliIo, colourFor, stylesFor } from "./terminal.js";
import { diffCommand, versionsCommand } from "./versions.js";

const COMMANDS: Record<string, Command> = {
  inspect: inspectCommand,
  call: callCommand,
  read: readCommand,
  prompt: promptCommand,
  versions: versionsCommand,
  diff: diffCommand,
};

export const USAGE = `Usage: typed-mcp <command> [options]

Commands (a server is a URL, http://…/mcp, or a stdio command after --):
  inspect <url> | inspect -- <command…>     version, lifecycle, server info, capabilities, and every
                                            tool, resource, template and prompt
  call <url> <tool> [json-args]             call a tool (stdio: call <tool> [json-args] -- <command…>)
  read <url> <uri>                          read a resource (stdio: read <uri> -- <command…>)
  prompt <url> <name> [json-args]           get a prompt (stdio: prompt <name> [json-args] -- <command…>)
  versions                                  the protocol versions typed-mcp speaks
  diff <from> <to>                          what changed between two protocol versions

Options:
  --json                      print the result as JSON
  --protocol-version <v>      speak this version (default: the newest the server speaks)
  -H, --header "Name: value"  send a header to an HTTP server (repeatable)
  -o, --out <dir>             save images, audio and blobs there instead of summarising them
  --timeout <ms>              how long a request may take (default 60000)
  --log-level <level>         the least severe server log messages shown on stderr (default info)
  -h, --help                  this text

Exit status: 0 done, 1 the tool reported an error, 2 protocol error, 3 connection error, 64 usage error.
Colour only on a terminal, never with NO_COLOR. TYPED_MCP_TRACE=1 prints every message on stderr.
`;

/**
 * Extra powers for a run: an authorization flow for servers that answer 401 instead of the OAuth
 * browser flow, or the browser flow's URL opened by the embedding program (or a test).
 */
export interface RunOptions {
  authorization?: AuthorizationFlow;
  openBrowser?: (url: URL) => void;
}

/** Runs the command line `argv` (without the program name) and returns the exit status. */
export async function run(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<ExitCodeValue> {
  const err = stylesFor(colourFor(io.stderr, io.env));
  try {
    const line = parseCommandLine(argv);
    if (line.options.help || line.command === "help") {
      io.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    if (line.command === undefined) throw new UsageError("no command given");
    const command = COMMANDS[line.command];
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(line.command)}`);
    const context: CommandContext = { line, io, out: stylesFor(colourFor(io.stdout, io.env)), err };
    if (options.authorization) context.authorization = options.authorization;
    if (options.openBrowser) context.openBrowser = options.openBrowser;
    return await command(context);
  } catch (error) {
    const { exitCode, message } = failureOf(error);
    io.stderr.write(`${err.red("typed-mcp:")} ${message}\n`);
    if (exitCode === ExitCode.UsageError) io.stderr.write("Run typed-mcp --help for the commands and options.\n");
    return exitCode;
  }
}
