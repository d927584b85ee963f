/**
 * SkillCatalog: skills registered in code and from a directory, their entries (size and SHA-256 of
 * the raw bytes, frontmatter verbatim), pagination that never splits an entry, skills/get, reads,
 * directory listings, and the limits with their typed errors.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SkillCatalog } from "../../../../src/extensions/skills/catalog.js";
import { addSkillsFromDirectory } from "../../../../src/extensions/skills/directory.js";
import { InvalidSkillError, SkillLimitError } from "../../../../src/extensions/skills/errors.js";
import { parseSkillMarkdown } from "../../../../src/extensions/skills/frontmatter.js";
import { McpError } from "../../../../src/protocol/errors.js";

const PDF = `---
name: pdf-processing
description: Extract, fill, and assemble PDF documents
metadata:
  version: "2.1.0"
---

Use references/FORMS.md for forms.
`;
const FORMS = "# Forms\n\nFill them in.\n";
const sha256 = (content: string | Uint8Array) => `sha256:${createHash("sha256").update(content).digest("hex")}`;

function expectInvalidParams(work: () => unknown): void {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(McpError);
  expect((caught as McpError).code).toBe(-32602);
}

describe("SkillCatalog, skills registered in code", () => {
  it("describes a skill with every file's size and SHA-256 digest of its raw bytes", async () => {
    const catalog = new SkillCatalog();
    const logo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    const skill = await catalog.add({
      path: "pdf-processing",
      skill: PDF,
      files: { "references/FORMS.md": FORMS, "assets/logo.png": logo },
    });
    expect(skill.entry).toEqual({
      uri: "skill://pdf-processing/SKILL.md",
      frontmatter: {
        name: "pdf-processing",
        description: "Extract, fill, and assemble PDF documents",
        metadata: { version: "2.1.0" },
      },
      resources: [
        { uri: "skill://pdf-processing/SKILL.md", digest: sha256(PDF), size: Buffer.byteLength(PDF) },
        { uri: "skill://pdf-processing/references/FORMS.md", digest: sha256(FORMS), size: Buffer.byteLength(FORMS) },
        { uri: "skill://pdf-processing/assets/logo.png", digest: sha256(logo), size: 6 },
      ],
    });
    expect(catalog.read("skill://pdf-processing/SKILL.md")).toEqual({
      contents: [{ uri: "skill://pdf-processing/SKILL.md", mimeType: "text/markdown", text: PDF }],
    });
    // Bytes that are not text travel as base64 and hash to the listed digest.
    const blob = catalog.read("skill://pdf-processing/assets/logo.png")?.contents[0] as { blob: string };
    expect(sha256(Buffer.from(blob.blob, "base64"))).toBe(sha256(logo));
  });

  it("renders frontmatter given in code as YAML that parses back to the same object", async () => {
    const catalog = new SkillCatalog({ scheme: "docs" });
    const frontmatter = {
      name: "refunds",
      description: 'Refunds: "quoted", colons, # hashes\nand lines',
      license: "Apache-2.0",
      metadata: { tags: ["billing", 1, true, null], "io.example/x": { deep: 1.5 } },
    };
    const skill = await catalog.add({ path: "acme/billing/refunds", skill: { frontmatter, body: "# Refunds\n" } });
    expect(skill.uri).toBe("docs://acme/billing/refunds/SKILL.md");
    expect(skill.entry.frontmatter).toEqual(frontmatter);
    const text = (catalog.read(skill.uri)?.contents[0] as { text?: string } | undefined)?.text ?? "";
    expect(parseSkillMarkdown(text)).toEqual({ frontmatter, body: "# Refunds\n" });
  });

  it.each([
    ["a path whose last segment is not the name", { path: "other", skill: PDF }, "must equal the frontmatter name"],
    ["a path with ..", { path: "../pdf-processing", skill: PDF }, "path segments"],
    ["no frontmatter", { path: "pdf-processing", skill: "# just markdown" }, "must begin with a --- line"],
    ["no description", { path: "x", skill: "---\nname: x\n---\n" }, '"description"'],
    ["an invalid name", { path: "Bad--Name", skill: "---\nname: Bad--Name\ndescription: d\n---\n" }, "naming rules"],
    ["YAML it does not read", { path: "x", skill: "---\nname: &a x\ndescription: d\n---\n" }, "line 2"],
    [
      "a file outside the skill",
      { path: "pdf-processing", skill: PDF, files: { "../x.md": "x" } },
      "not a path inside",
    ],
    [
      "SKILL.md among the files",
      { path: "pdf-processing", skill: PDF, files: { "SKILL.md": PDF } },
      "given by `skill`",
    ],
  ])("refuses %s with an InvalidSkillError", async (_name, definition, message) => {
    const catalog = new SkillCatalog();
    const error = await catalog.add(definition).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidSkillError);
    expect((error as Error).message).toContain(message);
    expect(catalog.size).toBe(0);
  });

  it("refuses a second skill at the same path", async () => {
    const catalog = new SkillCatalog();
    await catalog.add({ path: "pdf-processing", skill: PDF });
    await expect(catalog.add({ path: "pdf-processing", skill: PDF })).rejects.toThrow(InvalidSkillError);
  });

  it("holds skills to the limits on files, bytes and count, with a typed error naming the limit", async () => {
    const catalog = new SkillCatalog({ limits: { maxResourcesPerSkill: 2, maxSkillBytes: 300, maxSkills: 1 } });
    const files = await catalog
      .add({ path: "pdf-processing", skill: PDF, files: { "a.md": "a", "b.md": "b" } })
      .catch((error: unknown) => error);
    expect(files).toBeInstanceOf(SkillLimitError);
    expect(files).toMatchObject({ limit: "maxResourcesPerSkill", actual: 3, max: 2 });
    const bytes = await catalog
      .add({ path: "pdf-processing", skill: PDF, files: { "big.md": "x".repeat(300) } })
      .catch((error: unknown) => error);
    expect(bytes).toMatchObject({ limit: "maxSkillBytes", max: 300 });
    await catalog.add({ path: "pdf-processing", skill: PDF });
    const count = await catalog
      .add({ path: "x", skill: "---\nname: x\ndescription: d\n---\n" })
      .catch((error: unknown) => error);
    expect(count).toMatchObject({ name: "SkillLimitError", limit: "maxSkills", max: 1 });
  });

  it("defaults to SEP-2640's limits: 512 files and 16 MiB per skill", async () => {
    const catalog = new SkillCatalog();
    expect(catalog.limits).toEqual({ maxResourcesPerSkill: 512, maxSkillBytes: 16 * 1024 * 1024, maxSkills: 1000 });
    const files = Object.fromEntries(Array.from({ length: 512 }, (_, i) => [`f/${i}.txt`, ""]));
    await expect(catalog.add({ path: "pdf-processing", skill: PDF, files })).rejects.toMatchObject({
      limit: "maxResourcesPerSkill",
      actual: 513,
    });
  });
});

describe("SkillCatalog, skills/list, skills/get and directories", () => {
  let catalog: SkillCatalog;
  beforeAll(async () => {
    catalog = new SkillCatalog({ pageSize: 2 });
    for (const name of ["a-skill", "b-skill", "c-skill"]) {
      await catalog.add({ path: name, skill: `---\nname: ${name}\ndescription: The ${name}\n---\n` });
    }
    await catalog.add({ path: "hidden-skill", skill: "---\nname: hidden-skill\ndescription: h\n---\n", listed: false });
    await catalog.add({
      path: "pdf-processing",
      skill: PDF,
      files: { "references/FORMS.md": FORMS, "templates/regional/eu.md": "eu", "templates/invoice.md": "inv" },
    });
  });

  it("pages the listed skills with opaque cursors, never splitting an entry", () => {
    const first = catalog.list(undefined);
    expect(first.skills.map((entry) => entry.frontmatter.name)).toEqual(["a-skill", "b-skill"]);
    const second = catalog.list(first.nextCursor);
    expect(second.skills.map((entry) => entry.frontmatter.name)).toEqual(["c-skill", "pdf-processing"]);
    expect(second.nextCursor).toBeUndefined();
    expect(second.skills[1]?.resources).toHaveLength(4);
    expectInvalidParams(() => catalog.list("not-a-cursor"));
    expectInvalidParams(() => catalog.list(catalog.readDirectory("skill://pdf-processing", undefined).nextCursor));
  });

  it("gets any served skill by URI, listed or not, and answers -32602 for anything else", () => {
    expect(catalog.get("skill://hidden-skill/SKILL.md").skill.frontmatter.name).toBe("hidden-skill");
    expect(catalog.get("skill://pdf-processing/SKILL.md").skill).toEqual(
      catalog.skillAt("skill://pdf-processing/SKILL.md")?.entry,
    );
    expectInvalidParams(() => catalog.get("skill://nope/SKILL.md"));
    expectInvalidParams(() => catalog.get("skill://pdf-processing/references/FORMS.md"));
    expectInvalidParams(() => catalog.get(42));
  });

  it("lists a directory's direct children, subdirectories as inode/directory, paged", () => {
    const root = catalog.readDirectory("skill://pdf-processing", undefined);
    const rest = catalog.readDirectory("skill://pdf-processing", root.nextCursor);
    expect([...root.resources, ...rest.resources]).toEqual([
      {
        uri: "skill://pdf-processing/SKILL.md",
        name: "SKILL.md",
        description: "Extract, fill, and assemble PDF documents",
        mimeType: "text/markdown",
        size: Buffer.byteLength(PDF),
      },
      { uri: "skill://pdf-processing/references", name: "references", mimeType: "inode/directory" },
      { uri: "skill://pdf-processing/templates", name: "templates", mimeType: "inode/directory" },
    ]);
    expect(catalog.readDirectory("skill://pdf-processing/templates", undefined).resources).toEqual([
      { uri: "skill://pdf-processing/templates/invoice.md", name: "invoice.md", mimeType: "text/markdown", size: 3 },
      { uri: "skill://pdf-processing/templates/regional", name: "regional", mimeType: "inode/directory" },
    ]);
    expectInvalidParams(() => catalog.readDirectory("skill://pdf-processing/SKILL.md", undefined));
    expectInvalidParams(() => catalog.readDirectory("skill://nowhere", undefined));
  });

  it("names and describes a SKILL.md resource from its frontmatter", () => {
    const file = catalog.file("skill://pdf-processing/SKILL.md");
    expect(file && catalog.resourceOf(file)).toEqual({
      uri: "skill://pdf-processing/SKILL.md",
      name: "pdf-processing",
      description: "Extract, fill, and assemble PDF documents",
      mimeType: "text/markdown",
      size: Buffer.byteLength(PDF),
    });
  });

  it("stops serving a removed skill's files", async () => {
    const own = new SkillCatalog();
    await own.add({ path: "pdf-processing", skill: PDF, files: { "references/FORMS.md": FORMS } });
    expect(own.remove("pdf-processing")).toBe(true);
    expect(own.read("skill://pdf-processing/references/FORMS.md")).toBeUndefined();
    expect(own.isDirectory("skill://pdf-processing")).toBe(false);
  });
});

describe("addSkillsFromDirectory", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skills-"));
    await mkdir(join(root, "pdf-processing", "references"), { recursive: true });
    await writeFile(join(root, "pdf-processing", "SKILL.md"), PDF);
    await writeFile(join(root, "pdf-processing", "references", "FORMS.md"), FORMS);
    await writeFile(join(root, "pdf-processing", ".hidden"), "not served");
    await symlink("/etc/hostname", join(root, "pdf-processing", "linked.txt"));
    await mkdir(join(root, "acme", "refunds", "nested-helper"), { recursive: true });
    await writeFile(join(root, "acme", "refunds", "SKILL.md"), "---\nname: refunds\ndescription: Refunds\n---\n");
    await writeFile(
      join(root, "acme", "refunds", "nested-helper", "SKILL.md"),
      "---\nname: nested-helper\ndescription: Helps\n---\n",
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("serves every directory holding a SKILL.md as a skill at its path, nested skills included", async () => {
    const catalog = new SkillCatalog();
    const served = await addSkillsFromDirectory(catalog, root, { prefix: "team" });
    expect(served.map((skill) => skill.uri)).toEqual([
      "skill://team/acme/refunds/SKILL.md",
      "skill://team/acme/refunds/nested-helper/SKILL.md",
      "skill://team/pdf-processing/SKILL.md",
    ]);
    // The nested skill's files are also files of the skill that encloses it; hidden files and links are not served.
    expect(served[0]?.entry.resources).toHaveLength(2);
    expect(served[2]?.files.map((file) => file.path)).toEqual(["SKILL.md", "references/FORMS.md"]);
    expect(catalog.read("skill://team/pdf-processing/references/FORMS.md")?.contents[0]).toMatchObject({ text: FORMS });
  });

  it("serves a root that is itself a skill under the root's name", async () => {
    const catalog = new SkillCatalog();
    const served = await addSkillsFromDirectory(catalog, join(root, "pdf-processing"));
    expect(served.map((skill) => skill.uri)).toEqual(["skill://pdf-processing/SKILL.md"]);
  });

  it("refuses a skill over the limits while reading it, and a directory with no skill", async () => {
    const catalog = new SkillCatalog({ limits: { maxSkillBytes: 160 } });
    await expect(addSkillsFromDirectory(catalog, join(root, "pdf-processing"))).rejects.toMatchObject({
      name: "SkillLimitError",
      limit: "maxSkillBytes",
    });
    await expect(addSkillsFromDirectory(catalog, join(root, "pdf-processing", "references"))).rejects.toThrow(
      InvalidSkillError,
    );
  });
});
