/** Whole JSON bodies as HTTP answers: the headers they carry, and a JSON-RPC error as one. */

import type { RequestId } from "../../jsonrpc/messages.js";

export const JSON_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json" };

export function jsonError(status: number, code: number, message: string, id: RequestId | null = null): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } }), {
    status,
    headers: { "content-type": "application/json" },
  });
}
