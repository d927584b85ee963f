/**
 * Where the CLI writes and how: results on stdout and nothing else there, so it composes with pipes;
 * progress, logs and errors on stderr; colour only on a terminal, and never with `NO_COLOR`.
 */

/** A stream the CLI writes to, and whether a person is watching it. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** What a run of the CLI may touch: its streams, its environment, and where files go. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** The directory relative paths (such as `--out`) are taken from. */
  cwd: string;
}

/** Text styles, each the identity when colour is off. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does a stream that is no terminal. */
export function colourFor(stream: OutputStream, env: CliIo["env"]): boolean {
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === "");
}

export function stylesFor(colour: boolean): Styles {
  const sgr = (open: number, close: number) => (text: string) =>
    colour ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    cyan: sgr(36, 39),
  };
}

/** Rows as aligned columns; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], styles: Styles): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [styles.dim(format(header)), ...rows.map(format)].map((line) => `  ${line}\n`).join("");
}

/** A one-line version of a text, at most `max` characters. */
export function oneLine(text: string | undefined, max = 80): string {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
