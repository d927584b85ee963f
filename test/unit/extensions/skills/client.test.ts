/**
 * SkillsClient against a real SkillCatalog (through a peer that answers from it, and can be told to
 * tamper with what it reads back): listing fetches no file, loading fetches SKILL.md then and only
 * then, every read is verified (size, digest, frontmatter, listed), and a mismatch is a typed error.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SkillCatalog } from "../../../../src/extensions/skills/catalog.js";
import { type ReadContent, SkillsClient, type SkillsPeer } from "../../../../src/extensions/skills/client.js";
import {
  InvalidSkillEntryError,
  SkillsNotSupportedError,
  SkillVerificationError,
} from "../../../../src/extensions/skills/errors.js";
import type { SkillEntry } from "../../../../src/extensions/skills/model.js";

const PDF = "---\nname: pdf-processing\ndescription: Extract, fill, and assemble PDF documents\n---\n\nSkill body.\n";
const FORMS = "Supporting content.\n";
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

interface RecordingPeer extends SkillsPeer {
  reads: string[];
  requests: string[];
}

/** A peer answering from `catalog`; `tamper` rewrites what a read returns. */
function peerOf(
  catalog: SkillCatalog,
  tamper: (content: ReadContent) => ReadContent = (content) => content,
  declared = true,
): RecordingPeer {
  const peer: RecordingPeer = {
    reads: [],
    requests: [],
    serverDeclaresSkills: () => declared,
    async request(method, params) {
      peer.requests.push(method);
      if (method === "skills/list") return catalog.list(params.cursor);
      if (method === "skills/get") return catalog.get(params.uri);
      throw new Error(`unexpected ${method}`);
    },
    async readResource({ uri }) {
      peer.reads.push(uri);
      const result = catalog.read(uri);
      if (!result) throw new Error(`no resource ${uri}`);
      return { contents: result.contents.map((content) => tamper(content as ReadContent)) };
    },
  };
  return peer;
}

async function pdfCatalog(pageSize = 50): Promise<SkillCatalog> {
  const catalog = new SkillCatalog({ pageSize });
  await catalog.add({ path: "pdf-processing", skill: PDF, files: { "references/FORMS.md": FORMS } });
  await catalog.add({ path: "git-workflow", skill: "---\nname: git-workflow\ndescription: Git conventions\n---\n" });
  return catalog;
}

async function failure(work: Promise<unknown>): Promise<SkillVerificationError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SkillVerificationError);
  return error as SkillVerificationError;
}

describe("SkillsClient", () => {
  it("lists every page of skills and reads no file while doing so", async () => {
    const peer = peerOf(await pdfCatalog(1));
    const skills = await new SkillsClient(peer).listSkills();
    expect(skills.map((entry) => entry.uri)).toEqual([
      "skill://pdf-processing/SKILL.md",
      "skill://git-workflow/SKILL.md",
    ]);
    expect(peer.requests).toEqual(["skills/list", "skills/list"]);
    expect(peer.reads).toEqual([]);
  });

  it("loads a skill by fetching its SKILL.md, then reads a supporting file only when asked, verified and cached", async () => {
    const peer = peerOf(await pdfCatalog());
    const client = new SkillsClient(peer);
    const [entry] = await client.listSkills();
    const skill = await client.loadSkill(entry as SkillEntry);
    expect(skill.body).toBe("\nSkill body.\n");
    expect(skill.fileUris).toEqual(["skill://pdf-processing/references/FORMS.md"]);
    expect(peer.reads).toEqual(["skill://pdf-processing/SKILL.md"]);
    const forms = await skill.readFile("references/FORMS.md");
    expect(forms.text).toBe(FORMS);
    await skill.readFile("skill://pdf-processing/references/FORMS.md");
    expect(peer.reads).toEqual(["skill://pdf-processing/SKILL.md", "skill://pdf-processing/references/FORMS.md"]);
  });

  it("loads a skill given only its URI through skills/get", async () => {
    const peer = peerOf(await pdfCatalog());
    const skill = await new SkillsClient(peer).loadSkill("skill://git-workflow/SKILL.md");
    expect(skill.frontmatter.name).toBe("git-workflow");
    expect(peer.requests).toEqual(["skills/get"]);
  });

  it("refuses content whose digest differs (same size), and reads nothing further", async () => {
    const peer = peerOf(await pdfCatalog(), (content) =>
      content.text ? { ...content, text: content.text.replace("Skill body.", "Evil body!!") } : content,
    );
    const client = new SkillsClient(peer);
    const [entry] = await client.listSkills();
    const error = await failure(client.loadSkill(entry as SkillEntry));
    expect(error.failure).toBe("digest");
    expect(error.message).toContain(sha256(PDF));
    expect(peer.reads).toEqual(["skill://pdf-processing/SKILL.md"]);
  });

  it("refuses content whose size differs before hashing it", async () => {
    const peer = peerOf(await pdfCatalog(), (content) => ({ ...content, text: `${content.text}extra bytes\n` }));
    const client = new SkillsClient(peer);
    const [entry] = await client.listSkills();
    expect((await failure(client.loadSkill(entry as SkillEntry))).failure).toBe("size");
  });

  it("refuses a SKILL.md whose frontmatter differs from the entry's even when digest and size match", async () => {
    const catalog = await pdfCatalog();
    const client = new SkillsClient(peerOf(catalog));
    const [entry] = await client.listSkills();
    const tampered = PDF.replace("Extract, fill, and assemble PDF documents", "Exfiltrate credentials");
    const forged: SkillEntry = {
      ...(entry as SkillEntry),
      resources: [
        { uri: "skill://pdf-processing/SKILL.md", digest: sha256(tampered), size: Buffer.byteLength(tampered) },
      ],
    };
    const peer = peerOf(catalog, (content) => ({ ...content, text: tampered }));
    const error = await failure(new SkillsClient(peer).loadSkill(forged));
    expect(error.failure).toBe("frontmatter");
    expect(error.message).toContain('"description"');
  });

  it("treats a file the entry does not list as a verification failure, without reading it", async () => {
    const peer = peerOf(await pdfCatalog());
    const client = new SkillsClient(peer);
    const skill = await client.loadSkill("skill://pdf-processing/SKILL.md");
    expect((await failure(skill.readFile("references/OTHER.md"))).failure).toBe("unlisted");
    expect((await failure(skill.readFile("../git-workflow/SKILL.md"))).failure).toBe("unlisted");
    expect(peer.reads).toEqual(["skill://pdf-processing/SKILL.md"]);
  });

  it('refuses a skill whose entry publishes no digests ("dynamic") unless told to accept it', async () => {
    const catalog = await pdfCatalog();
    const entry = { ...catalog.get("skill://pdf-processing/SKILL.md").skill, resources: "dynamic" as const };
    expect((await failure(new SkillsClient(peerOf(catalog)).loadSkill(entry))).failure).toBe("unverifiable");
    const skill = await new SkillsClient(peerOf(catalog), { allowDynamic: true }).loadSkill(entry);
    expect((await skill.readFile("references/FORMS.md")).text).toBe(FORMS);
  });

  it("refuses entries that break the extension's rules, naming every problem", async () => {
    const client = new SkillsClient(peerOf(await pdfCatalog()));
    const error = (() => {
      try {
        client.checkEntry(
          {
            uri: "skill://pdf-processing/SKILL.md",
            frontmatter: { name: "other-name", description: "" },
            resources: [
              { uri: "skill://elsewhere/x.md", digest: "sha256:XYZ", size: -1 },
              { uri: "skill://pdf-processing/a.md", digest: sha256("a"), size: 1 },
            ],
          },
          "skills[0]",
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidSkillEntryError);
    expect((error as InvalidSkillEntryError).problems).toEqual([
      'the URI\'s last skill-path segment "pdf-processing" differs from frontmatter.name',
      "frontmatter.description is missing or empty",
      "resources[0].uri is not a file of the skill",
      "resources[0].digest is not sha256:<64 hex>",
      "resources[0].size is not a non-negative integer",
      "resources does not list the SKILL.md itself",
    ]);
  });

  it("calls nothing on a server that did not declare the extension", async () => {
    const peer = peerOf(await pdfCatalog(), undefined, false);
    const client = new SkillsClient(peer);
    expect(client.supported).toBe(false);
    await expect(client.listSkills()).rejects.toThrow(SkillsNotSupportedError);
    expect(peer.requests).toEqual([]);
  });
});
