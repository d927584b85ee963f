/**
 * The layer rules of src/ (see the README's "Architecture" section) as data, and the check that
 * holds a set of source files against them.
 */
import { folderOf, type Import, importsOf, type SourceFile } from "./imports.js";

const BELOW_HIGH_LEVEL = [
  "src/tasks",
  "src/extensions",
  "src/server",
  "src/server/http",
  "src/client",
  "src/transport",
  "src/transport/streamable-http",
  "src/validation",
  "src/json-schema",
  "src/protocol",
  "src/jsonrpc",
];

/**
 * What each folder of src/ may import besides itself. A folder missing here is a violation of its
 * own: a new folder is a decision about where it sits.
 */
export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  // JSON-RPC mechanics know no MCP.
  "src/jsonrpc": [],
  // Protocol facts: a leaf every layer may use, built on the generated tables.
  "src/protocol": ["src/jsonrpc", "generated"],
  "src/validation": ["src/protocol", "src/jsonrpc", "generated"],
  "src/json-schema": ["src/protocol", "src/jsonrpc"],
  // What an extension is and the registry each side holds: below the kernel and the client, which both use it.
  "src/extensions": ["src/json-schema", "src/validation", "src/protocol", "src/jsonrpc"],
  // Tasks as data: the task store, the tasks extension's definition and wire shapes (the server and client halves are high level).
  "src/tasks": ["src/extensions", "src/json-schema", "src/validation", "src/protocol", "src/jsonrpc"],
  // Transports know nothing above the dispatcher and the protocol facts.
  "src/transport": ["src/jsonrpc", "src/protocol"],
  "src/transport/streamable-http": ["src/transport", "src/jsonrpc", "src/protocol"],
  // The kernel and its sessions; the MCP HTTP handler builds on it, never the reverse.
  "src/server": ["src/extensions", "src/transport", "src/validation", "src/protocol", "src/jsonrpc"],
  "src/server/http": [
    "src/extensions",
    "src/server",
    "src/transport",
    "src/transport/streamable-http",
    "src/validation",
    "src/protocol",
    "src/jsonrpc",
  ],
  // The client mirrors the kernel; server and client never import each other.
  "src/client": [
    "src/extensions",
    "src/transport",
    "src/transport/streamable-http",
    "src/validation",
    "src/protocol",
    "src/jsonrpc",
  ],
  // The high level builds on everything below it.
  "src/high-level": BELOW_HIGH_LEVEL,
  // McpServer and its features: the high level's shared pieces (pagination, URI templates) and
  // everything below except the client side.
  "src/high-level/server": ["src/high-level", ...BELOW_HIGH_LEVEL.filter((folder) => folder !== "src/client")],
  // Authorization, resource-server half: a gate plugged into the Streamable HTTP endpoint from outside.
  "src/auth/server": ["src/transport/streamable-http", "src/protocol", "src/jsonrpc"],
  // The OAuth client: the transport's authorization hook below it, oauth4webapi and jose beside it.
  "src/auth/client": ["src/transport/streamable-http", "src/protocol", "src/jsonrpc"],
  // The skills extension (SEP-2640), built on the extension mechanism like a user's own: its catalog and
  // client verification sit on the protocol facts, its server half on McpServer.
  "src/extensions/skills": [
    "src/extensions",
    "src/high-level",
    "src/high-level/server",
    "src/server",
    "src/client",
    "src/protocol",
    "src/jsonrpc",
  ],
  // Scale-out on Redis (typed-mcp/redis): builds on the HTTP transport's hooks and McpServer's bus.
  "src/redis": ["src/high-level/server", "src/transport/streamable-http", "src/tasks", "src/protocol", "src/jsonrpc"],
  // Entry points: the package root and the subpath entries re-export what users import.
  src: ["src/high-level", "src/high-level/server", ...BELOW_HIGH_LEVEL, "src/entry", "generated"],
  "src/entry": [
    "src/high-level",
    "src/high-level/server",
    ...BELOW_HIGH_LEVEL,
    "src/auth/client",
    "src/auth/server",
    "src/extensions/skills",
    "src/redis",
    "generated",
  ],
  // The typed-mcp command (a bin, never imported by the package root): it may use all of src/
  // and Node.js built-ins.
  "src/cli": [
    "src/high-level",
    "src/high-level/server",
    ...BELOW_HIGH_LEVEL,
    "src/auth/client",
    "src/entry",
    "generated",
  ],
};

/**
 * The runtime dependencies of the `typed-mcp/auth` entry point: the OAuth client's protocol
 * libraries, imported by src/auth/client and nothing else (the other entry points never load them).
 */
export const AUTH_PACKAGES: readonly string[] = ["oauth4webapi", "jose"];

/**
 * The only files that may import Node.js built-ins: they sit behind the `./node` entry point, or
 * (a folder, ending in "/") make the `typed-mcp` command.
 */
export const NODE_ONLY_FILES: readonly string[] = [
  "src/transport/stdio.ts",
  "src/transport/streamable-http/node.ts",
  "src/transport/streamable-http/node-sse.ts",
  "src/auth/client/loopback.ts",
  "src/extensions/skills/directory.ts",
  "src/cli/",
];

/**
 * The packages src/ may import at run time, and the files (a folder, ending in "/") that may: they
 * sit behind an entry point of their own (`typed-mcp/auth`, `typed-mcp/redis`), so a program that needs
 * neither loads none.
 */
export const PACKAGE_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  jose: ["src/auth/"],
  oauth4webapi: ["src/auth/client/"],
  // node-redis, loaded only by `typed-mcp/redis`.
  "@redis/client": ["src/redis/"],
};

function mayImportPackage(path: string, specifier: string): boolean {
  const allowed = PACKAGE_IMPORTS[specifier] ?? [];
  return allowed.some((entry) => (entry.endsWith("/") ? path.startsWith(entry) : path === entry));
}

function isNodeOnly(path: string): boolean {
  return NODE_ONLY_FILES.some((entry) => (entry.endsWith("/") ? path.startsWith(entry) : path === entry));
}

/** Folders nothing in src/ may import (the entry points and the command import the rest, never the reverse). */
const ENTRY_FOLDERS = new Set(["src", "src/entry", "src/cli"]);

export interface Violation {
  import: Import;
  rule: string;
}

/** Every import of `files` that the rules forbid, and every round-about dependency between folders. */
export function violations(files: readonly SourceFile[]): Violation[] {
  const found: Violation[] = [];
  const edges = new Map<string, Map<string, Import>>();
  for (const file of files) {
    const from = folderOf(file.path);
    for (const imported of importsOf(file)) {
      const rule = ruleBroken(file.path, from, imported);
      if (rule) found.push({ import: imported, rule });
      if (imported.target && from.startsWith("src")) {
        const to = folderOf(imported.target);
        if (to !== from) {
          const out = edges.get(from) ?? new Map<string, Import>();
          if (!out.has(to)) out.set(to, imported);
          edges.set(from, out);
        }
      }
    }
  }
  for (const cycle of folderCycles(edges)) found.push(cycle);
  return found;
}

/** The shipped extensions' definitions (and the key walker) that codegen/emit-extensions.ts compiles. */
const SHIPPED_EXTENSION_SOURCES = new Set([
  "src/tasks/extension.ts",
  "src/extensions/skills/extension.ts",
  "src/extensions/extension.ts",
  "src/extensions/precompiled.ts",
]);

function ruleBroken(path: string, from: string, imported: Import): string | undefined {
  const { specifier, target } = imported;
  if (from.startsWith("codegen")) {
    // One exception: the extensions shipped with typed-mcp are defined in src/ (their definitions
    // are the source of their schemas, as schema.json is the protocol's); the step that compiles
    // them at build time reads those definitions, and nothing else of src/.
    if (path === "codegen/emit-extensions.ts" && SHIPPED_EXTENSION_SOURCES.has(target ?? "")) return undefined;
    return target?.startsWith("src/") ? "codegen/ never imports src/" : undefined;
  }
  if (!from.startsWith("src")) return undefined;
  if (!target) {
    if (specifier.startsWith("node:")) {
      return isNodeOnly(path) ? undefined : `only ${NODE_ONLY_FILES.join(", ")} may import Node.js built-ins`;
    }
    if (mayImportPackage(path, specifier)) return undefined;
    return "src/ has no runtime dependencies: a package import needs a decision";
  }
  if (target.startsWith("codegen/")) return "src/ never imports codegen/";
  const allowed = ALLOWED_IMPORTS[from];
  if (!allowed) return `${from} is not in the layer table`;
  const to = target.startsWith("generated/") ? "generated" : folderOf(target);
  if (to === from) return undefined;
  if (ENTRY_FOLDERS.has(to) && !ENTRY_FOLDERS.has(from))
    return `${to} holds entry points, which nothing in src/ imports`;
  return allowed.includes(to) ? undefined : `${from} may not import ${to}`;
}

/** Folders that import each other, directly or round about: one violation per cycle found. */
function folderCycles(edges: Map<string, Map<string, Import>>): Violation[] {
  const found: Violation[] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (folder: string) => {
    state.set(folder, "visiting");
    stack.push(folder);
    for (const [next, via] of edges.get(folder) ?? []) {
      if (state.get(next) === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        found.push({ import: via, rule: `folders import each other: ${cycle.join(" -> ")}` });
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(folder, "done");
  };
  for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder);
  return found;
}
