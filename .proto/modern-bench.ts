import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { listen, McpServer, StreamableHttpServer } from "../src/index.js";

const server = new McpServer({ name: "bench", version: "1" });
server.registerTool("echo", { description: "echo" }, (args) => ({ content: [{ type: "text", text: String((args as { text?: string }).text) }] }));
const http = new StreamableHttpServer(server, { stateless: process.argv.includes("--stateless") });
const listening = await listen(http.handle);
const bare = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString());
    const out = JSON.stringify({ jsonrpc: "2.0", id: body.id, result: { content: [{ type: "text", text: body.params.arguments.text }] } });
    res.writeHead(200, { "content-type": "application/json" }).end(out);
  });
});
await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/mcp`;
const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
let id = 0;
const call = (url: string | URL) => fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo" }, body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: "echo", arguments: { text: "hello" }, _meta: meta } }) }).then((r) => r.json());
console.log(JSON.stringify(await call(listening.url)));
async function rate(url: string | URL, conc: number, n: number) {
  for (let i = 0; i < 200; i++) await call(url);
  const t = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { for (let i = 0; i < n; i++) await call(url); }));
  return Math.round((conc * n) / (performance.now() - t) * 1000);
}
for (const conc of [1, 32]) {
  const n = conc === 1 ? 2000 : 150;
  console.log(conc, "ours", await rate(listening.url, conc, n), "bare", await rate(bareUrl, conc, n));
}
await http.close(); await listening.close(); bare.close();
