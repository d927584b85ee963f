/**
 * The fuzz oracle is a model written from the specifications: nothing under fuzz/oracle (nor the
 * case generators under fuzz/cases) may import the code under test. Only the drivers do.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

it.each(["fuzz/oracle", "fuzz/cases"])("%s imports nothing from src/", (folder) => {
  const reaching: string[] = [];
  for (const name of readdirSync(join(ROOT, folder)).filter((file) => file.endsWith(".ts"))) {
    const file = join(ROOT, folder, name);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      const target = relative(ROOT, resolve(dirname(file), fileName));
      if (fileName.startsWith(".") && (target === "src" || target.startsWith("src/"))) {
        reaching.push(`${folder}/${name} -> ${fileName}`);
      }
    }
  }
  expect(reaching).toEqual([]);
});
