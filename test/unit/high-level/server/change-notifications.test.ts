import { describe, expect, it } from "vitest";
import { type ChangingList, ListChangeBatcher } from "../../../../src/high-level/server/change-notifications.js";

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("ListChangeBatcher", () => {
  it("turns every change of one tick into one batch: each list once, in order of first change", async () => {
    const batches: ChangingList[][] = [];
    const batcher = new ListChangeBatcher((lists) => batches.push(lists));
    batcher.changed("prompts");
    batcher.changed("tools");
    batcher.changed("prompts");
    batcher.changed("tools");
    expect(batches).toEqual([]);
    await nextTick();
    expect(batches).toEqual([["prompts", "tools"]]);
  });

  it("sends nothing while nothing changes, and a new batch for changes after a flush", async () => {
    const batches: ChangingList[][] = [];
    const batcher = new ListChangeBatcher((lists) => batches.push(lists));
    await nextTick();
    expect(batches).toEqual([]);
    batcher.changed("resources");
    await nextTick();
    batcher.changed("resources");
    await nextTick();
    expect(batches).toEqual([["resources"], ["resources"]]);
  });

  it("flushes in a microtask, before any timer of the same tick", async () => {
    const order: string[] = [];
    const batcher = new ListChangeBatcher(() => order.push("batch"));
    setTimeout(() => order.push("timer"), 0);
    batcher.changed("tools");
    await nextTick();
    expect(order).toEqual(["batch", "timer"]);
  });
});
