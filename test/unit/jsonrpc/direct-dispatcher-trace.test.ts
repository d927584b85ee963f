/**
 * TYPED_MCP_TRACE=1 traces the in-memory direct path too: each side of a DirectDispatcher pair
 * writes the messages it stands for (requests, answers, errors, notifications, a cancellation) to
 * stderr, answers timed against their requests; stdout stays clean. Run in a child process, as the
 * variable is read once per process.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { ROOT } from "../../helpers/cli.js";

const run = promisify(execFile);
const FIXTURE = join(ROOT, "test", "fixtures", "direct-dispatcher-trace.ts");

async function traced(value: string) {
  return run(process.execPath, ["--import", "tsx", FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, TYPED_MCP_TRACE: value },
  });
}

it("TYPED_MCP_TRACE=1 traces both sides of a DirectDispatcher pair on stderr", { timeout: 60_000 }, async () => {
  const { stdout, stderr } = await traced("1");
  expect(stdout).toBe("done\n");
  const lines = stderr.split("\n").filter((line) => line.startsWith("[typed-mcp "));
  const side = (n: number) => lines.filter((line) => line.includes(` DirectDispatcher#${n} `));
  const [client, server] = [side(1), side(2)];
  expect(client).toContainEqual(
    expect.stringMatching(/ -> \{"jsonrpc":"2\.0","id":0,"method":"echo","params":\{"text":"hi"\}\}$/),
  );
  expect(server).toContainEqual(expect.stringMatching(/ <- \{"jsonrpc":"2\.0","id":0,"method":"echo",/));
  expect(server).toContainEqual(
    expect.stringMatching(
      / -> \{"jsonrpc":"2\.0","id":0,"result":\{"echoed":"hi"\}\} \(\d+\.\d ms after the request\)$/,
    ),
  );
  expect(client).toContainEqual(
    expect.stringMatching(
      / <- \{"jsonrpc":"2\.0","id":0,"result":\{"echoed":"hi"\}\} \(\d+\.\d ms after the request\)$/,
    ),
  );
  expect(client).toContainEqual(expect.stringMatching(/ <- \{"jsonrpc":"2\.0","id":1,"error":\{"code":-32603,/));
  expect(server).toContainEqual(
    expect.stringMatching(/ <- \{"jsonrpc":"2\.0","method":"notifications\/initialized"\}$/),
  );
  expect(client).toContainEqual(
    expect.stringMatching(/ -> \{"jsonrpc":"2\.0","method":"notifications\/cancelled","params":\{"requestId":2,/),
  );
  expect(server).toContainEqual(
    expect.stringMatching(/ <- \{"jsonrpc":"2\.0","method":"notifications\/cancelled","params":\{"requestId":2,/),
  );
  // What one side sent, the other received.
  expect(client.filter((line) => line.includes(" -> ")).length).toBe(
    server.filter((line) => line.includes(" <- ")).length,
  );
  expect(server.filter((line) => line.includes(" -> ")).length).toBe(
    client.filter((line) => line.includes(" <- ")).length,
  );
});

it("without TYPED_MCP_TRACE the direct path prints nothing", { timeout: 60_000 }, async () => {
  const { stdout, stderr } = await traced("0");
  expect(stdout).toBe("done\n");
  expect(stderr).not.toContain("[typed-mcp ");
});
