/**
 * What arrives while a request runs, on stderr: progress as a bar redrawn in place on a terminal
 * and as one line per report otherwise, and the server's log messages.
 */
import type { Progress } from "../jsonrpc/outbound.js";
import type { OutputStream, Styles } from "./terminal.js";

const BAR_WIDTH = 30;

/** Shows progress reports on `stream`; `done()` ends the bar's line. */
export function progressReporter(
  stream: OutputStream,
  styles: Styles,
): { report(progress: Progress): void; done(): void } {
  const live = stream.isTTY === true;
  let drawn = false;
  return {
    report({ progress, total, message }) {
      const of = total === undefined ? `${progress}` : `${progress}/${total}`;
      const note = message ? ` ${message}` : "";
      if (!live) {
        stream.write(`progress ${of}${note}\n`);
        return;
      }
      const fraction = total && total > 0 ? Math.min(1, Math.max(0, progress / total)) : undefined;
      const filled = fraction === undefined ? 0 : Math.round(fraction * BAR_WIDTH);
      const bar = fraction === undefined ? "" : `[${"#".repeat(filled)}${" ".repeat(BAR_WIDTH - filled)}] `;
      const percent = fraction === undefined ? of : `${Math.round(fraction * 100)}%`;
      stream.write(`\r\u001b[2K${styles.cyan(bar)}${percent}${note}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}

const LEVEL_STYLE: Record<string, keyof Styles> = {
  debug: "dim",
  info: "green",
  notice: "green",
  warning: "yellow",
  error: "red",
  critical: "red",
  alert: "red",
  emergency: "red",
};

/** One `notifications/message` as a line on stderr: `[level] logger: data`. */
export function logLine(
  params: { level?: unknown; logger?: unknown; data?: unknown } | undefined,
  styles: Styles,
): string {
  const level = typeof params?.level === "string" ? params.level : "info";
  const logger = typeof params?.logger === "string" ? ` ${params.logger}:` : "";
  const data = typeof params?.data === "string" ? params.data : JSON.stringify(params?.data);
  return `${styles[LEVEL_STYLE[level] ?? "dim"](`[${level}]`)}${logger} ${data}\n`;
}
