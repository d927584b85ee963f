/**
 * Reads the imports of the project's own source files, the way TypeScript's own pre-processor
 * does (`ts.preProcessFile`: static imports, re-exports, `import()` and `import type` alike), and
 * resolves relative ones to the files they name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import ts from "typescript";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface SourceFile {
  /** Relative to the project root, with forward slashes: "src/jsonrpc/dispatcher.ts". */
  path: string;
  text: string;
}

export interface Import {
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** For a relative specifier, the file it names (relative to the root, `.ts` for `.js`); else undefined. */
  target?: string;
}

/** Every TypeScript file below `folder` (relative to the root), skipping declaration files. */
export function sourceFiles(folder: string): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        found.push({ path, text: readFileSync(join(ROOT, path), "utf8") });
      }
    }
  };
  walk(folder);
  return found;
}

export function importsOf(file: SourceFile): Import[] {
  const { importedFiles } = ts.preProcessFile(file.text, true, true);
  return importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith(".")) return { from: file.path, specifier: fileName };
    const target = posix.normalize(posix.join(posix.dirname(file.path), fileName)).replace(/\.js$/, ".ts");
    return { from: file.path, specifier: fileName, target };
  });
}

/** The folder a file belongs to, relative to the root ("src/server/http"). */
export function folderOf(path: string): string {
  return posix.dirname(path);
}
