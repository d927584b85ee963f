/**
 * A strict parser for the YAML that SKILL.md frontmatter uses, written here so that the package keeps
 * no runtime dependencies. It reads the YAML 1.2 core schema's block mappings and sequences, flow
 * collections, plain, single- and double-quoted scalars (folded over lines), literal and folded block
 * scalars with chomping and indentation indicators, and comments; plain scalars resolve to null,
 * booleans, integers and floats as the core schema says. Everything else YAML has (anchors, aliases,
 * tags, directives, complex keys, merge keys, several documents) and anything JSON cannot hold (.inf,
 * .nan, integers past 2^53, duplicate keys) is refused with a FrontmatterError naming the line, never
 * guessed at: a server and a client comparing frontmatter must read the same bytes the same way.
 */

/** A value JSON can hold: what frontmatter parses to. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Frontmatter that is not YAML this parser reads, or not frontmatter at all. */
export class FrontmatterError extends Error {
  /** The error's name, `"FrontmatterError"`. */
  override name = "FrontmatterError";
  /** Creates the error; the message names the line when there is one. */
  constructor(
    message: string,
    /** 1-based line of SKILL.md where the problem is (0 when it is not one line's). */
    readonly line: number,
  ) {
    super(line > 0 ? `SKILL.md line ${line}: ${message}` : message);
  }
}

interface Line {
  /** Columns of leading spaces. */
  indent: number;
  /** The text after the indentation. */
  text: string;
  /** 1-based line number in the file. */
  number: number;
}

const RESERVED_START = /^[&*!%@`|>]/;

/** Parses a frontmatter block (the text between the `---` lines) into a JSON object. */
export function parseFrontmatterYaml(source: string, firstLineNumber = 1): Record<string, JsonValue> {
  const lines: Line[] = source.split(/\r?\n/).map((raw, index) => {
    const number = firstLineNumber + index;
    const indent = raw.length - raw.trimStart().length;
    if (/^ *\t/.test(raw) && raw.trim() !== "") throw new FrontmatterError("a tab in the indentation", number);
    return { indent, text: raw.slice(indent), number };
  });
  const parser = new BlockParser(lines);
  const first = parser.peek();
  if (!first) throw new FrontmatterError("the frontmatter is empty", firstLineNumber);
  if (first.indent !== 0) throw new FrontmatterError("the frontmatter's top level must not be indented", first.number);
  if (isSequenceItem(first.text))
    throw new FrontmatterError("the frontmatter must be a mapping, not a list", first.number);
  const value = parser.mapping(0);
  const rest = parser.peek();
  if (rest) throw new FrontmatterError("unexpected indentation or text after the mapping", rest.number);
  return value;
}

const isSequenceItem = (text: string) => text === "-" || text.startsWith("- ");
const isBlank = (line: Line) => line.text === "" || line.text.startsWith("#");

class BlockParser {
  private index = 0;
  constructor(private readonly lines: Line[]) {}

  /** The next line that is neither blank nor a comment. */
  peek(): Line | undefined {
    while (this.index < this.lines.length && isBlank(this.lines[this.index] as Line)) this.index++;
    return this.lines[this.index];
  }

  mapping(indent: number): Record<string, JsonValue> {
    const result: Record<string, JsonValue> = {};
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (isSequenceItem(line.text)) throw new FrontmatterError("a list item where a mapping key belongs", line.number);
      const { key, rest } = splitKey(line);
      if (Object.hasOwn(result, key)) throw new FrontmatterError(`duplicate key ${JSON.stringify(key)}`, line.number);
      if (key === "__proto__") throw new FrontmatterError('the key "__proto__" is refused', line.number);
      if (key === "<<") throw new FrontmatterError("merge keys (<<) are not supported", line.number);
      this.index++;
      result[key] = this.value(rest, indent, line, true);
    }
    return result;
  }

  sequence(indent: number): JsonValue[] {
    const result: JsonValue[] = [];
    for (let line = this.peek(); line && line.indent === indent && isSequenceItem(line.text); line = this.peek()) {
      const content = line.text.slice(1).trimStart();
      const column = indent + (line.text.length - content.length);
      if (content !== "" && !content.startsWith("#") && (isSequenceItem(content) || looksLikeKey(content))) {
        // A compact nested node (`- key: value`, `- - item`): it continues at the column of its content.
        this.lines[this.index] = { indent: column, text: content, number: line.number };
        result.push(isSequenceItem(content) ? this.sequence(column) : this.mapping(column));
        continue;
      }
      this.index++;
      result.push(this.value(content, indent, line, false));
    }
    return result;
  }

  /** The value after `key:` or `- `, on the same line (`rest`) or in the lines below. */
  private value(rest: string, indent: number, line: Line, inMapping: boolean): JsonValue {
    const text = stripComment(rest);
    if (text === "") {
      const next = this.peek();
      if (next && next.indent > indent)
        return isSequenceItem(next.text) ? this.sequence(next.indent) : this.nested(next, indent);
      // A list may sit at its key's own indentation.
      if (next && inMapping && next.indent === indent && isSequenceItem(next.text)) return this.sequence(indent);
      return null;
    }
    if (text.startsWith("|") || text.startsWith(">")) return this.blockScalar(text, indent, line);
    if (text.startsWith("[") || text.startsWith("{")) return this.flow(rest, indent, line);
    if (text.startsWith('"') || text.startsWith("'")) return this.quoted(rest, indent, line);
    if (isSequenceItem(text)) throw new FrontmatterError("a block list cannot start on its key's line", line.number);
    if (RESERVED_START.test(text) || text.startsWith("? ") || text === "?")
      throw new FrontmatterError(
        `${JSON.stringify(text[0])} starts a YAML construct this parser does not read`,
        line.number,
      );
    return this.plain(text, indent, line);
  }

  /** An indented node below its key: a mapping, or a scalar that starts on the next line. */
  private nested(next: Line, indent: number): JsonValue {
    if (looksLikeKey(next.text)) return this.mapping(next.indent);
    this.index++;
    return this.value(next.text, indent, next, false);
  }

  private plain(first: string, indent: number, line: Line): JsonValue {
    checkPlain(first, line.number);
    const parts = [first];
    let multiline = false;
    // Continuation lines, more indented than the parent, fold into one line; a blank line is a line break.
    let blanks = 0;
    while (this.index < this.lines.length) {
      const next = this.lines[this.index] as Line;
      if (next.text === "") {
        blanks++;
        this.index++;
        continue;
      }
      if (next.indent <= indent || next.text.startsWith("#")) break;
      const text = stripComment(next.text);
      checkPlain(text, next.number);
      if (looksLikeKey(next.text))
        throw new FrontmatterError("a mapping key inside a multi-line plain scalar", next.number);
      parts.push(blanks > 0 ? "\n".repeat(blanks) : " ", text);
      blanks = 0;
      multiline = true;
      this.index++;
    }
    const joined = parts.join("");
    return multiline ? joined : resolvePlain(joined, line.number);
  }

  private quoted(rest: string, indent: number, line: Line): JsonValue {
    const quote = rest[0] as '"' | "'";
    // Gather lines until the closing quote; the text is folded as YAML folds flow scalars.
    const pieces: string[] = [rest.slice(1)];
    let closing = findClosingQuote(pieces[0] as string, quote);
    let lastLine = line;
    while (closing < 0) {
      const next = this.lines[this.index];
      if (!next)
        throw new FrontmatterError(`unterminated ${quote === '"' ? "double" : "single"}-quoted scalar`, line.number);
      if (next.text !== "" && next.indent <= indent)
        throw new FrontmatterError("a quoted scalar's continuation must be indented", next.number);
      this.index++;
      pieces.push(next.text);
      lastLine = next;
      closing = findClosingQuote(next.text, quote);
    }
    const lastPiece = pieces[pieces.length - 1] as string;
    const after = lastPiece.slice(closing + 1);
    if (stripComment(after) !== "") throw new FrontmatterError("text after the closing quote", lastLine.number);
    pieces[pieces.length - 1] = lastPiece.slice(0, closing);
    return quote === '"'
      ? unescapeDouble(foldFlowLines(pieces, true), line.number)
      : foldFlowLines(pieces, false).replaceAll("''", "'");
  }

  private blockScalar(header: string, indent: number, line: Line): string {
    const match = /^([|>])(?:([+-])([1-9])?|([1-9])([+-])?)?$/.exec(header);
    if (!match) throw new FrontmatterError(`invalid block scalar header ${JSON.stringify(header)}`, line.number);
    const literal = match[1] === "|";
    const chomping = match[2] ?? match[5] ?? "";
    const explicit = match[3] ?? match[4];
    let contentIndent = explicit === undefined ? undefined : indent + Number(explicit);
    const content: string[] = [];
    while (this.index < this.lines.length) {
      const next = this.lines[this.index] as Line;
      const raw = " ".repeat(next.indent) + next.text;
      if (next.text === "") {
        content.push(contentIndent !== undefined && next.indent > contentIndent ? raw.slice(contentIndent) : "");
        this.index++;
        continue;
      }
      if (contentIndent === undefined) {
        if (next.indent <= indent) break;
        contentIndent = next.indent;
      }
      if (next.indent < contentIndent) {
        if (next.indent > indent)
          throw new FrontmatterError("a block scalar line indented less than its first line", next.number);
        break;
      }
      content.push(raw.slice(contentIndent));
      this.index++;
    }
    let trailing = 0;
    while (content.length > 0 && content[content.length - 1] === "") {
      content.pop();
      trailing++;
    }
    const body = literal ? content.join("\n") : foldBlockLines(content);
    if (content.length === 0) return chomping === "+" ? "\n".repeat(trailing) : "";
    if (chomping === "-") return body;
    if (chomping === "+") return `${body}\n${"\n".repeat(trailing)}`;
    return `${body}\n`;
  }

  private flow(rest: string, indent: number, line: Line): JsonValue {
    let source = rest;
    for (;;) {
      const reader = new FlowReader(source, line.number);
      const result = reader.document();
      if (result !== INCOMPLETE) return result;
      const next = this.lines[this.index];
      if (!next) throw new FrontmatterError("unterminated flow collection", line.number);
      if (next.text !== "" && next.indent <= indent)
        throw new FrontmatterError("a flow collection's continuation must be indented", next.number);
      this.index++;
      source += `\n${next.text}`;
    }
  }
}

/** `key: rest` (the key plain, or quoted as JSON and YAML quote it). */
function splitKey(line: Line): { key: string; rest: string } {
  const text = line.text;
  if (text.startsWith('"') || text.startsWith("'")) {
    const quote = text[0] as '"' | "'";
    const closing = findClosingQuote(text.slice(1), quote);
    if (closing < 0) throw new FrontmatterError("unterminated quoted key", line.number);
    const raw = text.slice(1, closing + 1);
    const after = text.slice(closing + 2);
    if (!/^:(\s|$)/.test(after) && !(quote === '"' && after.startsWith(":")))
      throw new FrontmatterError("a quoted key must be followed by a colon", line.number);
    const key = quote === '"' ? unescapeDouble(raw, line.number) : raw.replaceAll("''", "'");
    return { key, rest: after.slice(1).trimStart() };
  }
  const colon = text.search(/:(\s|$)/);
  if (colon <= 0) throw new FrontmatterError(`expected "key: value", found ${JSON.stringify(text)}`, line.number);
  const key = text.slice(0, colon).trimEnd();
  if (RESERVED_START.test(key) || key.startsWith("? ") || key === "-")
    throw new FrontmatterError(
      `the key ${JSON.stringify(key)} starts a YAML construct this parser does not read`,
      line.number,
    );
  if (/[[\]{},]/.test(key[0] as string))
    throw new FrontmatterError(`flow collections as keys are not supported`, line.number);
  return { key, rest: text.slice(colon + 1).trimStart() };
}

function looksLikeKey(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'")) {
    const closing = findClosingQuote(text.slice(1), text[0] as '"' | "'");
    return closing >= 0 && text.slice(closing + 2).startsWith(":");
  }
  if (/^[[{]/.test(text)) return false;
  const colon = text.search(/:(\s|$)/);
  if (colon <= 0) return false;
  const hash = text.search(/\s#/);
  return hash < 0 || hash > colon;
}

/** A trailing ` # comment` removed (outside quotes is the caller's business) and surrounding space trimmed. */
function stripComment(text: string): string {
  if (text.startsWith("#")) return "";
  const hash = text.search(/\s#/);
  return (hash < 0 ? text : text.slice(0, hash)).trim();
}

function checkPlain(text: string, line: number): void {
  if (/:(\s|$)/.test(text)) throw new FrontmatterError('": " inside a plain scalar (quote the value)', line);
}

/** Index of the closing quote in `text` (which starts after the opening one), or -1. */
function findClosingQuote(text: string, quote: '"' | "'"): number {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote === '"' && char === "\\") {
      i++;
      continue;
    }
    if (char === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/**
 * Line folding of flow scalars: a single break is a space, each blank line a newline, the edges of
 * inner lines trimmed; in double quotes a backslash at the end of a line joins it to the next.
 */
function foldFlowLines(pieces: string[], double: boolean): string {
  if (pieces.length === 1) return pieces[0] as string;
  let out = "";
  let blanks = 0;
  let joinTight = false;
  pieces.forEach((raw, index) => {
    const first = index === 0;
    const last = index === pieces.length - 1;
    let piece = first ? raw : raw.replace(/^[ \t]+/, "");
    const escapesBreak = double && !last && /(?:^|[^\\])(?:\\\\)*\\$/.test(piece);
    if (!last && !escapesBreak) piece = piece.replace(/[ \t]+$/, "");
    if (!first && !last && piece === "") {
      blanks++;
      return;
    }
    if (!first) out += joinTight ? "" : blanks > 0 ? "\n".repeat(blanks) : " ";
    out += escapesBreak ? piece.slice(0, -1) : piece;
    joinTight = escapesBreak;
    blanks = 0;
  });
  return out;
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

function unescapeDouble(text: string, line: number): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S]?)/g, (_all, sequence: string) => {
    if (/^[xuU]/.test(sequence) && sequence.length > 1) {
      const code = Number.parseInt(sequence.slice(1), 16);
      if (code > 0x10ffff) throw new FrontmatterError(`the escape \\${sequence} is past U+10FFFF`, line);
      return String.fromCodePoint(code);
    }
    const replacement = ESCAPES[sequence];
    if (replacement === undefined) throw new FrontmatterError(`unknown escape \\${sequence}`, line);
    return replacement;
  });
}

/** Folding of `>` block scalars: lines join with a space, except around blank and more-indented lines. */
function foldBlockLines(lines: string[]): string {
  let out = "";
  let previous: string | undefined;
  let blanks = 0;
  for (const line of lines) {
    if (line === "") {
      blanks++;
      continue;
    }
    if (previous === undefined) out += "\n".repeat(blanks);
    else if (/^[ \t]/.test(line) || /^[ \t]/.test(previous)) out += "\n".repeat(blanks + 1);
    else out += blanks > 0 ? "\n".repeat(blanks) : " ";
    out += line;
    previous = line;
    blanks = 0;
  }
  return out;
}

/** A plain scalar as the YAML 1.2 core schema resolves it. */
function resolvePlain(text: string, line: number): JsonValue {
  if (/^(~|null|Null|NULL)$/.test(text) || text === "") return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?(\.inf|\.Inf|\.INF)$/.test(text) || /^(\.nan|\.NaN|\.NAN)$/.test(text))
    throw new FrontmatterError(`${text} has no JSON form (quote it to keep it as text)`, line);
  let integer: number | undefined;
  if (/^[-+]?[0-9]+$/.test(text)) integer = Number(text);
  else if (/^0o[0-7]+$/.test(text)) integer = Number.parseInt(text.slice(2), 8);
  else if (/^0x[0-9a-fA-F]+$/.test(text)) integer = Number.parseInt(text.slice(2), 16);
  if (integer !== undefined) {
    if (!Number.isSafeInteger(integer))
      throw new FrontmatterError(`the integer ${text} is too large for JSON (quote it to keep it as text)`, line);
    return integer;
  }
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) {
    const number = Number(text);
    if (!Number.isFinite(number)) throw new FrontmatterError(`the number ${text} has no JSON form`, line);
    return number;
  }
  return text;
}

const INCOMPLETE = Symbol("incomplete");

/** Flow collections (`[a, b]`, `{a: b}`), nested, over one or more lines. */
class FlowReader {
  private at = 0;
  constructor(
    private readonly source: string,
    private readonly line: number,
  ) {}

  /** The whole collection, or INCOMPLETE when the source ends before it closes. */
  document(): JsonValue | typeof INCOMPLETE {
    try {
      const value = this.node();
      this.space();
      if (this.at < this.source.length) throw this.error("text after the flow collection");
      return value;
    } catch (error) {
      if (error === INCOMPLETE) return INCOMPLETE;
      throw error;
    }
  }

  private error(message: string): FrontmatterError {
    return new FrontmatterError(message, this.line + (this.source.slice(0, this.at).match(/\n/g)?.length ?? 0));
  }

  /** Skips whitespace, line breaks and comments. */
  private space(): void {
    for (;;) {
      while (this.at < this.source.length && /\s/.test(this.source[this.at] as string)) this.at++;
      if (this.source[this.at] === "#" && (this.at === 0 || /\s/.test(this.source[this.at - 1] as string))) {
        const end = this.source.indexOf("\n", this.at);
        this.at = end < 0 ? this.source.length : end;
        continue;
      }
      return;
    }
  }

  private node(): JsonValue {
    this.space();
    if (this.at >= this.source.length) throw INCOMPLETE;
    const char = this.source[this.at] as string;
    if (char === "[") return this.sequence();
    if (char === "{") return this.mapping();
    if (char === '"' || char === "'") return this.quoted();
    if (/[&*!%@`|>?]/.test(char))
      throw this.error(`${JSON.stringify(char)} starts a YAML construct this parser does not read`);
    const plain = this.plainText();
    if (plain === "") throw this.error(`unexpected ${JSON.stringify(char)}`);
    return resolvePlain(plain, this.line);
  }

  private plainText(): string {
    const start = this.at;
    while (this.at < this.source.length) {
      const char = this.source[this.at] as string;
      if (/[,[\]{}\n]/.test(char)) break;
      if (char === ":" && /[\s,[\]{}]/.test(this.source[this.at + 1] ?? " ")) break;
      if (char === "#" && /\s/.test(this.source[this.at - 1] ?? "")) break;
      this.at++;
    }
    return this.source.slice(start, this.at).trim();
  }

  private quoted(): string {
    const quote = this.source[this.at] as '"' | "'";
    const rest = this.source.slice(this.at + 1);
    const closing = findClosingQuote(rest, quote);
    if (closing < 0) throw INCOMPLETE;
    const pieces = rest.slice(0, closing).split("\n");
    this.at += closing + 2;
    return quote === '"'
      ? unescapeDouble(foldFlowLines(pieces, true), this.line)
      : foldFlowLines(pieces, false).replaceAll("''", "'");
  }

  private sequence(): JsonValue[] {
    this.at++;
    const items: JsonValue[] = [];
    for (;;) {
      this.space();
      if (this.at >= this.source.length) throw INCOMPLETE;
      if (this.source[this.at] === "]") {
        this.at++;
        return items;
      }
      const item = this.node();
      this.space();
      if (this.source[this.at] === ":") throw this.error("single-pair mappings inside a flow list are not supported");
      items.push(item);
      if (!this.separator("]")) continue;
    }
  }

  private mapping(): Record<string, JsonValue> {
    this.at++;
    const result: Record<string, JsonValue> = {};
    for (;;) {
      this.space();
      if (this.at >= this.source.length) throw INCOMPLETE;
      if (this.source[this.at] === "}") {
        this.at++;
        return result;
      }
      const char = this.source[this.at] as string;
      const key = char === '"' || char === "'" ? this.quoted() : this.plainText();
      if (key === "" && char !== '"' && char !== "'")
        throw this.error(`unexpected ${JSON.stringify(char)} in a flow mapping`);
      if (Object.hasOwn(result, key)) throw this.error(`duplicate key ${JSON.stringify(key)}`);
      if (key === "__proto__") throw this.error('the key "__proto__" is refused');
      this.space();
      if (this.source[this.at] === ":") {
        this.at++;
        this.space();
        const next = this.source[this.at];
        result[key] = next === "," || next === "}" ? null : this.node();
      } else result[key] = null;
      if (!this.separator("}")) continue;
    }
  }

  /** After an item: a comma (more may follow) or the closing bracket, which is left to the loop. */
  private separator(closing: "]" | "}"): boolean {
    this.space();
    if (this.at >= this.source.length) throw INCOMPLETE;
    const char = this.source[this.at];
    if (char === ",") {
      this.at++;
      return true;
    }
    if (char === closing) return false;
    throw this.error(`expected "," or "${closing}"`);
  }
}
