/**
 * docs/migration.md's two tables and the tests of their rows agree: every row marked ✓ has a test
 * titled `v1: ` / `v2: ` and the row's first cell (backticks dropped) in test/types/migration.test.ts
 * / migration-v2.test.ts, and every such test has its ✓ row. A row cannot claim a test it lacks, nor
 * a test outlive its row.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const GUIDE = readFileSync(join(ROOT, "docs", "migration.md"), "utf8");

/** The rows of the first table under `heading`: their cells, backticks dropped. */
function tableRows(heading: string): string[][] {
  const section = GUIDE.slice(GUIDE.indexOf(heading));
  const lines = section.split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim().replaceAll("`", "")),
    );
  }
  return rows;
}

/** The titles of the `it(...)` tests in a file that start with `prefix`. */
function testTitles(file: string, prefix: string): string[] {
  const source = readFileSync(join(ROOT, "test", "types", file), "utf8");
  return [...source.matchAll(/\bit\(\s*(["'])(.*?)\1/g)]
    .map((match) => match[2] as string)
    .filter((title) => title.startsWith(prefix))
    .map((title) => title.slice(prefix.length));
}

describe.each([
  { heading: "## From v1", file: "migration.test.ts", prefix: "v1: ", minimum: 12 },
  { heading: "## From v2", file: "migration-v2.test.ts", prefix: "v2: ", minimum: 15 },
])("docs/migration.md $heading", ({ heading, file, prefix, minimum }) => {
  const rows = tableRows(heading);
  const tested = rows.filter((row) => row[2] === "✓").map((row) => row[0] as string);
  const titles = testTitles(file, prefix);

  it("has three cells in every row", () => {
    expect(rows.length).toBeGreaterThan(minimum);
    for (const row of rows) expect(row, row.join(" | ")).toHaveLength(3);
    for (const row of rows) expect(["✓", ""]).toContain(row[2]);
  });

  it(`each ✓ row has its two-sided test in test/types/${file}, and each test its ✓ row`, () => {
    expect(tested.length).toBeGreaterThanOrEqual(minimum);
    expect([...titles].sort()).toEqual([...tested].sort());
  });
});
