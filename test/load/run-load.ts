/**
 * Runs the load scenario and prints its report as one JSON line:
 *   node --expose-gc --import tsx test/load/run-load.ts <http|in-memory> <sessions> <calls>
 */
import { runHttpLoad, runInMemoryLoad } from "./load-scenario.js";

const [kind, sessions, calls] = process.argv.slice(2);
const size = { sessions: Number(sessions ?? 1000), calls: Number(calls ?? 50) };
const report = kind === "in-memory" ? await runInMemoryLoad(size) : await runHttpLoad(size);
process.stdout.write(`${JSON.stringify(report)}\n`);
