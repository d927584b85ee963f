/**
 * The packed package on Bun and Deno (each installed from npm on first use, see install.ts): a
 * stdio server and a Streamable HTTP server (`Bun.serve`, `Deno.serve`) run on the runtime from a
 * project that installed the tarball, and are driven by our client and by the official SDK v1
 * client, both running here on Node.js.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as OfficialStdio } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as OfficialHttp } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StdioClientTransport } from "../../src/entry/node.js";
import { Client, StreamableHttpClientTransport } from "../../src/index.js";
import { consumerProject } from "../helpers/packed.js";
import { type Installed, installRuntime, reportSkip } from "./install.js";

const SERVER = `
import { McpServer, StreamableHttpServer } from "typed-mcp";
const runtime = globalThis.Bun ? "bun" : globalThis.Deno ? "deno" : "other";
function build() {
  const server = new McpServer({ name: "server-on-" + runtime, version: "1.0.0" });
  server.registerTool("add", {
    inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
  }, ({ a, b }) => ({ content: [{ type: "text", text: runtime + ": " + (a + b) }] }));
  return server;
}
if (process.argv.includes("--http")) {
  const http = new StreamableHttpServer(build());
  const announce = (port) => console.log(JSON.stringify({ port }));
  if (globalThis.Bun) announce(Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => http.handle(request) }).port);
  else Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => announce(port) }, (request) => http.handle(request));
} else {
  const { StdioServerTransport } = await import("typed-mcp/node");
  await build().connect(new StdioServerTransport());
}
`;

let project: string;
beforeAll(() => {
  project = consumerProject("bun-deno", { type: "module" });
  writeFileSync(join(project, "server.mjs"), SERVER);
}, 300_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const RUNTIME_ARGS = { bun: ["server.mjs"], deno: ["run", "--allow-all", "server.mjs"] } as const;

async function startHttp(binary: string, args: readonly string[]): Promise<{ url: URL; child: ChildProcess }> {
  const child = spawn(binary, [...args, "--http"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`no port announced in 60 s: ${stderr}`)), 60_000);
  });
  return { url: new URL(`http://127.0.0.1:${port}/mcp`), child };
}

for (const name of ["bun", "deno"] as const) {
  describe(`${name} (from the packed tarball)`, () => {
    let runtime: Installed = { ok: false, reason: "not installed yet" };
    beforeAll(() => {
      runtime = installRuntime(name);
      if (!runtime.ok) reportSkip(`the ${name} tests`, runtime.reason);
    }, 600_000);

    it("serves stdio to our client and to the official SDK's", { timeout: 120_000 }, async (context) => {
      if (!runtime.ok) return context.skip();
      const command = runtime.binary;
      const ours = new Client({ name: "ours", version: "1.0.0" });
      await ours.connect(new StdioClientTransport({ command, args: [...RUNTIME_ARGS[name]], cwd: project }));
      const sum = await ours.callTool({ name: "add", arguments: { a: 2, b: 3 } });
      expect(sum.content).toEqual([{ type: "text", text: `${name}: 5` }]);
      expect(ours.protocolVersion).toBe("2025-11-25");
      await ours.close();

      const official = new OfficialClient({ name: "official", version: "1.0.0" });
      await official.connect(new OfficialStdio({ command, args: [...RUNTIME_ARGS[name]], cwd: project }));
      expect((await official.listTools()).tools.map((tool) => tool.name)).toEqual(["add"]);
      const result = await official.callTool({ name: "add", arguments: { a: 4, b: 5 } });
      expect(result.content).toEqual([{ type: "text", text: `${name}: 9` }]);
      await official.close();
    });

    it(`serves Streamable HTTP (${name === "bun" ? "Bun.serve" : "Deno.serve"}) to our client and to the official SDK's`, {
      timeout: 120_000,
    }, async (context) => {
      if (!runtime.ok) return context.skip();
      const { url, child } = await startHttp(runtime.binary, RUNTIME_ARGS[name]);
      try {
        const ours = new Client({ name: "ours", version: "1.0.0" });
        await ours.connect(new StreamableHttpClientTransport(url));
        const sum = await ours.callTool({ name: "add", arguments: { a: 20, b: 22 } });
        expect(sum.content).toEqual([{ type: "text", text: `${name}: 42` }]);
        await ours.close();

        const official = new OfficialClient({ name: "official", version: "1.0.0" });
        await official.connect(new OfficialHttp(url));
        const result = await official.callTool({ name: "add", arguments: { a: 1, b: 1 } });
        expect(result.content).toEqual([{ type: "text", text: `${name}: 2` }]);
        await official.close();
      } finally {
        child.kill();
      }
    });
  });
}
