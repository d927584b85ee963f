#!/usr/bin/env node
/** The executable behind `typed-mcp` (package.json `bin`): runs the command line and exits with its status. */
import { run } from "./main.js";

const status = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = status;
// Whatever a server left open (a keep-alive socket, a stray timer) must not keep the command alive.
setTimeout(() => process.exit(status), 2000).unref();
