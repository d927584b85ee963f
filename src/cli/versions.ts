/** `typed-mcp versions` and `typed-mcp diff <from> <to>`: straight from the generated metadata. */
import {
  isSupportedProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  lifecycleOf,
  type ProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../protocol/versions.js";
import { getMethodTable } from "../validation/validate.js";
import { type CommandContext, printJson } from "./context.js";
import { ExitCode, type ExitCodeValue, UsageError } from "./exit-codes.js";
import { table } from "./terminal.js";
import { diffVersions, formatVersionDiff } from "./version-diff.js";

const DIRECTIONS = ["clientRequests", "serverRequests", "clientNotifications", "serverNotifications"] as const;

export async function versionsCommand(context: CommandContext): Promise<ExitCodeValue> {
  if (context.line.positionals.length > 0) throw new UsageError("versions takes no arguments");
  const versions = SUPPORTED_PROTOCOL_VERSIONS.map((version) => {
    const table = getMethodTable(version);
    const methods = Object.fromEntries(
      DIRECTIONS.map((direction) => [direction, Object.keys(table[direction]).length]),
    );
    return { version, lifecycle: lifecycleOf(version), latest: version === LATEST_PROTOCOL_VERSION, methods };
  });
  if (context.line.options.json) {
    printJson(context, versions);
    return ExitCode.Ok;
  }
  const rows = versions.map(({ version, lifecycle, latest, methods }) => [
    latest ? `${version} (latest)` : version,
    lifecycle,
    ...DIRECTIONS.map((direction) => String(methods[direction])),
  ]);
  context.io.stdout.write(
    table(
      ["VERSION", "LIFECYCLE", "CLIENT REQUESTS", "SERVER REQUESTS", "CLIENT NOTIFICATIONS", "SERVER NOTIFICATIONS"],
      rows,
      context.out,
    ),
  );
  return ExitCode.Ok;
}

export async function diffCommand(context: CommandContext): Promise<ExitCodeValue> {
  const [from, to, ...extra] = context.line.positionals;
  if (from === undefined || to === undefined || extra.length > 0) {
    throw new UsageError("diff takes two protocol versions: typed-mcp diff <from> <to> [--json]");
  }
  for (const version of [from, to]) {
    if (!isSupportedProtocolVersion(version)) {
      throw new UsageError(`${version} is not a version typed-mcp speaks (${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`);
    }
  }
  const diff = diffVersions(from as ProtocolVersion, to as ProtocolVersion);
  if (context.line.options.json) printJson(context, diff);
  else {
    const text = formatVersionDiff(diff);
    context.io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }
  return ExitCode.Ok;
}
