/**
 * What changed between two protocol versions, from the generated metadata: methods per direction,
 * definitions, and the fields of every definition both versions have. `typed-mcp diff <from> <to>`
 * prints it, and so does `npm run schema` after it adds or re-pins a version.
 */
import { createRequire } from "node:module";
import { FIELD_FILES, METHOD_TABLES, REGISTRY_URL } from "../../generated/registry.js";
import { UnsupportedProtocolVersionError } from "../protocol/errors.js";
import { isSupportedProtocolVersion, type ProtocolVersion, SUPPORTED_PROTOCOL_VERSIONS } from "../protocol/versions.js";
import { diffSurfaces, GROUPS, type MethodGroup, type VersionDiff, type VersionSurface } from "./surface-diff.js";

export {
  diffSurfaces,
  formatVersionDiff,
  type MethodGroup,
  type VersionDiff,
  type VersionSurface,
} from "./surface-diff.js";

/** The diff of two versions this build generated; an unknown version is an UnsupportedProtocolVersionError. */
export function diffVersions(from: string, to: string): VersionDiff {
  return diffSurfaces(surfaceOf(from), surfaceOf(to));
}

/** The generated surface of a version this build knows. */
export function surfaceOf(version: string): VersionSurface {
  if (!isSupportedProtocolVersion(version)) {
    throw new UnsupportedProtocolVersionError(version, SUPPORTED_PROTOCOL_VERSIONS);
  }
  const tables = METHOD_TABLES[version as ProtocolVersion] as Record<MethodGroup, object>;
  // Relative to the registry itself, wherever a bundler put this code.
  const requireGenerated = createRequire(REGISTRY_URL);
  const fields = requireGenerated(FIELD_FILES[version]) as VersionSurface["fields"];
  const methods = Object.fromEntries(GROUPS.map((group) => [group, Object.keys(tables[group])])) as Record<
    MethodGroup,
    string[]
  >;
  return { version, methods, fields };
}
