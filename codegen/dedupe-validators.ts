/**
 * Stage 4c, second half: one copy of each shared sub-validator. AJV's standalone output compiles a
 * definition once per export that reaches it (each export's `$ref`s are resolved from that export's
 * own fragment), so the validator of, say, `TextContent` is emitted again under a new name for every
 * result, request and definition that contains one: about 40% of a version's validators were such
 * copies. This pass merges functions whose code is the same once the names of the functions and
 * constants they refer to are merged, repeated until nothing changes, and keeps the first of each
 * group. Only names change: no function's code is altered, so the validators accept, reject and
 * report exactly as before (and the emitted file is smaller to load and warmer to run).
 */
import ts from "typescript";

/** The top-level function and constant names AJV's standalone code uses. */
const FUNCTION = /^validate\d+$/;
const CONSTANT = /^(schema|pattern|formats|func)\d+$/;

interface Unit {
  /** The top-level statements of this unit (a function and its `.evaluated` assignment, or one constant). */
  start: number;
  end: number;
  /** Identifiers inside, with their positions, for renaming. */
  identifiers: { start: number; end: number; name: string }[];
}

export function dedupeStandaloneValidators(code: string): string {
  const source = ts.createSourceFile("validators.cjs", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const functions = new Map<string, Unit>();
  const constants = new Map<string, Unit>();
  const others: Unit[] = [];
  const order: { kind: "function" | "constant" | "other"; name: string; unit: Unit }[] = [];

  const collect = (statement: ts.Node): Unit => {
    const identifiers: Unit["identifiers"] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const name = node.text;
        const parent = node.parent;
        // Property names (`x.validate1`, `{ validate1: … }`) are not references.
        const isPropertyName =
          (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
          (ts.isPropertyAssignment(parent) && parent.name === node);
        if (!isPropertyName && (FUNCTION.test(name) || CONSTANT.test(name))) {
          identifiers.push({ start: node.getStart(source), end: node.end, name });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(statement);
    return { start: statement.getStart(source), end: statement.end, identifiers };
  };

  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && FUNCTION.test(statement.name.text)) {
      const unit = collect(statement);
      functions.set(statement.name.text, unit);
      order.push({ kind: "function", name: statement.name.text, unit });
      continue;
    }
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const declaration = statement.declarationList.declarations[0] as ts.VariableDeclaration;
      if (ts.isIdentifier(declaration.name) && CONSTANT.test(declaration.name.text)) {
        const unit = collect(statement);
        constants.set(declaration.name.text, unit);
        order.push({ kind: "constant", name: declaration.name.text, unit });
        continue;
      }
    }
    // `validateN.evaluated = {…};` belongs with validateN: a function's state is part of what it is.
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      ts.isPropertyAccessExpression(statement.expression.left) &&
      ts.isIdentifier(statement.expression.left.expression) &&
      functions.has(statement.expression.left.expression.text)
    ) {
      const owner = functions.get(statement.expression.left.expression.text) as Unit;
      const extra = collect(statement);
      owner.identifiers.push(...extra.identifiers);
      order.push({ kind: "other", name: "", unit: { ...extra, identifiers: [] } });
      (order.at(-1) as { name: string }).name = `evaluated:${statement.expression.left.expression.text}`;
      continue;
    }
    const unit = collect(statement);
    others.push(unit);
    order.push({ kind: "other", name: "", unit });
  }

  const canonical = new Map<string, string>();
  for (const name of [...functions.keys(), ...constants.keys()]) canonical.set(name, name);
  // Each unit's text cut once at its names: rendering it with the current names is then a join.
  const pieces = new Map<Unit, { texts: string[]; names: string[] }>();
  const textOf = (unit: Unit, self: string, extra?: Unit): string => {
    const render = (part: Unit) => {
      let cut = pieces.get(part);
      if (!cut) {
        cut = { texts: [], names: [] };
        let at = part.start;
        for (const id of part.identifiers) {
          if (id.start < part.start || id.end > part.end) continue;
          cut.texts.push(code.slice(at, id.start));
          cut.names.push(id.name);
          at = id.end;
        }
        cut.texts.push(code.slice(at, part.end));
        pieces.set(part, cut);
      }
      let out = cut.texts[0] as string;
      for (let i = 0; i < cut.names.length; i++) {
        const name = cut.names[i] as string;
        out += (name === self ? "SELF" : (canonical.get(name) ?? name)) + (cut.texts[i + 1] as string);
      }
      return out;
    };
    return render(unit) + (extra ? `\n${render(extra)}` : "");
  };
  const evaluatedOf = new Map<string, Unit>();
  for (const entry of order) {
    if (entry.name.startsWith("evaluated:")) {
      const owner = entry.name.slice("evaluated:".length);
      const unit = functions.get(owner) as Unit;
      evaluatedOf.set(owner, { ...entry.unit, identifiers: unit.identifiers });
    }
  }

  // Constants: equal text, one copy.
  const constantGroups = new Map<string, string>();
  for (const [name, unit] of constants) {
    const key = `${name.replace(/\d+$/, "")}|${textOf(unit, name).replace(/^const \S+ =/, "")}`;
    const first = constantGroups.get(key);
    if (first === undefined) constantGroups.set(key, name);
    else canonical.set(name, first);
  }
  // Functions: merge until a fixed point (merging two can make their callers equal).
  for (let changed = true; changed; ) {
    changed = false;
    const groups = new Map<string, string>();
    for (const [name, unit] of functions) {
      if (canonical.get(name) !== name) continue;
      const key = textOf(unit, name, evaluatedOf.get(name));
      const first = groups.get(key);
      if (first === undefined) groups.set(key, name);
      else {
        canonical.set(name, first);
        changed = true;
      }
    }
    // A name merged into one that was itself merged later points to the last survivor.
    for (const [name, target] of canonical) {
      let end = target;
      while (canonical.get(end) !== end) end = canonical.get(end) as string;
      canonical.set(name, end);
    }
  }

  const exportedAs = new Map<string, string>();
  // Emit: every statement in its place, without the merged copies, with names rewritten.
  let out = code.slice(0, source.statements[0]?.getStart(source) ?? code.length);
  for (const entry of order) {
    if (entry.kind === "function" || entry.kind === "constant") {
      if (canonical.get(entry.name) !== entry.name) continue;
      out += `${textOf(entry.unit, "")}\n`;
      continue;
    }
    if (entry.name.startsWith("evaluated:")) {
      const owner = entry.name.slice("evaluated:".length);
      if (canonical.get(owner) !== owner) continue;
      out += `${textOf({ ...entry.unit, identifiers: (functions.get(owner) as Unit).identifiers }, "")}\n`;
      continue;
    }
    // Two exports of one function after merging: the second becomes an alias of the first, as for
    // the names that resolved to one function before (see emitValidators).
    const text = textOf(entry.unit, "");
    const direct = /^exports\[("[^"]+")\] = (validate\d+);$/.exec(text);
    if (direct) {
      const first = exportedAs.get(direct[2] as string);
      if (first !== undefined) {
        out += `exports[${direct[1]}] = exports[${first}];\n`;
        continue;
      }
      exportedAs.set(direct[2] as string, direct[1] as string);
    }
    out += `${text}\n`;
  }
  return out;
}
