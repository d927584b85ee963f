/**
 * Server-side pagination with opaque cursors. A cursor names the position after the last item
 * returned and the list it belongs to; anything a client makes up or alters is an invalid cursor
 * (-32602), never a silent restart from the top.
 */
import { base64ToBytes, bytesToBase64url } from "../protocol/base64.js";
import { ErrorCode, McpError } from "../protocol/errors.js";

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

const encode = (value: object) => bytesToBase64url(new TextEncoder().encode(JSON.stringify(value)));

function decode(cursor: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64ToBytes(cursor)));
  } catch {
    return undefined;
  }
}

export function paginate<T>(list: string, all: readonly T[], cursor: unknown, pageSize: number): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    const decoded = typeof cursor === "string" ? decode(cursor) : undefined;
    const offset = (decoded as { l?: unknown; o?: unknown } | undefined)?.o;
    if (
      typeof decoded !== "object" ||
      decoded === null ||
      (decoded as { l?: unknown }).l !== list ||
      typeof offset !== "number" ||
      !Number.isInteger(offset) ||
      offset < 0 ||
      offset > all.length
    ) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: invalid cursor for ${list}`, { cursor });
    }
    start = offset;
  }
  const end = Math.min(all.length, start + pageSize);
  const page: Page<T> = { items: all.slice(start, end) };
  if (end < all.length) page.nextCursor = encode({ l: list, o: end });
  return page;
}

/** A list result names `nextCursor` only when another page follows (the key is absent on the last page). */
export function withCursor<Result extends object>(result: Result, nextCursor: string | undefined): Result {
  if (nextCursor !== undefined) (result as { nextCursor?: string }).nextCursor = nextCursor;
  return result;
}
