/**
 * A client that disappears mid-request (its process killed, its HTTP connection dropped): the
 * handler's AbortSignal aborts, nothing is left behind, and other sessions carry on.
 */
import { spawn } from "node:child_process";
import { connect } from "node:net";
import type { Readable, Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { StdioServerTransport } from "../../src/entry/node.js";
import {
  Client,
  InMemoryTransport,
  McpServer,
  StreamableHttpClientTransport,
  StreamableHttpServer,
} from "../../src/index.js";
import { closeAfterEach } from "../helpers/closers.js";
import { serveOnLoopback } from "../helpers/http.js";

const closers = closeAfterEach();

function holdingServer() {
  const state = { started: 0, aborted: [] as unknown[] };
  const server = new McpServer({ name: "hold", version: "1" });
  server.registerTool("hold", {}, (_args, ctx) => {
    state.started++;
    return new Promise((resolve) => {
      ctx.signal.addEventListener("abort", () => {
        state.aborted.push(ctx.signal.reason);
        resolve({ content: [] });
      });
    });
  });
  server.registerTool("hi", {}, () => ({ content: [{ type: "text", text: "hi" }] }));
  return { server, state };
}

const connectionsOf = (server: McpServer) => server.connectionCount;

async function inMemoryClient(server: McpServer): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "bystander", version: "1" });
  await client.connect(clientSide);
  closers.push(() => client.close());
  return client;
}

/** A client process that sends initialize and a tools/call on its stdout, then waits to be killed. */
const CLIENT_CHILD = `
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
send({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "child", version: "1" } } });
send({ jsonrpc: "2.0", method: "notifications/initialized" });
send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "hold" } });
process.stdin.resume();
setInterval(() => {}, 1000);
`;

describe("a client that disappears mid-request", () => {
  it("stdio: its process is killed; the handler is aborted, the connection is gone, other sessions carry on", async () => {
    const { server, state } = holdingServer();
    const bystander = await inMemoryClient(server);
    const child = spawn(process.execPath, ["-e", CLIENT_CHILD], { stdio: ["pipe", "pipe", "inherit"] });
    closers.push(() => void child.kill("SIGKILL"));
    const transport = new StdioServerTransport({
      stdin: child.stdout as Readable,
      stdout: child.stdin as Writable,
    });
    const connected = await server.connect(transport, { onError: () => {} });
    expect(connectionsOf(server)).toBe(2);
    await vi.waitFor(() => expect(state.started).toBe(1));
    child.kill("SIGKILL");
    await connected.closed;
    expect(state.aborted).toHaveLength(1);
    expect(connected.dispatcher.load).toEqual({ pending: 0, inFlight: 0 });
    await vi.waitFor(() => expect(connectionsOf(server)).toBe(1));
    await expect(bystander.callTool({ name: "hi" })).resolves.toMatchObject({ content: [{ text: "hi" }] });
  });

  it("HTTP: its connection drops mid-request; the handler is aborted, the session and other sessions carry on", async () => {
    const { server, state } = holdingServer();
    const http = new StreamableHttpServer(server);
    const listening = await serveOnLoopback(http);
    closers.push(listening.close);
    const other = new Client({ name: "other", version: "1" });
    await other.connect(new StreamableHttpClientTransport(listening.url, { openStandaloneStream: false }));
    closers.push(() => other.close());
    const dropping = new Client({ name: "dropping", version: "1" });
    const transport = new StreamableHttpClientTransport(listening.url, { openStandaloneStream: false });
    await dropping.connect(transport);
    closers.push(() => dropping.close());
    // The tools/call goes out on a raw socket of its own, which then drops.
    const body = JSON.stringify({ jsonrpc: "2.0", id: 99, method: "tools/call", params: { name: "hold" } });
    const socket = connect(Number(listening.url.port), listening.url.hostname);
    socket.write(
      [
        `POST ${listening.url.pathname} HTTP/1.1`,
        `host: ${listening.url.host}`,
        "content-type: application/json",
        "accept: application/json, text/event-stream",
        `mcp-session-id: ${transport.sessionId}`,
        "mcp-protocol-version: 2025-11-25",
        `content-length: ${Buffer.byteLength(body)}`,
        "",
        body,
      ].join("\r\n"),
    );
    await vi.waitFor(() => expect(state.started).toBe(1));
    socket.destroy();
    await vi.waitFor(() => expect(state.aborted).toEqual(["the client disconnected"]));
    expect(http.sessionCount).toBe(2);
    await expect(dropping.callTool({ name: "hi" })).resolves.toMatchObject({ content: [{ text: "hi" }] });
    await expect(other.callTool({ name: "hi" })).resolves.toMatchObject({ content: [{ text: "hi" }] });
  });
});
