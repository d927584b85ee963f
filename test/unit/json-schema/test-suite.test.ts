/**
 * The official JSON Schema Test Suite, draft 2020-12, against compileJsonSchema: every required case
 * must pass; the optional ones (formats asserted, bignums, ECMAScript regex details, ...) are counted
 * and held at the number they reach today, so a regression fails here.
 */
import { describe, expect, it } from "vitest";
import { compileJsonSchema, type JsonSchema } from "../../../src/json-schema/compile.js";
import { type SuiteCase, suiteCases, suiteDocuments } from "../../helpers/json-schema-test-suite.js";

const documents = suiteDocuments();

function failures(cases: SuiteCase[], formats: "annotate" | "assert"): string[] {
  const compiled = new Map<JsonSchema, ReturnType<typeof compileJsonSchema> | Error>();
  const failed: string[] = [];
  for (const test of cases) {
    let validator = compiled.get(test.schema);
    if (!validator) {
      try {
        validator = compileJsonSchema(test.schema, { schemas: documents, formats });
      } catch (error) {
        validator = error as Error;
      }
      compiled.set(test.schema, validator);
    }
    const got = validator instanceof Error ? `compile error: ${validator.message}` : validator.validate(test.data);
    if (got !== test.valid) failed.push(`${test.file} | ${test.group} | ${test.description}: got ${String(got)}`);
  }
  return failed;
}

describe("JSON Schema Test Suite, draft 2020-12", () => {
  it("passes every required case", () => {
    const cases = suiteCases(".", false);
    const failed = failures(cases, "annotate");
    console.log(`JSON Schema Test Suite 2020-12, required: ${cases.length - failed.length}/${cases.length} passed`);
    expect(cases.length).toBeGreaterThan(1000);
    expect(failed).toEqual([]);
  });

  it("passes the optional cases it passed when last counted", () => {
    const general = suiteCases("optional", false);
    const formats = suiteCases("optional/format", true);
    const failedGeneral = failures(general, "annotate");
    const failedFormats = failures(formats, "assert");
    console.log(
      `JSON Schema Test Suite 2020-12, optional: ${general.length - failedGeneral.length}/${general.length} passed; ` +
        `optional formats (asserted): ${formats.length - failedFormats.length}/${formats.length} passed`,
    );
    if (process.env.SUITE_FAILURES) console.log([...failedGeneral, ...failedFormats].join("\n"));
    // Counted on 2026-11-28: the misses are bignum overflow, cross-draft refs, IDN hostname rules,
    // and URI / URI-template grammar corners.
    expect(general.length - failedGeneral.length).toBeGreaterThanOrEqual(160);
    expect(formats.length - failedFormats.length).toBeGreaterThanOrEqual(662);
  });
});
