import { describe, expect, it } from "vitest";
import { paginate, withCursor } from "../../../src/high-level/pagination.js";

const items = ["a", "b", "c", "d", "e"];
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("paginate", () => {
  it("walks a list page by page, each cursor leading to the next, none after the last", () => {
    const first = paginate("tools", items, undefined, 2);
    expect(first.items).toEqual(["a", "b"]);
    const second = paginate("tools", items, first.nextCursor, 2);
    expect(second.items).toEqual(["c", "d"]);
    const last = paginate("tools", items, second.nextCursor, 2);
    expect(last).toEqual({ items: ["e"] });
    expect("nextCursor" in last).toBe(false);
  });

  it("gives no cursor when the list fills the page exactly, or is empty", () => {
    expect(paginate("prompts", items, undefined, 5)).toEqual({ items });
    expect(paginate("prompts", [], undefined, 5)).toEqual({ items: [] });
  });

  it("accepts a cursor at the very end (the list shrank to it) with an empty last page", () => {
    expect(paginate("tools", items, cursorOf({ l: "tools", o: 5 }), 2)).toEqual({ items: [] });
  });

  it("refuses a cursor of another list with -32602", () => {
    const { nextCursor } = paginate("tools", items, undefined, 2);
    expect(() => paginate("prompts", items, nextCursor, 2)).toThrow(
      expect.objectContaining({ code: -32602, message: "Invalid params: invalid cursor for prompts" }),
    );
  });

  it.each([
    ["not Base64 JSON", "not-a-cursor"],
    ["not a string", 7],
    ["null", cursorOf(null)],
    ["past the end", cursorOf({ l: "tools", o: 6 })],
    ["negative", cursorOf({ l: "tools", o: -1 })],
    ["fractional", cursorOf({ l: "tools", o: 1.5 })],
    ["an offset that is a string", cursorOf({ l: "tools", o: "1" })],
  ])("refuses a made-up cursor (%s) instead of restarting from the top", (_, cursor) => {
    expect(() => paginate("tools", items, cursor, 2)).toThrow(
      expect.objectContaining({ code: -32602, data: { cursor } }),
    );
  });
});

describe("withCursor", () => {
  it("adds nextCursor only when there is one", () => {
    expect(withCursor({ tools: [] }, "next")).toEqual({ tools: [], nextCursor: "next" });
    expect("nextCursor" in withCursor({ tools: [] }, undefined)).toBe(false);
  });
});
