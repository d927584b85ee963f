/**
 * The contract names work from the built package: pack it, install the tarball in a separate
 * project, and import from "typed-mcp" there.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StdioClientTransport } from "../../src/entry/node.js";
import { Client } from "../../src/index.js";
import { npm, packedTarball, ROOT } from "../helpers/packed.js";

let work: string;
let tarball: string;

beforeAll(() => {
  tarball = packedTarball();
  work = mkdtempSync(join(tmpdir(), "typed-mcp-pack-"));
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync(npm, ["install", "--silent", "--no-audit", "--no-fund", tarball], {
    cwd: work,
    stdio: "pipe",
  });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("installs the typed-mcp command, which runs from the installed copy", { timeout: 60_000 }, () => {
    const bin = join(work, "node_modules", ".bin", process.platform === "win32" ? "typed-mcp.cmd" : "typed-mcp");
    const versions = JSON.parse(execFileSync(bin, ["versions", "--json"], { cwd: work, encoding: "utf8" }));
    expect(versions.map((entry: { version: string }) => entry.version)).toEqual([
      "2024-11-05",
      "2025-03-26",
      "2025-06-18",
      "2025-11-25",
      "2026-07-28",
    ]);
    const server = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/dist/index.js");
    const report = JSON.parse(
      execFileSync(bin, ["inspect", "--json", "--", process.execPath, server, "stdio"], {
        cwd: work,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    expect(report.serverInfo.name).toBe("mcp-servers/everything");
    expect(report.tools.some((tool: { name: string }) => tool.name === "get-sum")).toBe(true);
    let failed: { status: number | null; stderr: string } | undefined;
    try {
      execFileSync(bin, ["inspect", "not-a-url"], { cwd: work, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failed = error as { status: number | null; stderr: string };
    }
    expect(failed?.status).toBe(64);
    expect(failed?.stderr).toContain("is not a URL");
  });

  it("exports the contract names and validates from an installed copy", { timeout: 60_000 }, () => {
    writeFileSync(
      join(work, "check.mjs"),
      `
      import * as mcp from "typed-mcp";
      const names = ["SUPPORTED_PROTOCOL_VERSIONS", "LATEST_PROTOCOL_VERSION", "getMethodTable",
        "validateClientRequest", "validateClientNotification", "validateClientResult",
        "validateServerRequest", "validateServerNotification", "validateServerResult"];
      const missing = names.filter((name) => !(name in mcp));
      const ok = mcp.validateServerResult("tools/call", "2025-11-25", { content: [{ type: "text", text: "hi" }] });
      let rejected = null;
      try { mcp.validateServerResult("tools/call", "2025-11-25", { content: [{ type: "text" }] }); }
      catch (error) { rejected = { name: error.name, code: error.code, paths: error.issues.map((i) => i.path) }; }
      const validation = await import("typed-mcp/validation");
      const subpath = validation.validateServerResult("tools/list", "2025-06-18", { tools: [] });
      console.log(JSON.stringify({ missing, ok, rejected, subpath, versions: mcp.SUPPORTED_PROTOCOL_VERSIONS,
        result: mcp.getMethodTable("2025-06-18").clientRequests["tools/call"].result }));
      `,
    );
    const output = JSON.parse(execFileSync(process.execPath, ["check.mjs"], { cwd: work, encoding: "utf8" }));
    expect(output.missing).toEqual([]);
    expect(output.ok).toEqual({ content: [{ type: "text", text: "hi" }] });
    expect(output.rejected).toEqual({ name: "SchemaViolationError", code: -32602, paths: ["/content/0/text"] });
    expect(output.versions).toHaveLength(5);
    expect(output.subpath).toEqual({ tools: [] });
    expect(output.result).toBe("CallToolResult");
  });

  it("every entry point loads from the installed bundles, and a server and a client talk through them", {
    timeout: 60_000,
  }, () => {
    writeFileSync(
      join(work, "talk.mjs"),
      `
      import { Client, InMemoryTransport, McpServer } from "typed-mcp";
      import { ServerRunner } from "typed-mcp/server";
      import { ClientSession } from "typed-mcp/client";
      import { Dispatcher, JsonRpcError } from "typed-mcp/jsonrpc";
      import { validateClientRequest } from "typed-mcp/validation";
      import { StdioServerTransport, listen } from "typed-mcp/node";
      const server = new McpServer({ name: "packed", version: "1" });
      server.registerTool("add", { inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } },
        ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }));
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: "c", version: "1" });
      await client.connect(clientSide);
      const sum = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
      let refused;
      try { await client.callTool({ name: "missing", arguments: {} }); } catch (error) { refused = error.code; }
      await client.close();
      console.log(JSON.stringify({
        sum: sum.content, refused, version: client.protocolVersion,
        kinds: [typeof ServerRunner, typeof ClientSession, typeof Dispatcher, typeof JsonRpcError, typeof validateClientRequest, typeof StdioServerTransport, typeof listen],
      }));
      `,
    );
    const output = JSON.parse(execFileSync(process.execPath, ["talk.mjs"], { cwd: work, encoding: "utf8" }));
    expect(output.sum).toEqual([{ type: "text", text: "5" }]);
    expect(output.refused).toBe(-32602);
    expect(output.version).toBe("2025-11-25");
    expect(output.kinds).toEqual(Array(7).fill("function"));
  });

  it("ships type declarations that type-check a consumer", { timeout: 60_000 }, () => {
    // A Node.js consumer has Node's types (the stdio transport's declarations use them).
    mkdirSync(join(work, "node_modules", "@types"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(work, "node_modules", "@types", "node"), "dir");
    writeFileSync(
      join(work, "consumer.ts"),
      `import { validateServerResult } from "typed-mcp";
       const r = validateServerResult("tools/call", "2025-06-18", {});
       const s: { [k: string]: unknown } | undefined = r.structuredContent;
       export { s };
      `,
    );
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    expect(() => execFileSync(process.execPath, [tsc, "-p", work], { cwd: work, stdio: "pipe" })).not.toThrow();
  });

  it("is clean under publint --strict and Are the Types Wrong (every resolution mode, node10 too)", {
    timeout: 120_000,
  }, () => {
    const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);
    const publint = execFileSync(bin("publint"), ["run", "--strict", tarball], { cwd: work, encoding: "utf8" });
    expect(publint).toContain("All good");
    // require(esm) is the CommonJS story (see the README): the one notice that remains says a require
    // resolves to ESM, which Node.js 20.19 and later load.
    const attw = execFileSync(bin("attw"), [tarball, "--ignore-rules", "cjs-resolves-to-esm", "--format", "table"], {
      cwd: work,
      encoding: "utf8",
    });
    expect(attw).toContain("No problems found");
  });

  it("is required from a CommonJS project (require(esm), Node.js 20.19 and later)", { timeout: 120_000 }, () => {
    const cjs = join(work, "cjs");
    mkdirSync(cjs, { recursive: true });
    writeFileSync(join(cjs, "package.json"), JSON.stringify({ name: "cjs-consumer", private: true, type: "commonjs" }));
    execFileSync(npm, ["install", "--silent", "--no-audit", "--no-fund", tarball], { cwd: cjs, stdio: "pipe" });
    writeFileSync(
      join(cjs, "main.js"),
      `
      const { Client, InMemoryTransport, McpServer, validateClientRequest } = require("typed-mcp");
      const { ServerRunner } = require("typed-mcp/server");
      const { ClientSession } = require("typed-mcp/client");
      const { Dispatcher } = require("typed-mcp/jsonrpc");
      const validation = require("typed-mcp/validation");
      const { StdioClientTransport } = require("typed-mcp/node");
      (async () => {
        const server = new McpServer({ name: "cjs", version: "1" });
        server.registerTool("echo", { inputSchema: { type: "object", properties: { text: { type: "string" } } } },
          ({ text }) => ({ content: [{ type: "text", text }] }));
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await server.connect(serverSide);
        const client = new Client({ name: "c", version: "1" });
        await client.connect(clientSide);
        const echoed = await client.callTool({ name: "echo", arguments: { text: "from require" } });
        await client.close();
        let rejected;
        try { validation.validateClientRequest("initialize", "2025-11-25", {}); } catch (error) { rejected = error.name; }
        console.log(JSON.stringify({ echoed: echoed.content, rejected, same: validation.validateClientRequest === validateClientRequest,
          kinds: [typeof ServerRunner, typeof ClientSession, typeof Dispatcher, typeof StdioClientTransport] }));
      })();
      `,
    );
    const output = JSON.parse(execFileSync(process.execPath, ["main.js"], { cwd: cjs, encoding: "utf8" }));
    expect(output.echoed).toEqual([{ type: "text", text: "from require" }]);
    expect(output.rejected).toBe("SchemaViolationError");
    expect(output.same).toBe(true);
    expect(output.kinds).toEqual(Array(4).fill("function"));
  });

  it("types every entry point but ./node without @types/node (types: [], the DOM library only)", {
    timeout: 120_000,
  }, () => {
    const web = join(work, "web-types");
    mkdirSync(web, { recursive: true });
    writeFileSync(
      join(web, "consumer.ts"),
      `import { Client, McpServer, StreamableHttpClientTransport, StreamableHttpServer, validateServerResult } from "typed-mcp";
       import { ServerRunner, HttpSessionTransport } from "typed-mcp/server";
       import { ClientSession } from "typed-mcp/client";
       import { Dispatcher } from "typed-mcp/jsonrpc";
       import { loadProtocolVersion } from "typed-mcp/validation";
       import type { V2025_11_25 } from "typed-mcp";
       const r = validateServerResult("tools/call", "2025-06-18", {});
       const s: { [k: string]: unknown } | undefined = r.structuredContent;
       const tool: V2025_11_25.Tool = { name: "t", inputSchema: { type: "object" } };
       export { s, tool, Client, McpServer, StreamableHttpClientTransport, StreamableHttpServer, ServerRunner,
         HttpSessionTransport, ClientSession, Dispatcher, loadProtocolVersion };
      `,
    );
    for (const resolution of ["NodeNext", "Bundler", "Node10"] as const) {
      writeFileSync(
        join(web, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            module: resolution === "NodeNext" ? "NodeNext" : resolution === "Bundler" ? "ESNext" : "CommonJS",
            moduleResolution: resolution,
            target: "ES2022",
            lib: ["ES2022", "DOM", "DOM.Iterable"],
            strict: true,
            noEmit: true,
            // No ambient types at all: nothing of Node.js is available to the declarations.
            types: [],
            typeRoots: [],
            ...(resolution === "Node10" ? { ignoreDeprecations: "5.0" } : {}),
          },
          files: ["consumer.ts"],
        }),
      );
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      let failure = "";
      try {
        execFileSync(process.execPath, [tsc, "-p", web], { cwd: web, stdio: "pipe", encoding: "utf8" });
      } catch (error) {
        failure = `${resolution}: ${(error as { stdout: string }).stdout}`;
      }
      expect(failure).toBe("");
    }
  });

  it("runs the README's Install example as written, from the installed copy", { timeout: 60_000 }, async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("## Install"),
      readme.indexOf("\n## ", readme.indexOf("## Install") + 1),
    );
    expect(section).toContain("npm install typed-mcp");
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    writeFileSync(join(work, "install-example.mjs"), example as string);
    const client = new Client({ name: "readme", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: ["install-example.mjs"], cwd: work }),
    );
    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
    await client.close();
    expect(result.content).toEqual([{ type: "text", text: "5" }]);
  });
});
