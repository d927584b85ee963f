import { describe, expect, it } from "vitest";
import { Registry } from "../../../../src/high-level/server/registry.js";

function registry() {
  let changes = 0;
  const items = new Registry<{ definition: string; enabled: boolean }>(() => {
    changes++;
  });
  return { items, changes: () => changes };
}

describe("Registry", () => {
  it("lists the enabled definitions in registration order; size counts disabled ones too", () => {
    const { items } = registry();
    items.add("a", { definition: "A", enabled: true });
    items.add("b", { definition: "B", enabled: true }).disable();
    items.add("c", { definition: "C", enabled: true });
    expect(items.listed()).toEqual(["A", "C"]);
    expect(items.size).toBe(3);
    expect(items.get("b")).toEqual({ definition: "B", enabled: false });
  });

  it("reports a change only when what the list shows changes", () => {
    const { items, changes } = registry();
    const handle = items.add("a", { definition: "A", enabled: true });
    expect(changes()).toBe(1);
    handle.enable();
    expect(changes()).toBe(1);
    handle.disable();
    handle.disable();
    expect(changes()).toBe(2);
    handle.enable();
    expect(changes()).toBe(3);
    expect(items.listed()).toEqual(["A"]);
  });

  it("a stale handle cannot remove the entry registered anew under its key", () => {
    const { items, changes } = registry();
    const old = items.add("a", { definition: "old", enabled: true });
    old.remove();
    expect(items.has("a")).toBe(false);
    items.add("a", { definition: "new", enabled: true });
    old.remove();
    expect(items.listed()).toEqual(["new"]);
    expect(changes()).toBe(3);
  });

  it("finds an enabled entry by name; a disabled or missing one is an unknown item (-32602)", () => {
    const { items } = registry();
    items.add("a", { definition: "A", enabled: true });
    items.add("b", { definition: "B", enabled: true }).disable();
    expect(items.named("a", "tool").definition).toBe("A");
    for (const name of ["b", "c"]) {
      expect(() => items.named(name, "tool")).toThrow(
        expect.objectContaining({ code: -32602, message: `Invalid params: unknown tool "${name}"`, data: { name } }),
      );
    }
  });
});
