/** Type-checks generated TypeScript the way a strict consumer would (for the generator's tests). */
import ts from "typescript";

/** Every diagnostic of `files` as one strict ES2022 program with no ambient types. */
export function typeCheck(files: string[], options: ts.CompilerOptions = {}): readonly ts.Diagnostic[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"],
    types: [],
    ...options,
  });
  return ts.getPreEmitDiagnostics(program);
}

/** A diagnostic on one line: "file: message". */
export const describeDiagnostic = (diagnostic: ts.Diagnostic): string =>
  `${diagnostic.file?.fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
