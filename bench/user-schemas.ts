/**
 * `npx tsx bench/user-schemas.ts`: checking a tool's arguments against its inputSchema, typed-mcp's
 * compiler against @cfworker/json-schema (also eval-free) and AJV's standalone code (generated ahead
 * of time, so also eval-free at run time), plus each one's count on the JSON Schema Test Suite's
 * required 2020-12 cases. Run on demand, never in `npm test`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Validator } from "@cfworker/json-schema";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { compileJsonSchema, type JsonSchema } from "../src/json-schema/compile.js";
import { suiteCases, suiteDocuments } from "../test/helpers/json-schema-test-suite.js";

type Check = (value: unknown) => boolean;

const SCHEMAS: Record<string, { schema: JsonSchema; valid: unknown; invalid: unknown }> = {
  "flat tool input": {
    schema: {
      type: "object",
      properties: {
        city: { type: "string", minLength: 1 },
        days: { type: "integer", minimum: 1, maximum: 7 },
        units: { enum: ["metric", "imperial"] },
      },
      required: ["city"],
      additionalProperties: false,
    },
    valid: { city: "Oslo", days: 3, units: "metric" },
    invalid: { city: "", days: 9, extra: true },
  },
  "nested, with $ref and unevaluatedProperties": {
    schema: {
      $defs: {
        point: { type: "object", properties: { x: { type: "number" }, y: { type: "number" } }, required: ["x", "y"] },
      },
      type: "object",
      properties: { path: { type: "array", items: { $ref: "#/$defs/point" }, maxItems: 50 } },
      allOf: [{ properties: { label: { type: "string" } } }],
      unevaluatedProperties: false,
    },
    valid: { label: "route", path: Array.from({ length: 20 }, (_, i) => ({ x: i, y: i * 2 })) },
    invalid: { label: 3, path: [{ x: 1 }], extra: 1 },
  },
};

function opsPerSecond(check: Check, value: unknown): number {
  for (let i = 0; i < 20_000; i++) check(value);
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < 200) {
      for (let i = 0; i < 1000; i++) check(value);
      n += 1000;
    }
    best = Math.max(best, n / ((performance.now() - start) / 1000));
  }
  return best;
}

async function ajvStandalone(schema: JsonSchema, dir: string, name: string): Promise<Check> {
  const ajv = new Ajv2020.default({ code: { source: true }, allErrors: true, strict: false });
  const file = join(dir, `${name}.cjs`);
  writeFileSync(file, standaloneCode.default(ajv, ajv.compile(schema as object)));
  const module = (await import(pathToFileURL(file).href)) as { default: Check };
  return module.default;
}

const cfworker = (schema: JsonSchema): Check => {
  const validator = new Validator(schema as object, "2020-12", false);
  return (value) => validator.validate(value).valid;
};

// Beside the project, so the generated modules find AJV's runtime helpers.
const dir = mkdtempSync(join(process.cwd(), ".bench-user-schemas-"));
try {
  console.log("| schema | value | typed-mcp ops/s | @cfworker/json-schema ops/s | AJV standalone ops/s |");
  console.log("|---|---|---:|---:|---:|");
  let n = 0;
  for (const [name, { schema, valid, invalid }] of Object.entries(SCHEMAS)) {
    const ours = compileJsonSchema(schema);
    const contenders: Check[] = [
      (v) => ours.validate(v),
      cfworker(schema),
      await ajvStandalone(schema, dir, `s${n++}`),
    ];
    for (const [label, value] of [
      ["valid", valid],
      ["invalid", invalid],
    ] as const) {
      const figures = contenders.map((check) => Math.round(opsPerSecond(check, value)).toLocaleString("en-US"));
      console.log(`| ${name} | ${label} | ${figures.join(" | ")} |`);
    }
  }
  const cases = suiteCases(".", false);
  const documents = suiteDocuments();
  let oursPassed = 0;
  let cfPassed = 0;
  for (const test of cases) {
    try {
      if (compileJsonSchema(test.schema, { schemas: documents }).validate(test.data) === test.valid) oursPassed++;
    } catch {}
    try {
      const validator = new Validator(test.schema as object, "2020-12", false);
      for (const [uri, document] of Object.entries(documents)) validator.addSchema(document as object, uri);
      if (validator.validate(test.data).valid === test.valid) cfPassed++;
    } catch {}
  }
  console.log(
    `\nrequired 2020-12 suite: typed-mcp ${oursPassed}/${cases.length}, @cfworker/json-schema ${cfPassed}/${cases.length}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
