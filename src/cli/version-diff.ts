/**
 * Placeholder with the contract of the version diff (another branch builds it; that file replaces
 * this one). It compiles the `diff` command and fails clearly until then.
 */

/** What changed from one protocol version to another. */
export interface VersionDiff {
  from: string;
  to: string;
  methods: Record<
    "clientRequests" | "serverRequests" | "clientNotifications" | "serverNotifications",
    { added: string[]; removed: string[] }
  >;
  definitions: { added: string[]; removed: string[] };
  fields: Array<{
    definition: string;
    added: string[];
    removed: string[];
    changed: Array<{ field: string; from: string; to: string }>;
  }>;
}

export function diffVersions(from: string, to: string): VersionDiff {
  throw new Error(`not built yet: the diff of ${from} and ${to} comes with the version-diff branch`);
}

export function formatVersionDiff(diff: VersionDiff): string {
  throw new Error(`not built yet: formatting the diff of ${diff.from} and ${diff.to}`);
}
