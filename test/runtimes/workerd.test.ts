/**
 * The packed package on Cloudflare's workerd, through miniflare (installed from npm on first use,
 * see install.ts): a Worker, bundled by esbuild from a project that installed the tarball, serves
 * MCP over fetch; our client talks to it in the 2026-07-28 stateless lifecycle (server/discover,
 * an envelope per request) and in sessionless 2025-11-25.
 */
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, StreamableHttpClientTransport } from "../../src/index.js";
import { consumerProject } from "../helpers/packed.js";
import { type Installed, installRuntime, reportSkip } from "./install.js";

const WORKER = `
import { McpServer, StreamableHttpServer } from "typed-mcp";
let http;
// Built on the first request: workerd allows no random values (session keys) in global scope.
function handler() {
  if (!http) {
    const server = new McpServer({ name: "worker", version: "1.0.0" });
    server.registerTool("add", {
      inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
    }, ({ a, b }, context) => ({ content: [{ type: "text", text: "workerd " + context.protocolVersion + ": " + (a + b) }] }));
    http = new StreamableHttpServer(server, { sessionless: true });
  }
  return http;
}
export default { fetch: (request) => handler().handle(request) };
`;

interface MiniflareInstance {
  ready: Promise<URL>;
  dispose(): Promise<void>;
}

let project: string;
let runtime: Installed = { ok: false, reason: "not installed yet" };
let miniflare: MiniflareInstance | undefined;
let url: URL;

beforeAll(async () => {
  runtime = installRuntime("miniflare");
  if (!runtime.ok) {
    reportSkip("the workerd tests", runtime.reason);
    return;
  }
  project = consumerProject("workerd", { type: "module" });
  writeFileSync(join(project, "worker.mjs"), WORKER);
  const bundled = await build({
    absWorkingDir: project,
    entryPoints: [join(project, "worker.mjs")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker"],
    target: "es2022",
    logLevel: "silent",
  });
  const { Miniflare } = createRequire(join(runtime.dir, "package.json"))("miniflare") as {
    Miniflare: new (options: object) => MiniflareInstance;
  };
  miniflare = new Miniflare({
    modules: true,
    script: bundled.outputFiles[0]?.text,
    compatibilityDate: "2025-09-01",
  });
  url = new URL("/mcp", await miniflare.ready);
}, 600_000);

afterAll(async () => {
  await miniflare?.dispose();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("workerd (miniflare), a Worker serving MCP over fetch", () => {
  it("2026-07-28, the stateless lifecycle: server/discover, then a tool call", { timeout: 60_000 }, async (context) => {
    if (!runtime.ok) return context.skip();
    const client = new Client({ name: "ours", version: "1.0.0" }, { negotiation: "stateless" });
    await client.connect(new StreamableHttpClientTransport(url));
    expect(client.protocolVersion).toBe("2026-07-28");
    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    expect(result.content).toEqual([{ type: "text", text: "workerd 2026-07-28: 42" }]);
    await client.close();
  });

  it("2025-11-25 sessionless: the handshake, then a tool call", { timeout: 60_000 }, async (context) => {
    if (!runtime.ok) return context.skip();
    const client = new Client({ name: "ours", version: "1.0.0" }, { protocolVersions: ["2025-11-25"] });
    await client.connect(new StreamableHttpClientTransport(url));
    expect(client.protocolVersion).toBe("2025-11-25");
    const result = await client.callTool({ name: "add", arguments: { a: 1, b: 2 } });
    expect(result.content).toEqual([{ type: "text", text: "workerd 2025-11-25: 3" }]);
    await client.close();
  });
});
