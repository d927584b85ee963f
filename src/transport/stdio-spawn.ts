/**
 * How the stdio client starts a server, as plain decisions (no process is touched here, so that
 * they are unit-tested for every platform on any machine):
 * - the environment: only the variables a program needs to run on its platform, never the whole
 *   environment of the client (which may hold secrets), plus what the caller passes;
 * - the command: on Windows, a `.cmd`/`.bat` shim (`npx`, and every npm-installed command) cannot
 *   be spawned directly, so it is resolved through PATH/PATHEXT and run through `cmd.exe` with its
 *   command name and every argument escaped for both the argument parser and cmd's metacharacters.
 */

/** The variables a spawned server inherits by default on POSIX systems. */
export const POSIX_INHERITED_ENV: readonly string[] = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"];

/** The variables a spawned server inherits by default on Windows. */
export const WINDOWS_INHERITED_ENV: readonly string[] = [
  "APPDATA",
  "HOMEDRIVE",
  "HOMEPATH",
  "LOCALAPPDATA",
  "PATH",
  "PROCESSOR_ARCHITECTURE",
  "SYSTEMDRIVE",
  "SYSTEMROOT",
  "TEMP",
  "USERNAME",
  "USERPROFILE",
  "PROGRAMFILES",
];

/** Environment variables by name, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A variable's value, found case-insensitively on Windows (where `Path` and `PATH` are one variable). */
function lookup(env: Environment, name: string, platform: string): string | undefined {
  if (platform !== "win32") return env[name];
  if (env[name] !== undefined) return env[name];
  const key = Object.keys(env).find((candidate) => candidate.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/**
 * The safe default environment of a spawned server: the platform's inherited variables that are
 * set in `env`, except values that start with `()` (exported shell functions, a code-injection
 * risk), and typed-mcp's own `TYPED_MCP_TRACE`, so that tracing a client traces the servers it starts.
 */
export function defaultServerEnvironment(env: Environment, platform: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of platform === "win32" ? WINDOWS_INHERITED_ENV : POSIX_INHERITED_ENV) {
    const value = lookup(env, name, platform);
    if (value === undefined || value.startsWith("()")) continue;
    result[name] = value;
  }
  const trace = env[TRACE_VARIABLE];
  if (trace !== undefined) result[TRACE_VARIABLE] = trace;
  return result;
}

/** The wire-tracing switch (see src/jsonrpc/wire-trace.ts), passed on to spawned servers. */
const TRACE_VARIABLE = "TYPED_MCP_TRACE";

/** What to spawn: the file, its arguments, and whether they are passed verbatim (the cmd.exe case). */
export interface SpawnPlan {
  file: string;
  args: string[];
  windowsVerbatimArguments: boolean;
}

const DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

function hasSeparator(command: string): boolean {
  return /[\\/]/.test(command);
}

/** The file a Windows command names: as given when it has a path, else searched in the cwd and PATH with PATHEXT. */
export function resolveWindowsCommand(
  command: string,
  env: Environment,
  exists: (path: string) => boolean,
  cwd?: string,
): string | undefined {
  const extensions = (lookup(env, "PATHEXT", "win32") ?? DEFAULT_PATHEXT)
    .split(";")
    .filter((extension) => extension !== "");
  const hasExtension = /\.[^\\/.]+$/.test(command);
  const candidatesIn = (dir: string | undefined) => {
    const base = dir ? `${dir.replace(/[\\/]+$/, "")}\\${command}` : command;
    return [...(hasExtension ? [base] : []), ...extensions.map((extension) => `${base}${extension.toLowerCase()}`)];
  };
  if (hasSeparator(command)) return candidatesIn(undefined).find(exists);
  const dirs = [cwd, ...(lookup(env, "PATH", "win32") ?? "").split(";")].filter(
    (dir): dir is string => dir !== undefined && dir !== "",
  );
  for (const dir of dirs) {
    const found = candidatesIn(dir).find(exists);
    if (found) return found;
  }
  return undefined;
}

/** cmd.exe's metacharacters: each is preceded by `^` so that cmd passes it on literally. */
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/** One argument for `cmd.exe /d /s /c "…"`: quoted for the program's argument parser, then cmd-escaped. */
export function escapeCmdArgument(argument: string): string {
  // Backslashes before a quote double, and the quote is escaped; trailing backslashes double (a quote follows).
  let quoted = argument.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, "$1$1");
  quoted = `"${quoted}"`;
  return quoted.replace(CMD_META, "^$1");
}

/** The command's path for cmd.exe: its metacharacters escaped, not quoted (cmd.exe resolves it). */
export function escapeCmdCommand(command: string): string {
  return command.replace(CMD_META, "^$1");
}

/**
 * How to spawn `command args` on `platform`: directly, except a Windows batch file (`.cmd`/`.bat`,
 * found through PATH/PATHEXT), which runs through cmd.exe (`ComSpec`) with everything escaped.
 */
export function planSpawn(
  command: string,
  args: readonly string[],
  platform: string,
  env: Environment,
  exists: (path: string) => boolean,
  cwd?: string,
): SpawnPlan {
  if (platform !== "win32") return { file: command, args: [...args], windowsVerbatimArguments: false };
  const resolved = resolveWindowsCommand(command, env, exists, cwd);
  if (!resolved || !/\.(cmd|bat)$/i.test(resolved)) {
    return { file: resolved ?? command, args: [...args], windowsVerbatimArguments: false };
  }
  const line = [escapeCmdCommand(resolved), ...args.map(escapeCmdArgument)].join(" ");
  return {
    file: lookup(env, "COMSPEC", "win32") ?? "cmd.exe",
    args: ["/d", "/s", "/c", `"${line}"`],
    windowsVerbatimArguments: true,
  };
}
