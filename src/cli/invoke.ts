/**
 * `typed-mcp call`, `read` and `prompt`: one request to a server, its result on stdout (readable,
 * or `--json`), its progress and the server's log messages on stderr.
 */
import { jsonObjectArgument, takeTarget } from "./arguments.js";
import { type Connected, connect } from "./connection.js";
import { type CommandContext, printJson } from "./context.js";
import { ExitCode, type ExitCodeValue, UsageError } from "./exit-codes.js";
import { logLine, progressReporter } from "./progress.js";
import { renderContent, renderResourceContents, renderToolResult, type Saving } from "./render.js";

type Work = (connected: Connected) => Promise<ExitCodeValue>;

/**
 * Reads the command's own arguments (`prepare` throws a UsageError before anything is started),
 * then connects, shows the server's log messages on stderr while the work runs, and closes.
 */
async function withServer(context: CommandContext, prepare: (rest: string[]) => Work): Promise<ExitCodeValue> {
  const { target, rest } = takeTarget(context.line);
  const work = prepare(rest);
  const connected = await connect(target, {
    options: context.line.options,
    io: context.io,
    ...(context.authorization ? { authorization: context.authorization } : {}),
    ...(context.openBrowser ? { openBrowser: context.openBrowser } : {}),
  });
  try {
    connected.client.onNotification("notifications/message", (params) => {
      context.io.stderr.write(logLine(params, context.err));
    });
    if (connected.server.capabilities.logging) await connected.client.setLoggingLevel(context.line.options.logLevel);
    return await work(connected);
  } finally {
    await connected.close();
  }
}

function saving(context: CommandContext): Saving {
  const { out } = context.line.options;
  return { directory: out === undefined ? undefined : out, written: [] };
}

/** `<name> [json-args]`, as `call` and `prompt` take them. */
function nameAndArguments(
  rest: string[],
  command: string,
  kind: string,
): { name: string; args: Record<string, unknown> } {
  const [name, args, ...extra] = rest;
  if (name === undefined || extra.length > 0) {
    throw new UsageError(`${command} takes a ${kind} name and, optionally, its arguments as one JSON object`);
  }
  return { name, args: jsonObjectArgument(args, `the ${kind}'s arguments`) };
}

export function callCommand(context: CommandContext): Promise<ExitCodeValue> {
  return withServer(context, (rest) => {
    const { name, args } = nameAndArguments(rest, "call", "tool");
    return (connected) => callTool(context, connected, name, args);
  });
}

async function callTool(
  context: CommandContext,
  { client }: Connected,
  name: string,
  argumentsObject: Record<string, unknown>,
): Promise<ExitCodeValue> {
  const progress = progressReporter(context.io.stderr, context.err);
  let result: Awaited<ReturnType<typeof client.callTool>>;
  try {
    // Listing first lets the client check structured content against the tool's outputSchema.
    if (client.serverCapabilities.tools) await client.listToolsAll();
    result = await client.callTool(
      { name, arguments: argumentsObject },
      { onProgress: (report) => progress.report(report), resetTimeoutOnProgress: true },
    );
  } finally {
    progress.done();
  }
  if (context.line.options.json) printJson(context, result);
  else context.io.stdout.write(renderToolResult(result, saving(context), context.out));
  if (result.isError) {
    context.io.stderr.write(`${context.err.red("error:")} the tool ${name} reported an error\n`);
    return ExitCode.ToolError;
  }
  return ExitCode.Ok;
}

export function readCommand(context: CommandContext): Promise<ExitCodeValue> {
  return withServer(context, (rest) => {
    const [uri, ...extra] = rest;
    if (uri === undefined || extra.length > 0) throw new UsageError("read takes one resource URI");
    return async ({ client }) => {
      const result = await client.readResource({ uri });
      if (context.line.options.json) printJson(context, result);
      else {
        const files = saving(context);
        const text = result.contents.map((contents) => renderResourceContents(contents, files, context.out)).join("\n");
        context.io.stdout.write(text ? `${text}\n` : "");
      }
      return ExitCode.Ok;
    };
  });
}

export function promptCommand(context: CommandContext): Promise<ExitCodeValue> {
  return withServer(context, (rest) => {
    const { name, args: argumentsObject } = nameAndArguments(rest, "prompt", "prompt");
    for (const [key, value] of Object.entries(argumentsObject)) {
      if (typeof value !== "string")
        throw new UsageError(`prompt arguments are strings; ${key} is ${JSON.stringify(value)}`);
    }
    return async ({ client }) => {
      const result = await client.getPrompt({ name, arguments: argumentsObject as Record<string, string> });
      if (context.line.options.json) printJson(context, result);
      else {
        const files = saving(context);
        const lines = result.description ? [context.out.dim(result.description)] : [];
        for (const message of result.messages) {
          lines.push(`${context.out.bold(`${message.role}:`)} ${renderContent(message.content, files, context.out)}`);
        }
        context.io.stdout.write(`${lines.join("\n")}\n`);
      }
      return ExitCode.Ok;
    };
  });
}
