/**
 * Cold start measured by CPU time, for comparing builds on a loaded machine: fresh processes that
 * import a built package root and validate one 2025-11-25 initialize request, interleaved with a
 * bare `node`, each reporting its own CPU time (user + system, `process.cpuUsage()`) when done; the
 * median over the rounds, minus bare node's, with the range of the rounds (each minus bare node's
 * median). Also the modules and bytes that import + validation load (ES modules through a loader
 * hook, CommonJS from the require cache), once per build.
 *
 *   node --import tsx bench/profile/cold-start.ts [--rounds N] PACKAGE_DIR [PACKAGE_DIR ...]
 *
 * Each PACKAGE_DIR holds a package.json and the dist/ that `npm run build` made there (for example
 * this checkout, and a copy of main's build).
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt === -1 ? 20 : Number(args[roundsAt + 1]);
const dirs = args.filter((arg, index) => !arg.startsWith("--") && index !== roundsAt + 1).map((dir) => resolve(dir));
if (dirs.length === 0) dirs.push(join(import.meta.dirname, "..", ".."));

const PARAMS = JSON.stringify({
  protocolVersion: "2025-11-25",
  capabilities: {},
  clientInfo: { name: "cold", version: "1" },
});
const REPORT = `const u = process.cpuUsage(); console.log(JSON.stringify({ cpu: (u.user + u.system) / 1000, wall: performance.now() }));`;
const program = (dir: string) =>
  `const m = await import(${JSON.stringify(pathToFileURL(join(dir, "dist/src/index.js")).href)}); ` +
  `m.validateClientRequest("initialize", "2025-11-25", ${PARAMS}); ${REPORT}`;

interface Sample {
  cpu: number;
  wall: number;
}

function runOnce(code: string, extra: string[] = []): { sample: Sample; stderr: string } {
  const run = spawnSync(process.execPath, [...extra, "--input-type=module", "-e", code], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`cold-start child failed: ${run.stderr}`);
  return { sample: JSON.parse(run.stdout.trim().split("\n").at(-1) as string) as Sample, stderr: run.stderr };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

// Modules and bytes, one run per build with a loader hook that reports every file it loads.
const HOOKS = `data:text/javascript,${encodeURIComponent(
  `export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("ESM " + url + "\\n"); return next(url, context); }`,
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from "node:module"; register(${JSON.stringify(HOOKS)});`,
)}`;
for (const dir of dirs) {
  const code = `${program(dir)} const { createRequire } = await import("node:module"); for (const f of Object.keys(createRequire(import.meta.url).cache)) process.stderr.write("CJS " + f + "\\n");`;
  const { stderr } = runOnce(code, ["--import", REGISTER]);
  const files = new Set<string>();
  for (const line of stderr.split("\n")) {
    if (line.startsWith("ESM ")) files.add(fileURLToPath(line.slice(4)));
    else if (line.startsWith("CJS ")) files.add(line.slice(4));
  }
  let bytes = 0;
  for (const file of files) bytes += statSync(file).size;
  console.log(`${dir}: ${files.size} files, ${(bytes / 1024).toFixed(0)} KiB loaded by import + first validation`);
}

const samples = new Map<string, Sample[]>([["bare", []], ...dirs.map((dir) => [dir, []] as [string, Sample[]])]);
for (let round = 0; round < rounds; round++) {
  samples.get("bare")?.push(runOnce(REPORT).sample);
  for (const dir of dirs) samples.get(dir)?.push(runOnce(program(dir)).sample);
}
const bare = samples.get("bare") as Sample[];
const bareCpu = median(bare.map((s) => s.cpu));
const bareWall = median(bare.map((s) => s.wall));
console.log(
  `bare node: ${bareCpu.toFixed(1)} ms CPU, ${bareWall.toFixed(1)} ms to the end of the script (medians of ${rounds})`,
);
/** `median (min–max)` of the values, each less `bare`, in ms. */
const spread = (values: number[], bare: number) =>
  `+${(median(values) - bare).toFixed(1)} (${(Math.min(...values) - bare).toFixed(1)} to ${(Math.max(...values) - bare).toFixed(1)})`;
for (const dir of dirs) {
  const list = samples.get(dir) as Sample[];
  const cpu = median(list.map((s) => s.cpu));
  const wall = median(list.map((s) => s.wall));
  console.log(
    `${dir}: ${cpu.toFixed(1)} ms CPU, ${spread(
      list.map((s) => s.cpu),
      bareCpu,
    )} over bare (median, range); ` +
      `${wall.toFixed(1)} ms to the end, ${spread(
        list.map((s) => s.wall),
        bareWall,
      )}`,
  );
}
