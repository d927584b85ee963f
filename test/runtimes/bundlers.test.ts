/**
 * The packed package through a bundler, as its users build it: esbuild bundles (node and browser
 * platforms) of a server and a client, run from a folder with no node_modules (so nothing can be
 * loaded from the package at run time: the validators must be in the bundle), talk end to end; the
 * browser bundle runs in headless Chromium (Debian's `chromium`, driven by puppeteer-core) and calls
 * a tool on a local server.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../src/entry/node.js";
import { McpServer, StreamableHttpServer } from "../../src/index.js";
import { consumerProject } from "../helpers/packed.js";
import { chromiumPath, installRuntime, reportSkip } from "./install.js";

let project: string;
let out: string;

const SERVER = `
import { McpServer, loadedProtocolVersions } from "typed-mcp";
import { StdioServerTransport } from "typed-mcp/node";
const server = new McpServer({ name: "bundled-server", version: "1.0.0" });
server.registerTool("add", {
  inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
}, ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) + " " + loadedProtocolVersions().join(",") }] }));
await server.connect(new StdioServerTransport());
`;

const CLIENT = `
import { Client, loadedProtocolVersions, validateClientRequest } from "typed-mcp";
import { StdioClientTransport } from "typed-mcp/node";
const client = new Client({ name: "bundled-client", version: "1.0.0" });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [process.argv[2]] }));
const sum = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
let invalid;
try { validateClientRequest("initialize", "2025-11-25", {}); } catch (error) { invalid = error.name; }
await client.close();
console.log(JSON.stringify({ sum: sum.content, version: client.protocolVersion, loaded: loadedProtocolVersions(), invalid }));
`;

const BROWSER = `
import { Client, StreamableHttpClientTransport, loadedProtocolVersions } from "typed-mcp";
globalThis.runMcp = async (url) => {
  const client = new Client({ name: "browser-client", version: "1.0.0" });
  await client.connect(new StreamableHttpClientTransport(new URL(url)));
  const tools = await client.listToolsAll();
  const result = await client.callTool({ name: "greet", arguments: { name: "Chromium" } });
  await client.close();
  return { tools: tools.map((tool) => tool.name), content: result.content, version: client.protocolVersion, loaded: loadedProtocolVersions() };
};
`;

beforeAll(() => {
  project = consumerProject("bundlers", { type: "module" });
  out = mkdtempSync(join(tmpdir(), "typed-mcp-bundles-"));
  writeFileSync(join(project, "server.mjs"), SERVER);
  writeFileSync(join(project, "client.mjs"), CLIENT);
  writeFileSync(join(project, "browser.mjs"), BROWSER);
}, 300_000);

afterAll(() => {
  for (const dir of [project, out]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function bundle(entry: string, platform: "node" | "browser"): Promise<string> {
  const outfile = join(out, `${entry.replace(/\.mjs$/, "")}.${platform}.mjs`);
  await build({
    absWorkingDir: project,
    entryPoints: [join(project, entry)],
    outfile,
    bundle: true,
    format: "esm",
    platform,
    target: "es2022",
    logLevel: "silent",
  });
  return outfile;
}

describe("esbuild bundles of the packed package", () => {
  it("node platform: a bundled client spawns a bundled server; both validate their first message", {
    timeout: 120_000,
  }, async () => {
    const server = await bundle("server.mjs", "node");
    const client = await bundle("client.mjs", "node");
    // Run from a folder with no node_modules: everything comes from the bundles.
    const output = JSON.parse(execFileSync(process.execPath, [client, server], { cwd: out, encoding: "utf8" }));
    expect(output.sum).toEqual([{ type: "text", text: "5 2025-11-25" }]);
    expect(output.version).toBe("2025-11-25");
    expect(output.loaded).toEqual(["2025-11-25"]);
    expect(output.invalid).toBe("SchemaViolationError");
  });

  it("browser platform: the bundle has no Node.js import, and runs in headless Chromium against a local server", {
    timeout: 180_000,
  }, async () => {
    const script = readFileSync(await bundle("browser.mjs", "browser"), "utf8");
    expect(script).not.toMatch(/from "node:|require\("node:/);
    const chromium = chromiumPath();
    const puppeteer = installRuntime("puppeteer");
    if (!chromium) {
      reportSkip("the Chromium run", "no chromium binary (apt-get install -y chromium)");
      return;
    }
    if (!puppeteer.ok) {
      reportSkip("the Chromium run", puppeteer.reason);
      return;
    }
    const mcp = new McpServer({ name: "page-server", version: "1.0.0" });
    mcp.registerTool(
      "greet",
      { inputSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } as const },
      ({ name }) => ({ content: [{ type: "text", text: `Hello, ${name}` }] }),
    );
    const http = new StreamableHttpServer(mcp);
    const page = `<!doctype html><meta charset="utf-8"><script type="module" src="/client.js"></script>`;
    const listener = await listen(async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/") return new Response(page, { headers: { "content-type": "text/html" } });
      if (path === "/client.js") return new Response(script, { headers: { "content-type": "text/javascript" } });
      return http.handle(request);
    });
    const { launch } = createRequire(join(puppeteer.dir, "package.json"))("puppeteer-core") as {
      launch(options: object): Promise<{
        newPage(): Promise<{
          goto(url: string): Promise<unknown>;
          waitForFunction(fn: string): Promise<unknown>;
          evaluate<T>(fn: (url: string) => Promise<T>, url: string): Promise<T>;
        }>;
        close(): Promise<void>;
      }>;
    };
    const browser = await launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const tab = await browser.newPage();
      await tab.goto(new URL("/", listener.url).href);
      await tab.waitForFunction("typeof globalThis.runMcp === 'function'");
      const result = await tab.evaluate(
        (url) => (globalThis as unknown as { runMcp(url: string): Promise<unknown> }).runMcp(url),
        listener.url.href,
      );
      expect(result).toEqual({
        tools: ["greet"],
        content: [{ type: "text", text: "Hello, Chromium" }],
        version: "2025-11-25",
        loaded: ["2025-11-25"],
      });
    } finally {
      await browser.close();
      await listener.close();
    }
  });
});
