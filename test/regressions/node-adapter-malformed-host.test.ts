/**
 * Found by the HTTP fuzzer (over a real socket): a Host header no URL can be made of (`a b`, `#`,
 * or one with credentials such as `u@localhost`) made the node:http adapter's `new Request` throw,
 * and the client got 500 "internal error". It is the client's error: 400 with -32600.
 */
import { request as httpRequest } from "node:http";
import { expect, it } from "vitest";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";

const closers = closeAfterEach();

/** A raw POST: node:http lets the Host header be anything. */
function post(url: URL, host: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      host,
      "content-length": String(Buffer.byteLength(text)),
    };
    const req = httpRequest(url, { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(text);
  });
}

it("a Host header that makes no URL is 400 -32600 over node:http, not 500, and the server keeps serving", async () => {
  const http = new StreamableHttpServer(new McpServer({ name: "h", version: "1" }), {
    allowedHosts: "any",
    sessionless: true,
    jsonResponse: true,
  });
  const listening = await serveOnLoopback(http);
  closers.push(listening.close);
  const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
  for (const host of ["a b", "#", "u@localhost", "5`@x", "[::1"]) {
    const answer = await post(listening.url, host, ping);
    expect(answer.status, host).toBe(400);
    expect(JSON.parse(answer.body), host).toMatchObject({ id: null, error: { code: -32600 } });
  }
  const served = await post(listening.url, listening.url.host, ping);
  expect(served.status).toBe(200);
  expect(JSON.parse(served.body)).toMatchObject({ id: 1, result: {} });
});
