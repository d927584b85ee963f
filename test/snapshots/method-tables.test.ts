/**
 * Schema snapshots: every version's method table, and what changed between consecutive versions,
 * are kept as readable text files, so a spec update shows up as a reviewable diff.
 */
import { describe, expect, it } from "vitest";
import { getMethodTable, SUPPORTED_PROTOCOL_VERSIONS } from "../../src/index.js";

const DIRECTIONS = ["clientRequests", "serverRequests", "clientNotifications", "serverNotifications"] as const;

type Entry = { definition: string; paramsRequired: boolean; hasParams: boolean; result?: string };

function describeEntry(entry: Entry): string {
  const params = entry.hasParams ? (entry.paramsRequired ? "params required" : "params optional") : "no params";
  return `${entry.definition}${entry.result ? ` -> ${entry.result}` : ""} (${params})`;
}

function renderTable(version: string): string {
  const table = getMethodTable(version);
  const lines = [`# MCP ${version} method table`, ""];
  for (const direction of DIRECTIONS) {
    const entries = Object.entries(table[direction] as Record<string, Entry>);
    lines.push(`## ${direction} (${entries.length})`);
    for (const [method, entry] of entries) lines.push(`- ${method}: ${describeEntry(entry)}`);
    lines.push("");
  }
  return lines.join("\n");
}

function renderChanges(from: string, to: string): string {
  const before = getMethodTable(from);
  const after = getMethodTable(to);
  const lines = [`# MCP ${from} -> ${to}`, ""];
  for (const direction of DIRECTIONS) {
    const a = before[direction] as Record<string, Entry>;
    const b = after[direction] as Record<string, Entry>;
    const added = Object.keys(b).filter((method) => !(method in a));
    const removed = Object.keys(a).filter((method) => !(method in b));
    const changed = Object.keys(b).filter(
      (method) => method in a && describeEntry(a[method] as Entry) !== describeEntry(b[method] as Entry),
    );
    lines.push(`## ${direction}`);
    for (const method of added) lines.push(`+ ${method}: ${describeEntry(b[method] as Entry)}`);
    for (const method of removed) lines.push(`- ${method}: ${describeEntry(a[method] as Entry)}`);
    for (const method of changed) {
      lines.push(`~ ${method}: ${describeEntry(a[method] as Entry)} => ${describeEntry(b[method] as Entry)}`);
    }
    if (added.length + removed.length + changed.length === 0) lines.push("(no change)");
    lines.push("");
  }
  return lines.join("\n");
}

describe("method table snapshots", () => {
  for (const version of SUPPORTED_PROTOCOL_VERSIONS) {
    it(`${version}`, async () => {
      await expect(renderTable(version)).toMatchFileSnapshot(`./__snapshots__/methods-${version}.md`);
    });
  }
});

describe("changes between consecutive versions", () => {
  SUPPORTED_PROTOCOL_VERSIONS.slice(1).forEach((version, index) => {
    const previous = SUPPORTED_PROTOCOL_VERSIONS[index] as string;
    it(`${previous} -> ${version}`, async () => {
      await expect(renderChanges(previous, version)).toMatchFileSnapshot(
        `./__snapshots__/changes-${previous}-to-${version}.md`,
      );
    });
  });

  it("the change report really lists additions and removals", () => {
    const report = renderChanges("2025-03-26", "2025-06-18");
    expect(report).toContain("+ elicitation/create: ElicitRequest -> ElicitResult");
    const stateless = renderChanges("2025-11-25", "2026-07-28");
    expect(stateless).toContain("- initialize:");
    expect(stateless).toContain("+ server/discover:");
  });
});
