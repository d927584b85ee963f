import { describe, expect, it } from "vitest";
import type { JsonRpcMessage } from "../../../src/jsonrpc/messages.js";
import { StdioClientTransport } from "../../../src/transport/stdio.js";
import {
  defaultServerEnvironment,
  escapeCmdArgument,
  planSpawn,
  resolveWindowsCommand,
} from "../../../src/transport/stdio-spawn.js";

describe("the default environment of a spawned server", () => {
  it("passes typed-mcp's own tracing switch on, and nothing else beyond the platform's list", () => {
    const env = { PATH: "/bin", TYPED_MCP_TRACE: "1", API_KEY: "secret" };
    expect(defaultServerEnvironment(env, "linux")).toEqual({ PATH: "/bin", TYPED_MCP_TRACE: "1" });
  });

  it("keeps only the POSIX variables a program needs, and drops exported shell functions", () => {
    const env = {
      HOME: "/home/a",
      PATH: "/usr/bin",
      USER: "a",
      TERM: "xterm",
      SHELL: "() { evil; }",
      AWS_SECRET_ACCESS_KEY: "secret",
      NODE_OPTIONS: "--inspect",
    };
    expect(defaultServerEnvironment(env, "linux")).toEqual({
      HOME: "/home/a",
      PATH: "/usr/bin",
      USER: "a",
      TERM: "xterm",
    });
  });

  it("keeps the Windows variables, found whatever their case", () => {
    const env = {
      Path: "C:\\Windows",
      SystemRoot: "C:\\Windows",
      USERPROFILE: "C:\\Users\\a",
      GITHUB_TOKEN: "t",
      HOME: "x",
    };
    expect(defaultServerEnvironment(env, "win32")).toEqual({
      PATH: "C:\\Windows",
      SYSTEMROOT: "C:\\Windows",
      USERPROFILE: "C:\\Users\\a",
    });
  });

  it("is what a real child process sees, plus what the caller passes", async () => {
    process.env.TYPED_MCP_TEST_SECRET = "must-not-leak";
    const child = `process.stdout.write(JSON.stringify({ jsonrpc: "2.0", method: "env", params: { keys: Object.keys(process.env) } }) + "\\n"); process.stdin.resume(); process.stdin.on("end", () => process.exit(0));`;
    const transport = new StdioClientTransport({ command: process.execPath, args: ["-e", child], env: { EXTRA: "1" } });
    const received = new Promise<JsonRpcMessage>((resolve) => {
      transport.onmessage = (message) => resolve(message);
    });
    try {
      await transport.start();
      const message = (await received) as unknown as { params: { keys: string[] } };
      expect(message.params.keys).toContain("EXTRA");
      expect(message.params.keys).toContain("PATH");
      expect(message.params.keys).not.toContain("TYPED_MCP_TEST_SECRET");
    } finally {
      delete process.env.TYPED_MCP_TEST_SECRET;
      await transport.close();
    }
  });
});

describe("how a command is spawned", () => {
  const files = new Set(["C:\\nodejs\\npx.cmd", "C:\\nodejs\\node.exe", "C:\\tools\\server.bat", "D:\\app\\run.cmd"]);
  const exists = (path: string) => files.has(path);
  const env = {
    PATH: "C:\\tools;C:\\nodejs\\",
    PATHEXT: ".COM;.EXE;.BAT;.CMD",
    ComSpec: "C:\\Windows\\system32\\cmd.exe",
  };

  it("spawns directly on POSIX systems, arguments untouched", () => {
    expect(planSpawn("npx", ["-y", "a b"], "linux", env, exists)).toEqual({
      file: "npx",
      args: ["-y", "a b"],
      windowsVerbatimArguments: false,
    });
  });

  it("resolves a Windows command through PATH and PATHEXT", () => {
    expect(resolveWindowsCommand("npx", env, exists)).toBe("C:\\nodejs\\npx.cmd");
    expect(resolveWindowsCommand("node", env, exists)).toBe("C:\\nodejs\\node.exe");
    expect(resolveWindowsCommand("server", env, exists)).toBe("C:\\tools\\server.bat");
    expect(resolveWindowsCommand("D:\\app\\run", env, exists)).toBe("D:\\app\\run.cmd");
    expect(resolveWindowsCommand("missing", env, exists)).toBeUndefined();
  });

  it("runs a .cmd shim through cmd.exe with the command and every argument escaped", () => {
    const plan = planSpawn("npx", ["-y", "@scope/server", "a b", 'say "hi" & exit'], "win32", env, exists);
    expect(plan.file).toBe("C:\\Windows\\system32\\cmd.exe");
    expect(plan.windowsVerbatimArguments).toBe(true);
    expect(plan.args.slice(0, 3)).toEqual(["/d", "/s", "/c"]);
    expect(plan.args[3]).toBe('"C:\\nodejs\\npx.cmd ^"-y^" ^"@scope/server^" ^"a^ b^" ^"say^ \\^"hi\\^"^ ^&^ exit^""');
  });

  it("spawns an .exe directly on Windows (resolved), and an unknown command as given", () => {
    expect(planSpawn("node", ["x.js"], "win32", env, exists)).toEqual({
      file: "C:\\nodejs\\node.exe",
      args: ["x.js"],
      windowsVerbatimArguments: false,
    });
    expect(planSpawn("nothing", [], "win32", env, exists).file).toBe("nothing");
  });

  it("escapes an argument so that cmd.exe passes it literally and the program's parser reads it back", () => {
    expect(escapeCmdArgument("plain")).toBe('^"plain^"');
    expect(escapeCmdArgument("%PATH%")).toBe('^"^%PATH^%^"');
    expect(escapeCmdArgument("trailing\\")).toBe('^"trailing\\\\^"');
    expect(escapeCmdArgument("a|b>c")).toBe('^"a^|b^>c^"');
  });
});
