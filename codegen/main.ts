/**
 * `npm run generate`: regenerate generated/ from the locked schemas and print a summary.
 * `npm run generate -- --check`: regenerate in memory and fail with a diff when generated/ is stale.
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "../schema/lock.js";
import { DIRECTIONS } from "./analyse.js";
import { generate } from "./generate.js";
import { checkGenerated, writeGenerated } from "./write.js";

export const GENERATED_DIR = join(PROJECT_ROOT, "generated");

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const { schemas, files } = await generate();
  if (check) {
    const stale = checkGenerated(GENERATED_DIR, files);
    if (stale.length === 0) {
      console.log(`generated/ is up to date (${files.length} files, ${schemas.length} versions)`);
      return 0;
    }
    console.error(`generated/ is stale: ${stale.length} file(s) differ from what the generator produces.`);
    for (const file of stale) {
      console.error(`\n${file.problem}: generated/${file.path}`);
      if (file.diff) console.error(file.diff);
    }
    console.error("\nFix: run `npm run generate` and commit the result (never edit generated/ by hand).");
    return 1;
  }
  const report = writeGenerated(GENERATED_DIR, files);
  for (const schema of schemas) {
    const counts = DIRECTIONS.map((direction) => `${Object.keys(schema.methods[direction]).length} ${direction}`);
    const patches = schema.patches.length ? `; patches: ${schema.patches.join(", ")}` : "";
    const fixed = schema.fixedUpstream?.length
      ? `; fixed upstream (the patch can go): ${schema.fixedUpstream.join(", ")}`
      : "";
    console.log(
      `${schema.version}: ${schema.definitionNames.length} definitions; ${counts.join(", ")}${patches}${fixed}`,
    );
  }
  console.log(
    `generated/: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} removed`,
  );
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`generate failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
