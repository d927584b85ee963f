/**
 * `typed-mcp/skills`: the skills extension (`io.modelcontextprotocol/skills`, SEP-2640). Server side,
 * a SkillCatalog of skills registered in code (skills on disk: `addSkillsFromDirectory` from
 * `typed-mcp/node`) served by `serveSkills`; client side, `registerSkillsClient` to list, get and
 * load skills with every file verified against its entry. Both are built on the public extension
 * mechanism (`defineExtension`, `registerExtension`).
 */
export {
  type ServedSkill,
  SkillCatalog,
  type SkillCatalogOptions,
  type SkillDefinition,
  type SkillFile,
} from "../extensions/skills/catalog.js";
export {
  LoadedSkill,
  type ReadContent,
  registerSkillsClient,
  SkillsClient,
  type SkillsClientOptions,
  type SkillsPeer,
  type VerifiedSkillFile,
} from "../extensions/skills/client.js";
export { sha256Digest } from "../extensions/skills/digest.js";
export {
  InvalidSkillEntryError,
  InvalidSkillError,
  SkillLimitError,
  SkillsNotSupportedError,
  SkillVerificationError,
  type SkillVerificationFailure,
} from "../extensions/skills/errors.js";
export { type ReadDirectoryParams, type ReadDirectoryResult, skillsExtension } from "../extensions/skills/extension.js";
export {
  checkFrontmatter,
  FrontmatterError,
  frontmatterDifferences,
  type JsonValue,
  parseSkillMarkdown,
  renderSkillMarkdown,
  type SkillFrontmatter,
} from "../extensions/skills/frontmatter.js";
export {
  DEFAULT_SKILL_LIMITS,
  type GetSkillParams,
  type GetSkillResult,
  type ListSkillsParams,
  type ListSkillsResult,
  SKILLS_EXTENSION_ID,
  type SkillEntry,
  type SkillLimits,
  type SkillResourceEntry,
  type SkillsCapability,
} from "../extensions/skills/model.js";
export {
  type ServedSkills,
  type SkillHandlers,
  type SkillsServerOptions,
  serveSkillResources,
  serveSkills,
  skillHandlers,
  skillsCapability,
} from "../extensions/skills/server.js";
export {
  SKILL_NAME_PATTERN,
  skillFileUri,
  skillManifestUri,
  skillNameOf,
  skillRootOf,
} from "../extensions/skills/skill-uri.js";
