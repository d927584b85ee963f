import { Agent, request } from "node:http";
import { listen, McpServer, StreamableHttpServer } from "../src/index.js";
const server = new McpServer({ name: "bench", version: "1" });
server.registerTool("echo", { description: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } }, (args) => ({ content: [{ type: "text", text: args.text }] }));
const http = new StreamableHttpServer(server, { stateless: true });
const listening = await listen(http.handle);
const ENVELOPE = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo" };
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
let id = 0;
const call = () => new Promise<string>((resolve, reject) => {
  const body = JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: "echo", arguments: { text: "hello" }, _meta: ENVELOPE } });
  const req = request({ host: "127.0.0.1", port: listening.url.port, path: "/mcp", method: "POST", agent, headers: { ...HEADERS, "content-length": Buffer.byteLength(body) } }, (res) => {
    const chunks: Buffer[] = []; res.on("data", (c: Buffer) => chunks.push(c)); res.on("end", () => resolve(Buffer.concat(chunks).toString()));
  });
  req.on("error", reject); req.end(body);
});
for (let i = 0; i < 500; i++) await call();
let left = 20000; const t = performance.now();
await Promise.all(Array.from({ length: 32 }, async () => { while (left-- > 0) await call(); }));
console.log("calls/s", Math.round(20000 / (performance.now() - t) * 1000));
agent.destroy(); await http.close(); await listening.close();
