/**
 * Skills served from a directory (Node.js): every directory holding a SKILL.md is a skill, its path
 * the directory's path below the root (a root that holds a SKILL.md itself is one skill, named by the
 * root's own name), its files everything below it. Nested skills are skills of their own and files
 * of the skill that encloses them, as SEP-2640 says. Hidden entries (a leading dot) and symbolic
 * links are not served; a skill over the catalog's limits is refused while it is read, before its
 * bytes are all in memory.
 */

import { lstat, readdir, readFile } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import type { ServedSkill, SkillCatalog, SkillDefinition } from "./catalog.js";
import { InvalidSkillError, SkillLimitError } from "./errors.js";
import { SKILL_MANIFEST } from "./skill-uri.js";

/** Options of addSkillsFromDirectory. */
export interface SkillDirectoryOptions {
  /** A `/`-separated prefix put before every skill's path (`acme/billing`). */
  prefix?: string;
  /** Whether `skills/list` shows these skills (default true). */
  listed?: boolean;
}

/** Adds every skill found under `root` to `catalog`; resolves with them, in path order. */
export async function addSkillsFromDirectory(
  catalog: SkillCatalog,
  root: string,
  options: SkillDirectoryOptions = {},
): Promise<ServedSkill[]> {
  const absolute = resolve(root);
  const info = await lstat(absolute).catch(() => undefined);
  if (!info?.isDirectory()) throw new InvalidSkillError(root, "not a directory");
  const skillDirectories: string[] = [];
  await findSkills(absolute, skillDirectories);
  if (skillDirectories.length === 0) throw new InvalidSkillError(root, "no SKILL.md in it or below it");
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, "")}/` : "";
  const definitions: SkillDefinition[] = [];
  for (const directory of skillDirectories.sort()) {
    const below = relative(absolute, directory).split(sep).join("/");
    const path = prefix + (below === "" ? basename(absolute) : below);
    definitions.push(await readSkill(catalog, directory, path, options.listed ?? true));
  }
  const served: ServedSkill[] = [];
  for (const definition of definitions) served.push(await catalog.add(definition));
  return served;
}

async function findSkills(directory: string, found: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && entry.name === SKILL_MANIFEST)) found.push(directory);
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith(".")) await findSkills(join(directory, entry.name), found);
  }
}

async function readSkill(
  catalog: SkillCatalog,
  directory: string,
  path: string,
  listed: boolean,
): Promise<SkillDefinition> {
  const files: Record<string, Uint8Array> = {};
  let count = 1;
  const manifest = await readFile(join(directory, SKILL_MANIFEST));
  let total = manifest.byteLength;
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.isSymbolicLink()) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const name = relative(directory, full).split(sep).join("/");
      if (name === SKILL_MANIFEST) continue;
      count++;
      if (count > catalog.limits.maxResourcesPerSkill)
        throw new SkillLimitError(path, "maxResourcesPerSkill", count, catalog.limits.maxResourcesPerSkill);
      total += (await lstat(full)).size;
      if (total > catalog.limits.maxSkillBytes)
        throw new SkillLimitError(path, "maxSkillBytes", total, catalog.limits.maxSkillBytes);
      files[name] = new Uint8Array(await readFile(full));
    }
  };
  await walk(directory);
  let skill: string;
  try {
    skill = new TextDecoder("utf-8", { fatal: true }).decode(manifest);
  } catch {
    throw new InvalidSkillError(path, "SKILL.md is not UTF-8 text");
  }
  return { path, skill, files, listed };
}
