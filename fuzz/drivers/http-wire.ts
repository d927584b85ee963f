/**
 * How the HTTP fuzzer sends a request to the server under test and reads what comes back: through
 * the web-standard `handle(Request)`, or over a real socket through the node:http adapter.
 */
import { request as httpRequest } from "node:http";
import { listen } from "../../src/entry/node.js";
import type { StreamableHttpServer } from "../../src/index.js";
import type { SentRequest } from "../oracle/http.js";

export interface Answer {
  status: number;
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The body, read to its end (or up to the first answer, for a GET's endless stream). */
  text: string;
}

export const header = (answer: Answer, name: string): string | undefined => {
  const headers = answer.headers;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

async function readBody(response: Response, endless: boolean): Promise<string> {
  if (!response.body) return "";
  if (endless) {
    await response.body.cancel();
    return "";
  }
  return await response.text();
}

export async function viaHandler(http: StreamableHttpServer, built: SentRequest): Promise<Answer> {
  const request = new Request("http://127.0.0.1:3000/mcp", {
    method: built.method,
    headers: built.headers,
    ...(built.body && !["GET", "HEAD"].includes(built.method.toUpperCase()) ? { body: built.body } : {}),
  });
  const response = await http.handle(request);
  const endless = built.method.toUpperCase() === "GET" && response.status === 200;
  return { status: response.status, headers: response.headers, text: await readBody(response, endless) };
}

export function viaSocket(url: URL, built: SentRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const hasBody = built.body && !["GET", "HEAD"].includes(built.method.toUpperCase());
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: built.method,
        headers: { ...built.headers, ...(hasBody ? { "content-length": String(built.body?.length) } : {}) },
      },
      (res) => {
        const endless = built.method.toUpperCase() === "GET" && res.statusCode === 200;
        if (endless) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: "" });
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (hasBody) req.end(built.body);
    else req.end();
  });
}

/** The JSON-RPC messages of a response body: SSE events' data, or one JSON body. */
export function messagesOf(answer: Answer, problems: string[]): { messages: unknown[]; eventIds: string[] } {
  const type = header(answer, "content-type") ?? "";
  if (type.includes("text/event-stream")) {
    const messages: unknown[] = [];
    const eventIds: string[] = [];
    for (const block of answer.text.split("\n\n")) {
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""));
      const id = block.split("\n").find((line) => line.startsWith("id:"));
      if (id) eventIds.push(id.slice(3).trim());
      if (data.length === 0) continue;
      try {
        messages.push(JSON.parse(data.join("\n")));
      } catch {
        problems.push(`an SSE event that is not JSON: ${data.join("\n").slice(0, 200)}`);
      }
    }
    return { messages, eventIds };
  }
  if (answer.text === "") return { messages: [], eventIds: [] };
  try {
    return { messages: [JSON.parse(answer.text)], eventIds: [] };
  } catch {
    problems.push(`a body that is not JSON: ${answer.text.slice(0, 200)}`);
    return { messages: [], eventIds: [] };
  }
}

let socketServer: { url: URL; close(): Promise<void> } | undefined;
let socketTarget: StreamableHttpServer | undefined;

/** Which server the socket listener hands its requests to (the current case's). */
export function aimSocket(http: StreamableHttpServer | undefined): void {
  socketTarget = http;
}

/** A real socket for the cases that want one: one listener per run, pointed at the current case's server. */
export async function socketUrl(): Promise<URL> {
  socketServer ??= await listen((request) => (socketTarget as StreamableHttpServer).handle(request));
  return socketServer.url;
}

export async function closeHttpFuzzSockets(): Promise<void> {
  await socketServer?.close();
  socketServer = undefined;
}
