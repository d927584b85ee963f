/**
 * The version diff itself, over plain data: no generated module is loaded here, so the schema
 * command can diff what the generator just built in memory (see version-diff.ts for the contract).
 */
/** The four directions a method travels in, as the method tables name them. */
export type MethodGroup = "clientRequests" | "serverRequests" | "clientNotifications" | "serverNotifications";

export const GROUPS: readonly MethodGroup[] = [
  "clientRequests",
  "serverRequests",
  "clientNotifications",
  "serverNotifications",
];

/** The changes from one protocol version to another. */
export interface VersionDiff {
  from: string;
  to: string;
  methods: Record<MethodGroup, { added: string[]; removed: string[] }>;
  definitions: { added: string[]; removed: string[] };
  fields: Array<{
    definition: string;
    added: string[];
    removed: string[];
    changed: Array<{ field: string; from: string; to: string }>;
  }>;
}

/** What the diff compares of one version: its method names per direction and each definition's fields with types. */
export interface VersionSurface {
  version: string;
  methods: Record<MethodGroup, readonly string[]>;
  /** Definition -> field -> readable type (as generated in `<version>/fields.cjs`). */
  fields: Record<string, Record<string, string>>;
}

/** The diff of two surfaces (generated or built in memory by the generator). */
export function diffSurfaces(from: VersionSurface, to: VersionSurface): VersionDiff {
  const methods = Object.fromEntries(
    GROUPS.map((group) => [group, addedAndRemoved(from.methods[group], to.methods[group])]),
  ) as VersionDiff["methods"];
  const definitions = addedAndRemoved(Object.keys(from.fields), Object.keys(to.fields));
  const fields: VersionDiff["fields"] = [];
  for (const definition of Object.keys(to.fields).sort()) {
    const before = from.fields[definition];
    const after = to.fields[definition] as Record<string, string>;
    if (!before) continue;
    const { added, removed } = addedAndRemoved(Object.keys(before), Object.keys(after));
    const changed = Object.keys(after)
      .filter((field) => Object.hasOwn(before, field) && before[field] !== after[field])
      .sort()
      .map((field) => ({ field, from: before[field] as string, to: after[field] as string }));
    if (added.length + removed.length + changed.length > 0) fields.push({ definition, added, removed, changed });
  }
  return { from: from.version, to: to.version, methods, definitions, fields };
}

function addedAndRemoved(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const old = new Set(before);
  const next = new Set(after);
  return {
    added: after.filter((name) => !old.has(name)).sort(),
    removed: before.filter((name) => !next.has(name)).sort(),
  };
}

const GROUP_TITLES: Record<MethodGroup, string> = {
  clientRequests: "Client requests",
  serverRequests: "Server requests",
  clientNotifications: "Client notifications",
  serverNotifications: "Server notifications",
};

/** The diff as plain text: "+" added, "-" removed, "~" changed; sections with no change are left out. */
export function formatVersionDiff(diff: VersionDiff): string {
  const lines = [`Changes from ${diff.from} to ${diff.to}`];
  const section = (title: string, body: string[]) => {
    if (body.length > 0) lines.push("", `${title}:`, ...body);
  };
  const marks = (change: { added: string[]; removed: string[] }, indent = "  ") => [
    ...change.added.map((name) => `${indent}+ ${name}`),
    ...change.removed.map((name) => `${indent}- ${name}`),
  ];
  for (const group of GROUPS) section(GROUP_TITLES[group], marks(diff.methods[group]));
  section("Definitions", marks(diff.definitions));
  section(
    "Fields",
    diff.fields.flatMap((entry) => [
      `  ${entry.definition}`,
      ...marks(entry, "    "),
      ...entry.changed.map((change) => `    ~ ${change.field}: ${change.from} -> ${change.to}`),
    ]),
  );
  if (lines.length === 1) lines.push("", "No changes.");
  return `${lines.join("\n")}\n`;
}
