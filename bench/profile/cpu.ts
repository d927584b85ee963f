/** CPU time of processes, from /proc (Linux): other load on the machine moves it far less than calls/s. */
import { readdirSync, readFileSync } from "node:fs";

/** CPU time of every thread of `pid`, in ns (the first field of each thread's schedstat). */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return total;
}
