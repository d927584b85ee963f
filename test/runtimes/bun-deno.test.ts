/**
 * The packed package on Bun and Deno (each installed from npm on first use, see install.ts): a
 * stdio server and a Streamable HTTP server (`Bun.serve`, `Deno.serve`) run on the runtime from a
 * project that installed the tarball, and are driven by our client and by the official SDK v1
 * client, both running here on Node.js. And our client on the runtime, given no `fetch`, uses the
 * runtime's own fetch (not node:http, which is the default on Node.js alone).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as OfficialStdio } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as OfficialHttp } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StdioClientTransport, toNodeListener } from "../../src/entry/node.js";
import { Client, McpServer, StreamableHttpClientTransport, StreamableHttpServer } from "../../src/index.js";
import { listenOnLoopback } from "../helpers/http.js";
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

/** Our client on the runtime, with no `fetch` option: connects to the URL it is given and calls `add`. */
const CLIENT = `
import { Client, StreamableHttpClientTransport } from "typed-mcp";
const url = globalThis.Deno ? Deno.args[0] : process.argv[2];
const client = new Client({ name: "client-on-runtime", version: "1.0.0" });
await client.connect(new StreamableHttpClientTransport(new URL(url)));
const sum = await client.callTool({ name: "add", arguments: { a: 3, b: 4 } });
console.log("sum=" + sum.content[0].text);
await client.close();
`;

let project: string;
beforeAll(() => {
  project = consumerProject("bun-deno", { type: "module" });
  writeFileSync(join(project, "server.mjs"), SERVER);
  writeFileSync(join(project, "client.mjs"), CLIENT);
}, 300_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const RUNTIME_ARGS = { bun: ["server.mjs"], deno: ["run", "--allow-all", "server.mjs"] } as const;
const CLIENT_ARGS = { bun: ["client.mjs"], deno: ["run", "--allow-all", "client.mjs"] } as const;

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

    it("runs our client on its own fetch when given none (node:http is Node.js's default alone)", {
      timeout: 120_000,
    }, async (context) => {
      if (!runtime.ok) return context.skip();
      const server = new McpServer({ name: "node-side", version: "1.0.0" });
      server.registerTool(
        "add",
        {
          inputSchema: {
            type: "object",
            properties: { a: { type: "number" }, b: { type: "number" } },
            required: ["a", "b"],
          },
        },
        ({ a, b }) => ({ content: [{ type: "text", text: String(Number(a) + Number(b)) }] }),
      );
      const http = new StreamableHttpServer(server);
      const listener = toNodeListener(http.handle);
      const agents: string[] = [];
      const listening = await listenOnLoopback(
        createServer((req, res) => {
          agents.push(req.headers["user-agent"] ?? "(none)");
          listener(req, res);
        }),
      );
      try {
        const child = spawn(runtime.binary, [...CLIENT_ARGS[name], listening.url.href], {
          cwd: project,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout?.on("data", (chunk) => {
          stdout += chunk;
        });
        child.stderr?.on("data", (chunk) => {
          stderr += chunk;
        });
        const code = await new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => child.kill(), 60_000);
          child.once("exit", (exit) => {
            clearTimeout(timer);
            resolve(exit);
          });
        });
        expect(code, stderr).toBe(0);
        expect(stdout).toContain("sum=7");
        // The runtime's fetch names the runtime; node:http would send no user-agent at all.
        expect(agents.length).toBeGreaterThanOrEqual(3);
        for (const agent of agents) expect(agent).toMatch(name === "bun" ? /^Bun\// : /^Deno\//);
      } finally {
        await http.close();
        await listening.close();
      }
    });
  });
}
