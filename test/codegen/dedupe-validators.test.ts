import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dedupeStandaloneValidators } from "../../codegen/dedupe-validators.js";
import { emitValidators } from "../../codegen/emit-validators.js";
import { analysedVersion, makeTempDir, removeTempDirs } from "../helpers/codegen-stages.js";

afterAll(removeTempDirs);

interface Validator {
  (value: unknown): boolean;
  errors?: unknown[] | null;
}
type ValidatorModule = Record<string, Validator>;

function loadCjs(code: string, label: string): ValidatorModule {
  const file = join(makeTempDir(`dedupe-${label}`), "validators.cjs");
  writeFileSync(file, code);
  return createRequire(import.meta.url)(file) as ValidatorModule;
}

/** Each top-level validator function's code with its own name blanked: equal texts are copies. */
function functionBodies(code: string): Map<string, string[]> {
  const bodies = new Map<string, string[]>();
  for (const part of code.split(/\n(?=function validate\d+\()/).slice(1)) {
    const name = (/^function (validate\d+)/.exec(part) as RegExpExecArray)[1] as string;
    // The function runs to its `.evaluated` line (AJV writes one after each), else to the next statement.
    const evaluated = new RegExp(`\\n${name}\\.evaluated = [^\\n]*`).exec(part);
    const text = evaluated ? part.slice(0, evaluated.index + evaluated[0].length) : part;
    const body = text.replaceAll(new RegExp(`\\b${name}\\b`, "g"), "SELF");
    bodies.set(body, [...(bodies.get(body) ?? []), name]);
  }
  return bodies;
}

describe("dedupeStandaloneValidators", () => {
  it("merges functions and constants that differ only in their names, callers included, and keeps exports as aliases", () => {
    const code = [
      '"use strict";',
      'exports["a"] = validate1;',
      'exports["b"] = validate3;',
      'const schema1 = {"enum":["x","y"]};',
      'const schema2 = {"enum":["x","y"]};',
      'function validate2(data){ validate2.errors = data === schema1.enum[0] ? null : [{ keyword: "enum" }]; return data === schema1.enum[0]; }',
      "validate2.evaluated = {};",
      'function validate4(data){ validate4.errors = data === schema2.enum[0] ? null : [{ keyword: "enum" }]; return data === schema2.enum[0]; }',
      "validate4.evaluated = {};",
      "function validate1(data){ const ok = validate2(data.v); validate1.errors = validate2.errors; return ok; }",
      "validate1.evaluated = {};",
      "function validate3(data){ const ok = validate4(data.v); validate3.errors = validate4.errors; return ok; }",
      "validate3.evaluated = {};",
    ].join("\n");
    const merged = dedupeStandaloneValidators(code);
    expect(merged).not.toMatch(/function validate3|function validate4|const schema2/);
    expect(merged).toContain('exports["b"] = exports["a"];');
    const before = loadCjs(code, "synthetic-before");
    const after = loadCjs(merged, "synthetic-after");
    expect(after.b).toBe(after.a);
    for (const value of [{ v: "x" }, { v: "y" }]) {
      expect(after.b?.(value)).toBe(before.b?.(value));
      expect(after.b?.errors).toEqual(before.b?.errors);
    }
  });

  it("keeps functions that differ in code", () => {
    const code = [
      '"use strict";',
      "exports.a = validate1;",
      "exports.b = validate2;",
      "function validate1(data){ return data === 1; }",
      "function validate2(data){ return data === 2; }",
    ].join("\n");
    const after = loadCjs(dedupeStandaloneValidators(code), "distinct");
    expect(after.a?.(1)).toBe(true);
    expect(after.b?.(1)).toBe(false);
    expect(after.b?.(2)).toBe(true);
  });
});

describe("the generated validators hold one copy of each sub-validator", () => {
  const VERSION = "2025-11-25";
  let raw: ValidatorModule;
  let merged: ValidatorModule;
  let rawCode: string;
  let mergedCode: string;

  beforeAll(() => {
    const schema = analysedVersion(VERSION);
    rawCode = emitValidators(schema, { dedupe: false });
    mergedCode = emitValidators(schema);
    raw = loadCjs(rawCode, "raw");
    merged = loadCjs(mergedCode, "merged");
  }, 120_000);

  it("no two functions of the emitted (and the committed) file are copies, and the file is smaller than AJV's", () => {
    const committed = readFileSync(join(import.meta.dirname, "../../generated", VERSION, "validators.cjs"), "utf8");
    for (const code of [mergedCode, committed]) {
      const copies = [...functionBodies(code).values()].filter((names) => names.length > 1);
      expect(copies).toEqual([]);
    }
    expect([...functionBodies(rawCode).values()].some((names) => names.length > 1)).toBe(true);
    expect(mergedCode.length).toBeLessThan(rawCode.length * 0.7);
  });

  it("accepts, rejects and reports exactly as AJV's output on every export", () => {
    expect(Object.keys(merged)).toEqual(Object.keys(raw));
    const text = { type: "text", text: "hi" };
    const image = { type: "image", data: "aGVsbG8=", mimeType: "image/png" };
    const values: unknown[] = [
      null,
      0,
      "s",
      [],
      {},
      text,
      image,
      { ...image, data: "not base64!" },
      { type: "text" },
      { content: [text, image], isError: false },
      { content: [text, { type: "image" }] },
      { content: "x" },
      { name: "echo", arguments: { text: "hi" } },
      { arguments: {} },
      { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: "c", version: "1" } },
      { protocolVersion: VERSION, capabilities: { sampling: 1 }, clientInfo: { name: 2 } },
      { tools: [{ name: "t", inputSchema: { type: "object" } }] },
      { tools: [{ name: "t", inputSchema: { type: "string" } }] },
      { messages: [{ role: "user", content: text }], maxTokens: 5 },
      { messages: [{ role: "robot", content: image }] },
    ];
    let compared = 0;
    for (const [name, validate] of Object.entries(raw)) {
      const mergedValidate = merged[name] as Validator;
      for (const value of values) {
        expect(mergedValidate(value), `${name} on ${JSON.stringify(value)}`).toBe(validate(value));
        expect(mergedValidate.errors, `${name} on ${JSON.stringify(value)}`).toEqual(validate.errors);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
