/**
 * Skill URIs (SEP-2640): `<scheme>://<skill-path>/<file-path>`, the skill's SKILL.md at
 * `<scheme>://<skill-path>/SKILL.md`, its root directory at `<scheme>://<skill-path>` (no trailing
 * slash), and the last segment of `<skill-path>` equal to the skill's name.
 */

/** The Agent Skills naming rules: 1-64 lowercase letters, digits and hyphens, no hyphen first, last or doubled. */
export const SKILL_NAME_PATTERN = /^(?!.*--)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The file every skill has at its root. */
export const SKILL_MANIFEST = "SKILL.md";

/** The scheme skills are served under unless a server chooses its own. */
export const SKILL_SCHEME = "skill";

/** A skill path's segments: non-empty, no `.` or `..`, nothing a URI path would have to escape. */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9\-._~!$&'()*+,;=@]+$/;

/** Whether `path` is a valid `<skill-path>` or `<file-path>` (segments separated by `/`). */
export function isValidPath(path: string): boolean {
  return path.split("/").every((segment) => SEGMENT.test(segment));
}

/** The SKILL.md URI of a skill at `skillPath` under `scheme`. */
export function skillManifestUri(skillPath: string, scheme = SKILL_SCHEME): string {
  return `${scheme}://${skillPath}/${SKILL_MANIFEST}`;
}

/** The skill's root directory URI from its SKILL.md URI (undefined when the URI does not end in /SKILL.md). */
export function skillRootOf(manifestUri: string): string | undefined {
  const suffix = `/${SKILL_MANIFEST}`;
  if (!manifestUri.endsWith(suffix) || !manifestUri.includes("://")) return undefined;
  const root = manifestUri.slice(0, -suffix.length);
  return root.endsWith("://") ? undefined : root;
}

/** The skill's name as its SKILL.md URI spells it: the last segment of `<skill-path>`. */
export function skillNameOf(manifestUri: string): string | undefined {
  const root = skillRootOf(manifestUri);
  if (root === undefined) return undefined;
  return root.slice(root.lastIndexOf("/") + 1).replace(/^.*:\/\//, "");
}

/**
 * A file of the skill whose SKILL.md is at `manifestUri`, from a path relative to the skill's root
 * (`references/FORMS.md`); undefined when the path climbs out of the skill or is not a plain path.
 */
export function skillFileUri(manifestUri: string, relativePath: string): string | undefined {
  const root = skillRootOf(manifestUri);
  if (root === undefined) return undefined;
  const path = relativePath.replace(/^\.\//, "");
  if (path === "" || path.startsWith("/") || !isValidPath(path)) return undefined;
  return `${root}/${path}`;
}

/** Whether `uri` is the skill's SKILL.md or a file inside its directory. */
export function isWithinSkill(manifestUri: string, uri: string): boolean {
  const root = skillRootOf(manifestUri);
  return (
    root !== undefined &&
    (uri === manifestUri || (uri.startsWith(`${root}/`) && isValidPath(uri.slice(root.length + 1))))
  );
}
