/**
 * The strict frontmatter YAML parser: every accepted input parses to what the reference YAML library
 * (yaml 2.9, core schema) makes of it (the expected values were produced by that library), and every
 * construct it does not read, or JSON cannot hold, is a FrontmatterError naming the line.
 */
import { describe, expect, it } from "vitest";
import { FrontmatterError, parseFrontmatterYaml } from "../../../../src/extensions/skills/frontmatter-yaml.js";

const ACCEPTED: [string, unknown][] = [
  [
    "name: pdf-processing\ndescription: Extract, fill, and assemble PDF documents",
    { name: "pdf-processing", description: "Extract, fill, and assemble PDF documents" },
  ],
  [
    "a: 1\nb: -2.5\nc: true\nd: ~\ne:\nf: 0x1F\ng: 0o17\nh: 1e3\ni: 2024-01-01\nj: yes",
    { a: 1, b: -2.5, c: true, d: null, e: null, f: 31, g: 15, h: 1000, i: "2024-01-01", j: "yes" },
  ],
  [
    "description: >\n  Folded text\n  continues here.\n\n  New paragraph.\n    indented\n  back\nx: 1",
    { description: "Folded text continues here.\nNew paragraph.\n  indented\nback\n", x: 1 },
  ],
  ["description: |\n  Literal\n    indent\n\n  end\n\n\nx: 1", { description: "Literal\n  indent\n\nend\n", x: 1 }],
  ["d: |-\n  strip\n\nk: |+\n  keep\n\n\nz: 1", { d: "strip", k: "keep\n\n\n", z: 1 }],
  ["d: >2-\n    two\n   one\n", { d: "  two\n one" }],
  [
    "description: a long plain\n  scalar that continues\n\n  with a break\nnext: v",
    { description: "a long plain scalar that continues\nwith a break", next: "v" },
  ],
  [
    "q: \"double \\\"quoted\\\" \\u00e9 \\n tab\\t \\x41\"\ns: 'single ''quoted'''",
    { q: 'double "quoted" é \n tab\t A', s: "single 'quoted'" },
  ],
  ["m: \"multi\n  line\n\n  quoted\"\nn: 'also\n   single'", { m: "multi line\nquoted", n: "also single" }],
  ['e: "escaped \\\n  break"', { e: "escaped break" }],
  [
    'metadata:\n  version: "2.1.0"\n  author: me\n  nested:\n    deep: [1, 2, {a: b}]',
    { metadata: { version: "2.1.0", author: "me", nested: { deep: [1, 2, { a: "b" }] } } },
  ],
  [
    "list:\n- a\n- b\nother:\n  - c\n  - d: 1\n    e: 2\n  - - x\n    - y",
    { list: ["a", "b"], other: ["c", { d: 1, e: 2 }, ["x", "y"]] },
  ],
  [
    'flow: {"a": "b", "c": [1, 2.5, null, true]}\nf2: [a, \'b\', "c"] # comment',
    { flow: { a: "b", c: [1, 2.5, null, true] }, f2: ["a", "b", "c"] },
  ],
  ["flow: [a,\n  b, c]\n", { flow: ["a", "b", "c"] }],
  ["# comment\nkey: value # trailing\n  # indented comment\nk2: v2", { key: "value", k2: "v2" }],
  ["\"quoted key\": 1\n'single key': 2\nplain key: 3", { "quoted key": 1, "single key": 2, "plain key": 3 }],
  ["allowed-tools: Bash(git:*) Read Write", { "allowed-tools": "Bash(git:*) Read Write" }],
  ["url: http://example.com/a#frag\nx: a#b", { url: "http://example.com/a#frag", x: "a#b" }],
  ["empty_list: []\nempty_map: {}\nempty_str: ''", { empty_list: [], empty_map: {}, empty_str: "" }],
  ["desc:\n  next line scalar\n  continued\nx: 1", { desc: "next line scalar continued", x: 1 }],
  ['k: "a\\/b \\\\ \\""', { k: 'a/b \\ "' }],
  ["n: -0\nm: +12\np: .5\nq: 1.\nr: 012", { n: 0, m: 12, p: 0.5, q: 1, r: 12 }],
  ["key:   spaced value   \nk2: 'x' ", { key: "spaced value", k2: "x" }],
];

const REFUSED: [string, string, number][] = [
  ["a: &x 1\nb: *x", "starts a YAML construct", 1],
  ["a: !tag x", "starts a YAML construct", 1],
  ["%YAML 1.2\na: 1", 'expected "key: value"', 1],
  ["? complex\n: v", 'expected "key: value"', 1],
  ["a: 1\na: 2", 'duplicate key "a"', 2],
  ["a: .inf", "no JSON form", 1],
  ["a: .nan", "no JSON form", 1],
  ["a: 99999999999999999999", "too large for JSON", 1],
  ["<<: {a: 1}", "merge keys", 1],
  ["a:\n\t- x", "a tab in the indentation", 2],
  ["a: b: c", '": " inside a plain scalar', 1],
  ["- a\n- b", "must be a mapping, not a list", 1],
  ["a: - x", "block list cannot start", 1],
  ['a: "unterminated', "unterminated double-quoted", 1],
  ["a: [1, 2", "unterminated flow collection", 1],
  ["a: {x: 1, x: 2}", 'duplicate key "x"', 1],
  ["__proto__: 1", '"__proto__" is refused', 1],
  ["a: 1\n  b: 2", '": " inside a plain scalar', 2],
  ["a:\n  b: 1\n c: 2", "unexpected indentation", 3],
  ['a: "bad \\q escape"', "unknown escape", 1],
  ["a: 'x' trailing", "text after the closing quote", 1],
  ["", "empty", 1],
];

describe("parseFrontmatterYaml", () => {
  it.each(ACCEPTED)("%j parses as the reference library reads it", (source, want) => {
    expect(JSON.parse(JSON.stringify(parseFrontmatterYaml(source)))).toEqual(want);
  });

  it.each(REFUSED)("%j is refused (%s)", (source, message, line) => {
    let caught: unknown;
    try {
      parseFrontmatterYaml(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FrontmatterError);
    expect((caught as FrontmatterError).message).toContain(message);
    expect((caught as FrontmatterError).line).toBe(line);
  });

  it("numbers lines from where the frontmatter starts in SKILL.md", () => {
    expect(() => parseFrontmatterYaml("a: 1\nb: &x 2", 2)).toThrow(/SKILL\.md line 3:/);
  });
});
