/** How the oracle reads a byte stream sent to a stdio server: newline-delimited JSON. */
import type { Inbound } from "./jsonrpc.js";

/** The model's view of a byte stream: each newline-terminated line, as the spec of NDJSON reads it. */
export function linesOf(bytes: Buffer, maxBytes: number): Inbound[] {
  const items: Inbound[] = [];
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(0x0a, start);
    if (newline === -1) break;
    const line = bytes.subarray(start, newline);
    start = newline + 1;
    if (line.length > maxBytes) {
      items.push({ kind: "too-large" });
      continue;
    }
    let text = line.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.trim() === "") continue;
    try {
      items.push({ kind: "value", value: JSON.parse(text) });
    } catch {
      items.push({ kind: "parse-error" });
    }
  }
  return items;
}
