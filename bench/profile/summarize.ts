/**
 * Self time by function (and by file) of a `.cpuprofile`, the top entries first.
 *
 *   node --import tsx bench/profile/summarize.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const file = process.argv[2] as string;
const topAt = process.argv.indexOf("--top");
const top = topAt === -1 ? 30 : Number(process.argv[topAt + 1]);
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] as number;
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const short = (url: string) => url.replace(/^.*\/(wt-[^/]+|main)\//, "").replace(/^file:\/\//, "") || "(native)";
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, time] of self) {
  const frame = (byId.get(id) as Node).callFrame;
  const key = `${frame.functionName || "(anonymous)"} ${short(frame.url)}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  const fileKey = short(frame.url).replace(/node_modules\/([^/]+(\/[^/]+)?)\/.*/, "node_modules/$1");
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + time);
}
const show = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, time]) => `${((100 * time) / total).toFixed(1).padStart(5)}%  ${key}`)
    .join("\n");
console.log(
  `${file}: ${(total / 1000).toFixed(0)} ms sampled\n-- by function (self) --\n${show(byFunction, top)}\n-- by file (self) --\n${show(byFile, 25)}`,
);
