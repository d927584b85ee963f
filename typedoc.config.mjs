// The API reference: every public entry point, every exported name documented; any warning fails
// the build (`npm run docs`, run by CI). Written to dist/api.
import { readFileSync } from "node:fs";
import { OptionDefaults } from "typedoc";

// The entry points are the package's exports (their declarations name the source they come from).
const { exports } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const entryPoints = Object.values(exports)
  .map((entry) => (typeof entry === "object" ? entry.types : undefined))
  .filter((types) => typeof types === "string" && types.startsWith("./dist/src/"))
  .map((types) => types.replace("./dist/", "").replace(/\.d\.ts$/, ".ts"));

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints,
  tsconfig: "src/tsconfig.build.json",
  out: "dist/api",
  name: "typed-mcp",
  readme: "none",
  excludePrivate: true,
  excludeInternal: true,
  plugin: ["./docs/typedoc-generated-types.mjs"],
  // Every class, interface, type, constant and namespace an entry point exports. Not yet functions
  // and methods: TypeDoc counts every method signature of every class as one, and many lack a comment.
  requiredToBeDocumented: ["Class", "Interface", "TypeAlias", "Variable", "Enum", "Namespace"],
  // The generated types carry the schema's JSON Schema keywords as tags (e.g. @maxItems).
  blockTags: [...OptionDefaults.blockTags, "@maxItems", "@minItems"],
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  // notExported is off: helper types the public signatures mention (InferSchema's Depth, a session's
  // call options, ...) are not names of their own in the API; exporting them is a separate decision.
  validation: { notExported: false, invalidLink: true, notDocumented: true },
};
