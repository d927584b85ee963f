import { describe, expect, it } from "vitest";
import { type Deadline, Deadlines } from "../../../src/jsonrpc/deadlines.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function entry(fired: string[], name: string): Deadline {
  return { due: 0, expire: () => fired.push(name) };
}

describe("Deadlines: one timer for many deadlines", () => {
  it("fires each deadline once, in order, not before it is due", async () => {
    const deadlines = new Deadlines();
    const fired: string[] = [];
    const started = performance.now();
    const times: Record<string, number> = {};
    const timed = (name: string): Deadline => ({
      due: 0,
      expire: () => {
        fired.push(name);
        times[name] = performance.now() - started;
      },
    });
    deadlines.add(timed("late"), 60);
    deadlines.add(timed("early"), 20);
    deadlines.add(timed("middle"), 40);
    await sleep(120);
    expect(fired).toEqual(["early", "middle", "late"]);
    expect(times.early).toBeGreaterThanOrEqual(19);
    expect(times.middle).toBeGreaterThanOrEqual(39);
    expect(times.late).toBeGreaterThanOrEqual(59);
    expect(deadlines.size).toBe(0);
  });

  it("a removed deadline never fires; re-adding moves it; an infinite one is removed", async () => {
    const deadlines = new Deadlines();
    const fired: string[] = [];
    const removed = entry(fired, "removed");
    const moved = entry(fired, "moved");
    const forever = entry(fired, "forever");
    deadlines.add(removed, 10);
    deadlines.add(moved, 10);
    deadlines.add(forever, 10);
    deadlines.delete(removed);
    deadlines.add(moved, 60);
    deadlines.add(forever, Number.POSITIVE_INFINITY);
    await sleep(35);
    expect(fired).toEqual([]);
    await sleep(60);
    expect(fired).toEqual(["moved"]);
  });

  it("clear() forgets everything: nothing fires and no timer holds the process", async () => {
    const deadlines = new Deadlines();
    const fired: string[] = [];
    deadlines.add(entry(fired, "a"), 10);
    deadlines.add(entry(fired, "b"), 20);
    deadlines.clear();
    expect(deadlines.size).toBe(0);
    await sleep(40);
    expect(fired).toEqual([]);
  });

  it("with nothing waiting the timer holds no process, and the next deadline still fires on time", async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
    const before = timeouts();
    const deadlines = new Deadlines();
    const fired: string[] = [];
    const first = entry(fired, "first");
    deadlines.add(first, 50);
    expect(timeouts()).toBe(before + 1);
    deadlines.delete(first);
    // Kept for the next deadline, but no longer holding the process.
    expect(timeouts()).toBe(before);
    deadlines.add(entry(fired, "second"), 60);
    expect(timeouts()).toBe(before + 1);
    deadlines.add(entry(fired, "third"), 20);
    await sleep(40);
    expect(fired).toEqual(["third"]);
    await sleep(60);
    expect(fired).toEqual(["third", "second"]);
    expect(deadlines.size).toBe(0);
    const after = timeouts();
    const last = entry(fired, "last");
    deadlines.add(last, 1000);
    expect(timeouts()).toBe(after + 1);
    deadlines.delete(last);
    expect(timeouts()).toBe(after);
  });

  it("a deadline added after the last one left, due later than the kept timer, is not missed", async () => {
    const deadlines = new Deadlines();
    const fired: string[] = [];
    const early = entry(fired, "early");
    deadlines.add(early, 15);
    deadlines.delete(early);
    deadlines.add(entry(fired, "later"), 40);
    await sleep(25);
    expect(fired).toEqual([]);
    await sleep(60);
    expect(fired).toEqual(["later"]);
  });
});
