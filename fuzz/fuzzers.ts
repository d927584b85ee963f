/**
 * The fuzzers as fast-check properties, shared by the short seeded runs in `npm test`
 * (test/fuzz/*.test.ts) and the long runs of `npm run fuzz` (fuzz/run.ts).
 */
import fc from "fast-check";
import type { McpServer } from "../src/index.js";
import { authCase } from "./cases/auth.js";
import { framingCase } from "./cases/framing.js";
import { httpCase } from "./cases/http.js";
import { kernelCase } from "./cases/kernel.js";
import { closeAuthFuzzServer, runAuthCase } from "./drivers/auth.js";
import { runFramingCase } from "./drivers/framing.js";
import { closeHttpFuzzSockets, runHttpCase } from "./drivers/http.js";
import { runKernelCase } from "./drivers/kernel.js";
import type { ProcessGuard } from "./guards.js";

export const FUZZERS = {
  /** JSON-RPC framing and decoding on stdio (NDJSON) into a real server. */
  framing: (server: McpServer, guard: ProcessGuard) =>
    fc.asyncProperty(framingCase, (c) => runFramingCase(c, server, guard)),
  /** The kernel and McpServer for every protocol version, over an in-memory transport. */
  kernel: (server: McpServer, guard: ProcessGuard) =>
    fc.asyncProperty(kernelCase, (c) => runKernelCase(c, server, guard)),
  /** The Streamable HTTP handler (web-standard, a share over real sockets). */
  http: (server: McpServer, guard: ProcessGuard) => fc.asyncProperty(httpCase, (c) => runHttpCase(c, server, guard)),
  /** The Authorization header in front of the Streamable HTTP handler (bearerAuth with the JWT verifier). */
  auth: (server: McpServer, guard: ProcessGuard) => fc.asyncProperty(authCase, (c) => runAuthCase(c, server, guard)),
} as const;

export type FuzzerName = keyof typeof FUZZERS;

export { closeAuthFuzzServer, closeHttpFuzzSockets };
