/** Type-checks generated TypeScript the way a strict consumer would (for the generator's tests). */
import { dirname } from "node:path";
import ts from "typescript";

/**
 * TypeScript's own lib files, parsed once per process: they never change, and parsing them again
 * for every program (several MB of .d.ts) was most of what made a type-check test slow.
 */
const libFiles = new Map<string, ts.SourceFile>();

/** A compiler host that reads the generated files fresh and TypeScript's lib files from the cache. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const libDir = dirname(ts.getDefaultLibFilePath(options));
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.startsWith(libDir)) return read(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\u0000${JSON.stringify(languageVersion)}`;
    let file = libFiles.get(key);
    if (!file) {
      file = read(fileName, languageVersion, onError, shouldCreate);
      if (file) libFiles.set(key, file);
    }
    return file;
  };
  return host;
}

/**
 * Every diagnostic of `files` as one strict ES2022 program with no ambient types. TypeScript's
 * own lib files are used but not themselves checked (skipDefaultLibCheck): they are not under test,
 * and checking them again on every call took most of a test's time (past its timeout on a loaded machine).
 */
export function typeCheck(files: string[], options: ts.CompilerOptions = {}): readonly ts.Diagnostic[] {
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"],
    types: [],
    skipDefaultLibCheck: true,
    ...options,
  };
  const program = ts.createProgram(files, compilerOptions, cachingHost(compilerOptions));
  return ts.getPreEmitDiagnostics(program);
}

/** A diagnostic on one line: "file: message". */
export const describeDiagnostic = (diagnostic: ts.Diagnostic): string =>
  `${diagnostic.file?.fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
