// The API reference: every public entry point, every exported name documented; any warning fails
// the build (`npm run docs`, run by CI). Written to dist/api.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { OptionDefaults } from "typedoc";
import { NOT_EXPORTED, ONE_LINE_MEMBERS } from "./docs/typedoc-exemptions.mjs";

// The entry points are the package's exports (their declarations name the source they come from).
const { exports } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const entryPoints = Object.values(exports)
  .map((entry) => (typeof entry === "object" ? entry.types : undefined))
  .filter((types) => typeof types === "string" && types.startsWith("./dist/src/"))
  .map((types) => types.replace("./dist/", "").replace(/\.d\.ts$/, ".ts"));

// Source links come from the git remote (the package names no repository). A checkout without one
// would only get TypeDoc's "git remote not valid" warning, an error here: its reference then leaves
// the "Defined in" lines out rather than link nowhere.
const hasGitRemote = (() => {
  try {
    execFileSync("git", ["remote", "get-url", "origin"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints,
  tsconfig: "src/tsconfig.build.json",
  out: "dist/api",
  name: "typed-mcp",
  readme: "none",
  disableSources: !hasGitRemote,
  excludePrivate: true,
  excludeInternal: true,
  plugin: ["./docs/typedoc-generated-types.mjs"],
  // Every exported name, and every method, property, accessor and constructor of one. The generated
  // types are documented from the schema's descriptions (codegen), the rest by the generated-types
  // plugin (members the schema gives no description, the fields of the method tables).
  requiredToBeDocumented: [
    "Class",
    "Interface",
    "TypeAlias",
    "Variable",
    "Enum",
    "EnumMember",
    "Namespace",
    "Function",
    "Method",
    "Constructor",
    "Property",
    "Accessor",
  ],
  // Members of one-line anonymous object types, by name (see docs/typedoc-exemptions.mjs).
  intentionallyNotDocumented: ONE_LINE_MEMBERS,
  // The generated types carry the schema's JSON Schema keywords as tags (e.g. @maxItems).
  blockTags: [...OptionDefaults.blockTags, "@maxItems", "@minItems"],
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  // Types the public signatures mention but no entry point exports: each listed, as internal or as
  // one to export (see docs/typedoc-exemptions.mjs); any other is a warning, so an error.
  intentionallyNotExported: [...NOT_EXPORTED.internal, ...NOT_EXPORTED.toExport],
  validation: { notExported: true, invalidLink: true, notDocumented: true },
};
