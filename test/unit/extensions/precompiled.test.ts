/**
 * The extensions shipped with typed-mcp use validators compiled at build time
 * (generated/extensions/*.cjs, from `npm run generate`); a user's extension is compiled at
 * registration. Both check the same way.
 */
import { describe, expect, it } from "vitest";
import { defineExtension } from "../../../src/extensions/extension.js";
import { precompiledFor, schemaKeys } from "../../../src/extensions/precompiled.js";
import { ExtensionRegistry } from "../../../src/extensions/registry.js";
import { skillsExtension } from "../../../src/extensions/skills/extension.js";
import { compileJsonSchema } from "../../../src/json-schema/compile.js";
import { tasksExtension } from "../../../src/tasks/extension.js";

describe("build-time validators of the shipped extensions", () => {
  for (const extension of [tasksExtension, skillsExtension]) {
    it(`${extension.id}: every schema has one once registered`, () => {
      new ExtensionRegistry().register(extension);
      const keys = schemaKeys(extension.definition);
      expect(keys.length).toBeGreaterThan(2);
      for (const [key, schema] of keys) expect(typeof precompiledFor(schema as object), key).toBe("function");
    });
  }

  it("they accept and refuse what the schema says, as the registration-time compiler does", () => {
    const registry = new ExtensionRegistry();
    registry.register(tasksExtension);
    const get = registry.method("clientRequests", "tasks/get", "2026-07-28");
    expect(get).toBeDefined();
    const base = { taskId: "t", createdAt: "x", lastUpdatedAt: "x", ttlMs: null };
    const samples = [
      { ...base, status: "working" },
      { ...base, status: "completed", result: { content: [] } },
      // Invalid: completed without a result; failed with a result; an unknown status; ttlMs negative.
      { ...base, status: "completed" },
      { ...base, status: "failed", error: { code: 1, message: "m" }, result: {} },
      { ...base, status: "done" },
      { ...base, status: "working", ttlMs: -1 },
    ];
    const schema = tasksExtension.definition.clientRequests["tasks/get"].result;
    const built = precompiledFor(schema);
    const closures = compileJsonSchema(schema as never);
    const verdicts = samples.map((sample) => built?.(sample));
    expect(verdicts).toEqual([true, true, false, false, false, false]);
    expect(samples.map((sample) => closures.issues(sample).length === 0)).toEqual(verdicts);
    // Through the registry: the failing paths are reported.
    expect(() => get?.checkResult({ ...base, status: "completed" }, "2026-07-28")).toThrow(/tasks\/get result/);
    expect(() => get?.checkResult({ ...base, status: "working" }, "2026-07-28")).not.toThrow();
  });

  it("a user's extension has none: its schemas are compiled at registration and check all the same", () => {
    const notes = defineExtension({
      id: "com.example/notes",
      clientRequests: {
        "notes/add": {
          params: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        },
      },
    } as const);
    const registry = new ExtensionRegistry();
    registry.register(notes);
    expect(precompiledFor(notes.definition.clientRequests["notes/add"].params)).toBeUndefined();
    const add = registry.method("clientRequests", "notes/add", "2026-07-28");
    expect(() => add?.checkParams({ text: "hi" }, "2026-07-28")).not.toThrow();
    expect(() => add?.checkParams({ text: 1 }, "2026-07-28")).toThrow(/notes\/add params/);
  });
});
