/** The real schemas through the first stages, shared by the stage tests. */
import { analyseSchema } from "../../codegen/analyse.js";
import { loadSchemas } from "../../codegen/load.js";
import { patchSchema } from "../../codegen/patch.js";
import { readLock } from "../../schema/lock.js";

export const loaded = loadSchemas(readLock());
export const analysed = loaded.map((schema) => analyseSchema(patchSchema(schema)));

export function analysedVersion(version: string) {
  const found = analysed.find((schema) => schema.version === version);
  if (!found) throw new Error(`no schema ${version}`);
  return found;
}
