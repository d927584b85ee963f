/**
 * The packed package, built once per change of its sources and shared by every test that installs
 * it (test/package, test/runtimes): `npm pack` runs the build, so two test files packing at once
 * would rebuild dist/ under each other. A lock directory serialises them; the tarball is kept in
 * the system's temporary folder under a key of the sources' sizes and modification times.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function fingerprint(): string {
  const hash = createHash("sha256").update(ROOT);
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else {
      hash.update(`${path}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const path of ["src", "generated", "scripts", "package.json", "README.md", "LICENSE"]) visit(join(ROOT, path));
  return hash.digest("hex").slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The path of typed-mcp's packed tarball for the current sources (packing it if needed). */
export function packedTarball(): string {
  const dir = join(tmpdir(), `typed-mcp-packed-${fingerprint()}`);
  const tarball = join(dir, "typed-mcp.tgz");
  if (existsSync(tarball)) return tarball;
  const lock = join(tmpdir(), `typed-mcp-packing-${createHash("sha256").update(ROOT).digest("hex").slice(0, 16)}`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (remove it if no test is running)`);
      sleep(250);
    }
  }
  try {
    if (existsSync(tarball)) return tarball;
    mkdirSync(dir, { recursive: true });
    const packing = join(dir, "packing");
    rmSync(packing, { recursive: true, force: true });
    mkdirSync(packing);
    execFileSync(npm, ["pack", "--silent", "--pack-destination", packing], { cwd: ROOT, stdio: "pipe" });
    const packed = readdirSync(packing).find((file) => file.endsWith(".tgz"));
    if (!packed) throw new Error("npm pack produced no tarball");
    renameSync(join(packing, packed), tarball);
    return tarball;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A fresh project in a temporary folder with the packed tarball (and any other packages) installed. */
export function consumerProject(
  name: string,
  manifest: Record<string, unknown> = {},
  extraPackages: readonly string[] = [],
): string {
  const work = join(tmpdir(), `typed-mcp-${name}-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, ...manifest }));
  execFileSync(npm, ["install", "--silent", "--no-audit", "--no-fund", packedTarball(), ...extraPackages], {
    cwd: work,
    stdio: "pipe",
  });
  return work;
}
