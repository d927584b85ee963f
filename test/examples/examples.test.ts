/** The examples run as the README says: list-tools spawns echo-server over stdio and prints one JSON line. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

describe("examples", () => {
  it("list-tools.ts -- echo-server.ts prints the negotiated version and the tool names", { timeout: 60_000 }, () => {
    const output = execFileSync(
      process.execPath,
      [tsx, "examples/list-tools.ts", "--", process.execPath, tsx, "examples/echo-server.ts"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(JSON.parse(output.trim())).toEqual({ protocolVersion: "2025-11-25", tools: ["echo"] });
  });

  it("the README's weather client and server run and talk", { timeout: 60_000 }, () => {
    const output = execFileSync(process.execPath, [tsx, "examples/weather-client.ts"], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(output.trim())).toEqual({
      tools: ["forecast"],
      structuredContent: { temperatures: [21.5, 21.5] },
    });
  });

  it("notes-extension.ts: a user-written extension, declared, typed, validated and notified", {
    timeout: 60_000,
  }, () => {
    const output = execFileSync(process.execPath, [tsx, "examples/notes-extension.ts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(JSON.parse(output.trim())).toEqual({
      declared: true,
      id: 1,
      notes: [{ id: 1, text: "buy milk" }],
      added: [1],
      refused: "SchemaViolationError",
    });
  });

  it("list-tools.ts without a command explains its usage and fails", () => {
    let status: number | null = null;
    try {
      execFileSync(process.execPath, [tsx, "examples/list-tools.ts"], { cwd: ROOT, stdio: "pipe" });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
