import { createServer } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { nodeHttpFetch } from "../../../../src/entry/node.js";
import { Client, StreamableHttpClientTransport, StreamableHttpServer } from "../../../../src/index.js";
import { bodyReader, discardBody } from "../../../../src/transport/streamable-http/body.js";
import { closeAfterEach } from "../../../helpers/closers.js";
import { echoToolServer, listenOnLoopback, serveOnLoopback } from "../../../helpers/http.js";

const closers = closeAfterEach();

describe("nodeHttpFetch (typed-mcp/node)", () => {
  it.each([false, true])("carries a whole session through our client (JSON answers: %s)", async (jsonResponse) => {
    const http = new StreamableHttpServer(echoToolServer(), { jsonResponse });
    const listening = await serveOnLoopback(http);
    closers.push(listening.close);
    const client = new Client({ name: "c", version: "1" });
    await client.connect(new StreamableHttpClientTransport(listening.url, { fetch: nodeHttpFetch() }));
    expect(http.sessionCount).toBe(1);
    const progress: unknown[] = [];
    const calls = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.callTool({ name: "echo", arguments: { text: `n${i}` } }, { onProgress: (p) => progress.push(p) }),
      ),
    );
    expect(calls.map((result) => result.content)).toEqual(
      Array.from({ length: 20 }, (_, i) => [{ type: "text", text: `n${i}` }]),
    );
    if (!jsonResponse) expect(progress).toHaveLength(20);
    await expect(client.callTool({ name: "echo", arguments: {} })).resolves.toMatchObject({ isError: true });
    await client.close();
    expect(http.sessionCount).toBe(0);
  });

  it("keeps the client's message size limit", async () => {
    const http = new StreamableHttpServer(echoToolServer(), { jsonResponse: true });
    const listening = await serveOnLoopback(http);
    closers.push(listening.close);
    const client = new Client({ name: "c", version: "1" });
    await client.connect(
      new StreamableHttpClientTransport(listening.url, { fetch: nodeHttpFetch(), maxMessageBytes: 100_000 }),
    );
    await expect(client.callTool({ name: "big" })).rejects.toMatchObject({ code: -32000 });
    await client.close();
  });

  it("answers as fetch does: status, headers, bodies, null bodies, redirects not followed", async () => {
    const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === "/empty") res.writeHead(204).end();
        else if (req.url === "/moved") res.writeHead(302, { location: "/elsewhere" }).end();
        else res.writeHead(404, { "x-one": "1", "set-cookie": ["a=1", "b=2"] }).end("not here");
      });
    });
    const listening = await listenOnLoopback(server);
    closers.push(listening.close);
    const fetch = nodeHttpFetch();
    const base = listening.url;
    const missing = await fetch(new URL("/nothing", base), {
      method: "POST",
      headers: new Headers({ "X-Custom": "yes", "content-type": "text/plain" }),
      body: "héllo",
    });
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    expect(missing.headers.get("x-one")).toBe("1");
    expect(await missing.text()).toBe("not here");
    expect(seen[0]).toMatchObject({ method: "POST", body: "héllo" });
    expect(seen[0]?.headers).toMatchObject({ "x-custom": "yes", "content-length": String(Buffer.byteLength("héllo")) });
    const empty = await fetch(new URL("/empty", base).href, { method: "DELETE", headers: { "mcp-session-id": "s" } });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(seen[1]).toMatchObject({ method: "DELETE", headers: expect.objectContaining({ "mcp-session-id": "s" }) });
    const moved = await fetch(new URL("/moved", base));
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe("/elsewhere");
    // A form body goes to the platform's fetch, unchanged.
    await fetch(new URL("/form", base), { method: "POST", body: new URLSearchParams({ a: "1" }) });
    expect(seen.at(-1)).toMatchObject({
      body: "a=1",
      headers: expect.objectContaining({ "content-type": "application/x-www-form-urlencoded;charset=UTF-8" }),
    });
  });

  it("reads bodies as a web Response does, offers the client a reader without a web stream, and keeps the connection of a body discarded whole", async () => {
    let connections = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.url === "/json") res.writeHead(200, { "content-type": "application/json" }).end('{"a":1}');
        else if (req.url === "/accepted") res.writeHead(202).end();
        else {
          res.writeHead(200, { "content-type": "text/plain" });
          res.write("one");
          setTimeout(() => res.write("two"), 10);
          setTimeout(() => res.end("three"), 20);
        }
      });
    });
    server.on("connection", () => connections++);
    const listening = await listenOnLoopback(server);
    closers.push(listening.close);
    const fetch = nodeHttpFetch();
    const json = await fetch(new URL("/json", listening.url));
    expect(json.bodyUsed).toBe(false);
    const copy = json.clone();
    expect(await json.json()).toEqual({ a: 1 });
    expect(json.bodyUsed).toBe(true);
    await expect(json.text()).rejects.toThrow(TypeError);
    expect(await copy.text()).toBe('{"a":1}');
    const readAll = async (reader: { read(): Promise<{ done: boolean; value?: Uint8Array }> }) => {
      let text = "";
      for (let next = await reader.read(); !next.done; next = await reader.read())
        text += new TextDecoder().decode(next.value);
      return text;
    };
    const streamed = await fetch(new URL("/chunks", listening.url));
    expect(await readAll((streamed.body as ReadableStream<Uint8Array>).getReader())).toBe("onetwothree");
    const direct = await fetch(new URL("/chunks", listening.url));
    const reader = bodyReader(direct);
    expect(reader).toBeDefined();
    expect(() => bodyReader(direct)).toThrow(TypeError);
    expect(await readAll(reader as NonNullable<typeof reader>)).toBe("onetwothree");
    const before = connections;
    for (let i = 0; i < 5; i++) {
      const accepted = await fetch(new URL("/accepted", listening.url), { method: "POST", body: "{}" });
      expect(accepted.status).toBe(202);
      await discardBody(accepted);
    }
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it("honours the signal: before the request, and while a body streams", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: first\n\n");
      // and never ends
    });
    const listening = await listenOnLoopback(server);
    closers.push(async () => {
      server.closeAllConnections();
      await listening.close();
    });
    const fetch = nodeHttpFetch();
    const early = new AbortController();
    early.abort();
    await expect(fetch(listening.url, { signal: early.signal })).rejects.toMatchObject({ name: "AbortError" });
    const controller = new AbortController();
    const response = await fetch(listening.url, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: first\n\n");
    const pending = reader.read();
    controller.abort();
    await expect(pending).rejects.toBeDefined();
  });

  it("fails an unreachable server as fetch does (TypeError with the cause)", async () => {
    const server = createServer();
    const listening = await listenOnLoopback(server);
    await listening.close();
    await expect(nodeHttpFetch()(listening.url, { method: "POST", body: "{}" })).rejects.toMatchObject({
      name: "TypeError",
      cause: expect.objectContaining({ code: "ECONNREFUSED" }),
    });
  });

  it("sends a request once more on a new connection when the server closed the kept-alive one it was written to", {
    timeout: 30_000,
  }, async () => {
    // A bare HTTP/1.1 server: on its first connection it answers one request, keeps the connection open,
    // and resets it when the next request arrives there (a server whose keep-alive timeout fired just as
    // the client reused the connection); later connections are answered normally.
    const connections: Socket[] = [];
    const bodies: string[] = [];
    const server = createTcpServer((socket) => {
      const index = connections.push(socket) - 1;
      let answered = 0;
      socket.on("data", (chunk) => {
        const text = chunk.toString("utf8");
        bodies.push(text.slice(text.indexOf("\r\n\r\n") + 4));
        if (index === 0 && answered === 1) {
          socket.resetAndDestroy();
          return;
        }
        answered++;
        socket.write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok",
        );
      });
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of connections) socket.destroy();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as { port: number };
    const fetchOverNode = nodeHttpFetch();
    const url = `http://127.0.0.1:${port}/mcp`;
    const first = await fetchOverNode(url, { method: "POST", body: "first" });
    expect(await first.text()).toBe("ok");
    // The same connection is reused, reset by the server, and the request goes out again on a new one.
    const second = await fetchOverNode(url, { method: "POST", body: "second" });
    expect(second.status).toBe(200);
    expect(await second.text()).toBe("ok");
    expect(connections).toHaveLength(2);
    expect(bodies).toEqual(["first", "second", "second"]);
  });
});
