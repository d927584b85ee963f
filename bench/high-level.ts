/**
 * The high-level APIs side by side: a 50-tool server answering tools/list (server side, driven by
 * a minimal raw client), a client doing listTools + callTool with output validation, and the time
 * `tsc --noEmit` takes on a 100-tool server written against each SDK.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as OfficialClient } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport as OfficialInMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer as OfficialMcpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { JsonRpcMessage } from "../src/entry/jsonrpc.js";
import { Client, InMemoryTransport, McpServer } from "../src/index.js";

const ROOT = join(import.meta.dirname, "..");
const TOOLS = 50;

const inputSchema = {
  type: "object",
  properties: {
    path: { type: "string" },
    depth: { type: "integer", minimum: 0 },
    flags: { type: "array", items: { type: "string" } },
  },
  required: ["path"],
} as const;
const outputSchema = {
  type: "object",
  properties: { count: { type: "integer" }, items: { type: "array", items: { type: "string" } } },
  required: ["count", "items"],
} as const;

function ourServer(): McpServer {
  const server = new McpServer({ name: "bench", version: "1" }, { pageSize: 1000 });
  for (let i = 0; i < TOOLS; i++) {
    server.registerTool(`tool_${i}`, { description: `Tool ${i}`, inputSchema, outputSchema }, ({ path }) => ({
      content: [],
      structuredContent: { count: 1, items: [path] },
    }));
  }
  return server;
}

function officialServer(): OfficialMcpServer {
  const server = new OfficialMcpServer({ name: "bench", version: "1" });
  for (let i = 0; i < TOOLS; i++) {
    server.registerTool(
      `tool_${i}`,
      {
        description: `Tool ${i}`,
        inputSchema: {
          path: z.string(),
          depth: z.number().int().min(0).optional(),
          flags: z.array(z.string()).optional(),
        },
        outputSchema: { count: z.number().int(), items: z.array(z.string()) },
      },
      async ({ path }) => ({ content: [], structuredContent: { count: 1, items: [path] } }),
    );
  }
  return server;
}

/** Requests per second a server answers when a bare client keeps `inFlight` requests outstanding. */
async function rawThroughput(
  connect: (transport: OfficialInMemoryTransport) => Promise<unknown>,
  method: string,
  params: Record<string, unknown>,
  total: number,
): Promise<number> {
  const [clientSide, serverSide] = OfficialInMemoryTransport.createLinkedPair();
  await connect(serverSide);
  const waiting = new Map<number, () => void>();
  clientSide.onmessage = (message) => {
    const id = (message as { id?: number }).id;
    if (typeof id === "number") waiting.get(id)?.();
  };
  await clientSide.start();
  let nextId = 0;
  const call = (m: string, p: Record<string, unknown>) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      waiting.set(id, () => {
        waiting.delete(id);
        resolve();
      });
      clientSide.send({ jsonrpc: "2.0", id, method: m, params: p } as JsonRpcMessage as never);
    });
  await call("initialize", {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  });
  await clientSide.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  for (let i = 0; i < 100; i++) await call(method, params);
  const started = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (issued < total) {
        issued++;
        await call(method, params);
      }
    }),
  );
  const rate = (total / (performance.now() - started)) * 1000;
  await clientSide.close();
  return rate;
}

async function clientLoop(run: () => Promise<unknown>, total: number): Promise<number> {
  for (let i = 0; i < 50; i++) await run();
  const started = performance.now();
  for (let i = 0; i < total; i++) await run();
  return (total / (performance.now() - started)) * 1000;
}

function tscSeconds(source: string): number {
  const dir = mkdtempSync(join(tmpdir(), "typed-mcp-tsc-bench-"));
  try {
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, "server.ts"), source);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["server.ts"],
      }),
    );
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir], {
      encoding: "utf8",
    });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`tsc failed on the benchmark server:\n${run.stdout}${run.stderr}`);
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hundredTools(kind: "typed-mcp" | "official"): string {
  const lines: string[] = [];
  if (kind === "typed-mcp") {
    // The built package, as a user's project sees it (declarations, not our sources).
    lines.push(`import { McpServer } from ${JSON.stringify(join(ROOT, "dist", "src", "index.js"))};`);
    lines.push('const server = new McpServer({ name: "hundred", version: "1" });');
    for (let i = 0; i < 100; i++) {
      lines.push(
        `server.registerTool("tool_${i}", { inputSchema: { type: "object", properties: { path: { type: "string" }, depth: { type: "integer" }, flags: { type: "array", items: { type: "string" } } }, required: ["path"] }, outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] } }, ({ path, depth, flags }) => ({ content: [{ type: "text", text: path + (depth ?? 0) + (flags?.length ?? 0) }], structuredContent: { count: ${i} } }));`,
      );
    }
  } else {
    lines.push('import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";');
    lines.push('import { z } from "zod";');
    lines.push('const server = new McpServer({ name: "hundred", version: "1" });');
    for (let i = 0; i < 100; i++) {
      lines.push(
        `server.registerTool("tool_${i}", { inputSchema: { path: z.string(), depth: z.number().int().optional(), flags: z.array(z.string()).optional() }, outputSchema: { count: z.number().int() } }, async ({ path, depth, flags }) => ({ content: [{ type: "text", text: path + (depth ?? 0) + (flags?.length ?? 0) }], structuredContent: { count: ${i} } }));`,
      );
    }
  }
  lines.push("export { server };");
  return `${lines.join("\n")}\n`;
}

export interface HighLevelRow {
  scenario: string;
  typedMcp: number;
  officialSdk: number;
  unit: string;
}

export async function runHighLevelBench(): Promise<HighLevelRow[]> {
  const rows: HighLevelRow[] = [];
  rows.push({
    scenario: `tools/list of ${TOOLS} tools with output schemas, server side`,
    typedMcp: await rawThroughput((t) => ourServer().connect(t as never), "tools/list", {}, 5_000),
    officialSdk: await rawThroughput((t) => officialServer().connect(t), "tools/list", {}, 1_000),
    unit: "lists/s",
  });

  const [ourClientSide, ourServerSide] = InMemoryTransport.createLinkedPair();
  await ourServer().connect(ourServerSide);
  const ours = new Client({ name: "bench", version: "1" });
  await ours.connect(ourClientSide);
  const [officialClientSide, officialServerSide] = OfficialInMemoryTransport.createLinkedPair();
  await officialServer().connect(officialServerSide);
  const official = new OfficialClient({ name: "bench", version: "1" });
  await official.connect(officialClientSide);
  const args = { name: "tool_7", arguments: { path: "/tmp", depth: 1 } };
  rows.push({
    scenario: "client listTools + callTool with output validation",
    typedMcp: await clientLoop(async () => {
      await ours.listTools();
      await ours.callTool(args);
    }, 2_000),
    officialSdk: await clientLoop(async () => {
      await official.listTools();
      await official.callTool(args);
    }, 300),
    unit: "rounds/s",
  });
  await ours.close();
  await official.close();

  if (!existsSync(join(ROOT, "dist", "src", "index.d.ts"))) {
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  rows.push({
    scenario: "tsc --noEmit of a 100-tool server (seconds, lower is better)",
    typedMcp: tscSeconds(hundredTools("typed-mcp")),
    officialSdk: tscSeconds(hundredTools("official")),
    unit: "s",
  });
  return rows;
}
