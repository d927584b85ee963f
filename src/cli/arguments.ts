/**
 * The command line: `typed-mcp <command> [options] [arguments] [-- <server command…>]`. Everything
 * after `--` is a stdio server to start; otherwise the first argument after the command is the
 * server's URL (for the commands that talk to a server).
 */
import { parseArgs } from "node:util";
import { isSupportedProtocolVersion, type ProtocolVersion, SUPPORTED_PROTOCOL_VERSIONS } from "../protocol/versions.js";
import { UsageError } from "./exit-codes.js";

/** The options every command accepts (those a command has no use for are ignored). */
export interface CliOptions {
  json: boolean;
  help: boolean;
  /** `--header "Name: value"`, repeatable (HTTP targets). */
  headers: Record<string, string>;
  protocolVersion?: ProtocolVersion;
  /** Directory images, audio and blobs are saved to instead of summarised. */
  out?: string;
  /** Milliseconds each request may take (default 60 s). */
  timeout?: number;
  /** The least severe log messages the server should send (default info), for servers that log. */
  logLevel: LoggingLevel;
}

const LOGGING_LEVELS = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"] as const;
type LoggingLevel = (typeof LOGGING_LEVELS)[number];

function isLoggingLevel(value: string): value is LoggingLevel {
  return (LOGGING_LEVELS as readonly string[]).includes(value);
}

/** Where a server is: an HTTP URL, or a command to start and talk to over stdio. */
export type Target = { kind: "http"; url: URL } | { kind: "stdio"; command: string; args: string[] };

export interface CommandLine {
  command: string | undefined;
  /** The arguments after the command, before any `--`. */
  positionals: string[];
  /** Everything after `--`, when given. */
  serverCommand: string[] | undefined;
  options: CliOptions;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const dashes = argv.indexOf("--");
  const before = dashes === -1 ? [...argv] : argv.slice(0, dashes);
  const serverCommand = dashes === -1 ? undefined : argv.slice(dashes + 1);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(before);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const logLevel = values["log-level"] ?? "info";
  if (!isLoggingLevel(logLevel)) {
    throw new UsageError(`--log-level ${logLevel} is not one of ${LOGGING_LEVELS.join(", ")}`);
  }
  const options: CliOptions = { json: values.json === true, help: values.help === true, headers: {}, logLevel };
  for (const header of values.header ?? []) {
    const colon = header.indexOf(":");
    const name = colon === -1 ? "" : header.slice(0, colon).trim();
    if (!name) throw new UsageError(`--header expects "Name: value", got ${JSON.stringify(header)}`);
    options.headers[name] = header.slice(colon + 1).trim();
  }
  if (values["protocol-version"] !== undefined) {
    const version = values["protocol-version"];
    if (!isSupportedProtocolVersion(version)) {
      throw new UsageError(
        `--protocol-version ${version} is not a version typed-mcp speaks (${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`,
      );
    }
    options.protocolVersion = version;
  }
  if (values.out !== undefined) options.out = values.out;
  if (values.timeout !== undefined) {
    const timeout = Number(values.timeout);
    if (!Number.isInteger(timeout) || timeout <= 0) {
      throw new UsageError(`--timeout expects a positive number of milliseconds, got ${values.timeout}`);
    }
    options.timeout = timeout;
  }
  const [command, ...rest] = positionals;
  if (serverCommand !== undefined && serverCommand.length === 0) {
    throw new UsageError("nothing after --: give the command that starts the server");
  }
  return { command, positionals: rest, serverCommand, options };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      header: { type: "string", short: "H", multiple: true },
      "protocol-version": { type: "string" },
      out: { type: "string", short: "o" },
      timeout: { type: "string" },
      "log-level": { type: "string" },
    },
  });
}

/**
 * Takes the target off the front of a command's arguments: the command after `--` if there is
 * one, otherwise the first argument, which must be an http(s) URL.
 */
export function takeTarget(line: CommandLine): { target: Target; rest: string[] } {
  if (line.serverCommand) {
    const [command, ...args] = line.serverCommand as [string, ...string[]];
    return { target: { kind: "stdio", command, args }, rest: line.positionals };
  }
  const [first, ...rest] = line.positionals;
  if (first === undefined) {
    throw new UsageError(`${line.command} needs a server: a URL (http://…/mcp) or -- <command that starts it>`);
  }
  let url: URL;
  try {
    url = new URL(first);
  } catch {
    throw new UsageError(`${JSON.stringify(first)} is not a URL; to start a stdio server put its command after --`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${first}: only http:// and https:// servers are reached by URL; stdio servers go after --`);
  }
  return { target: { kind: "http", url }, rest };
}

/** A JSON object argument (tool or prompt arguments); absent means `{}`. */
export function jsonObjectArgument(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} must be a JSON object: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} must be a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
