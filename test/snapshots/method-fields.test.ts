/**
 * Field-level schema snapshots: for every method of every version, the fields of its params and
 * result (two levels deep, references resolved) as text. Any upstream change to a message's shape,
 * not only to the method list, then shows up as a readable diff of these files.
 */
import { describe, expect, it } from "vitest";
import type { AnalysedSchema } from "../../codegen/analyse.js";
import { readLock } from "../../schema/lock.js";
import { analyseLocked, renderMethodFields as render } from "../helpers/schema-snapshots.js";

const schemas = analyseLocked(readLock());

describe("method field snapshots", () => {
  for (const schema of schemas) {
    it(schema.version, async () => {
      await expect(render(schema)).toMatchFileSnapshot(`./__snapshots__/fields-${schema.version}.md`);
    });
  }

  it("shows what a version added to a message", () => {
    const [older, newer] = ["2025-03-26", "2025-06-18"].map((version) =>
      render(schemas.find((schema) => schema.version === version) as AnalysedSchema),
    );
    const callTool = (text: string) =>
      text.slice(text.indexOf("## clientRequests tools/call"), text.indexOf("## clientRequests tools/list"));
    expect(callTool(older as string)).not.toContain("structuredContent");
    expect(callTool(newer as string)).toContain("structuredContent?: object");
  });
});
