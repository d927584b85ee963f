/**
 * The runtimes the tests in this folder run on, installed from npm on first use into a cache
 * outside the repository (so `npm ci` stays lean): `TYPED_MCP_RUNTIMES_CACHE`, or
 * ~/.cache/typed-mcp-runtimes. `.ci/run` installs them all ahead (`tsx test/runtimes/install.ts`).
 * A runtime that cannot be installed makes its tests skip with the reason printed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Each runtime's npm package, pinned, and the file it provides. */
export const RUNTIMES = {
  bun: { packages: ["@oven/bun-linux-x64@1.4.5"], binary: "node_modules/@oven/bun-linux-x64/bin/bun" },
  deno: { packages: ["@deno/linux-x64-glibc@2.9.6"], binary: "node_modules/@deno/linux-x64-glibc/deno" },
  miniflare: { packages: ["miniflare@4.20260730.0"], binary: "node_modules/miniflare/package.json" },
  puppeteer: { packages: ["puppeteer-core@25.16.0"], binary: "node_modules/puppeteer-core/package.json" },
} as const;

export type RuntimeName = keyof typeof RUNTIMES;

export const CACHE = process.env.TYPED_MCP_RUNTIMES_CACHE ?? join(homedir(), ".cache", "typed-mcp-runtimes");

export type Installed = { ok: true; dir: string; binary: string } | { ok: false; reason: string };

/** Installs a runtime's package into its cache folder unless it is there; never throws. */
export function installRuntime(name: RuntimeName): Installed {
  const spec = RUNTIMES[name];
  const dir = join(CACHE, name);
  const binary = join(dir, spec.binary);
  if (existsSync(binary)) return { ok: true, dir, binary };
  if (process.platform !== "linux" || process.arch !== "x64") {
    if (name === "bun" || name === "deno")
      return { ok: false, reason: `${name}: the pinned package is linux-x64 only` };
  }
  try {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, "package.json"))) {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `typed-mcp-runtime-${name}`, private: true }));
    }
    execFileSync(
      process.platform === "win32" ? "npm.cmd" : "npm",
      ["install", "--no-audit", "--no-fund", "--no-save", ...spec.packages],
      { cwd: dir, stdio: "pipe", timeout: 600_000 },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error).trim();
    return {
      ok: false,
      reason: `npm install ${spec.packages.join(" ")} failed: ${stderr.split("\n").slice(-3).join(" ")}`,
    };
  }
  return existsSync(binary) ? { ok: true, dir, binary } : { ok: false, reason: `${binary} missing after install` };
}

/** Debian's chromium (apt-get install chromium), or CHROMIUM_PATH. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

/** Prints why a runtime's tests skip: a skipped runtime test never passes silently. */
export function reportSkip(what: string, reason: string): void {
  console.warn(`[typed-mcp runtime tests] SKIPPING ${what}: ${reason}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of Object.keys(RUNTIMES) as RuntimeName[]) {
    const installed = installRuntime(name);
    console.log(installed.ok ? `${name}: ${installed.binary}` : `${name}: ${installed.reason}`);
    if (!installed.ok) process.exitCode = 1;
  }
}
