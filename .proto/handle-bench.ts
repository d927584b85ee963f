import { McpServer, StreamableHttpServer } from "../src/index.js";
const server = new McpServer({ name: "bench", version: "1" });
server.registerTool("echo", { description: "echo" }, (args) => ({ content: [{ type: "text", text: String((args as { text?: string }).text) }] }));
const http = new StreamableHttpServer(server, { stateless: true });
const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
const headers = { host: "127.0.0.1:1", "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo" };
let id = 0;
const mk = () => new Request("http://127.0.0.1:1/mcp", { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: "echo", arguments: { text: "hello" }, _meta: meta } }) });
for (let i = 0; i < 3000; i++) await (await http.handle(mk())).text();
let t = performance.now(); let c0 = process.cpuUsage(); const N = 20000;
for (let i = 0; i < N; i++) await (await http.handle(mk())).text();
{ const c = process.cpuUsage(c0); console.log("handle+text µs/call wall", ((performance.now() - t) * 1000 / N).toFixed(1), "cpu", ((c.user + c.system) / N).toFixed(1)); }
t = performance.now();
for (let i = 0; i < N; i++) { const r = mk(); await r.text(); }
console.log("Request make+read µs", ((performance.now() - t) * 1000 / N).toFixed(1));
t = performance.now();
for (let i = 0; i < N; i++) { const r = new Response(JSON.stringify({a:1}), {status:200, headers:{"content-type":"application/json"}}); await r.text(); }
console.log("Response make+read µs", ((performance.now() - t) * 1000 / N).toFixed(1));
await http.close();
