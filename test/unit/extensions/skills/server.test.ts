/**
 * The skills server glue over a real McpServer and ClientSession in memory: skill files are
 * resources (a SKILL.md named and described from its frontmatter, with its size), read back byte
 * for byte, kept in step with the catalog; the handlers carry caching hints only where the
 * protocol version defines them.
 */
import { describe, expect, it } from "vitest";
import { SkillCatalog } from "../../../../src/extensions/skills/catalog.js";
import { serveSkillResources, skillHandlers, skillsCapability } from "../../../../src/extensions/skills/server.js";
import { McpServer } from "../../../../src/index.js";
import { connectSession } from "../../../helpers/in-memory-session.js";

const PDF = "---\nname: pdf-processing\ndescription: Extract, fill, and assemble PDF documents\n---\n\nSkill body.\n";

describe("serveSkillResources", () => {
  it("serves each skill file as a resource, in step with the catalog", async () => {
    const catalog = new SkillCatalog();
    await catalog.add({ path: "pdf-processing", skill: PDF, files: { "references/FORMS.md": "Forms\n" } });
    const server = new McpServer({ name: "skills", version: "1.0.0" });
    const stop = serveSkillResources(server, catalog);
    const session = await connectSession(server, "2025-11-25");
    expect(server.capabilities().resources).toBeDefined();
    const { resources } = await session.request("resources/list", {});
    expect(resources).toEqual([
      {
        uri: "skill://pdf-processing/SKILL.md",
        name: "pdf-processing",
        description: "Extract, fill, and assemble PDF documents",
        mimeType: "text/markdown",
        size: Buffer.byteLength(PDF),
      },
      {
        uri: "skill://pdf-processing/references/FORMS.md",
        name: "references/FORMS.md",
        mimeType: "text/markdown",
        size: 6,
      },
    ]);
    const read = await session.request("resources/read", { uri: "skill://pdf-processing/SKILL.md" });
    expect(read.contents).toEqual([{ uri: "skill://pdf-processing/SKILL.md", mimeType: "text/markdown", text: PDF }]);

    await catalog.add({ path: "git-workflow", skill: "---\nname: git-workflow\ndescription: Git\n---\n" });
    expect((await session.request("resources/list", {})).resources).toHaveLength(3);
    catalog.remove("pdf-processing");
    expect((await session.request("resources/list", {})).resources.map((resource) => resource.uri)).toEqual([
      "skill://git-workflow/SKILL.md",
    ]);
    await expect(session.request("resources/read", { uri: "skill://pdf-processing/SKILL.md" })).rejects.toMatchObject({
      code: -32002,
    });
    stop();
    expect((await session.request("resources/list", {})).resources).toEqual([]);
    await session.close();
  });
});

describe("skillHandlers", () => {
  it("adds ttlMs and cacheScope from 2026-07-28 on, and not before", async () => {
    const catalog = new SkillCatalog();
    await catalog.add({ path: "pdf-processing", skill: PDF });
    const handlers = skillHandlers(catalog, { cache: { ttlMs: 60_000, cacheScope: "public" } });
    expect(handlers["skills/list"]({}, "2026-07-28")).toMatchObject({ ttlMs: 60_000, cacheScope: "public" });
    expect(handlers["skills/get"]({ uri: "skill://pdf-processing/SKILL.md" }, "2026-07-28")).toMatchObject({
      ttlMs: 60_000,
      cacheScope: "public",
    });
    const old = handlers["skills/list"]({}, "2025-11-25");
    expect(Object.keys(old)).toEqual(["skills"]);
    expect(skillsCapability()).toEqual({ directoryRead: true });
    expect(skillsCapability({ directoryRead: false })).toEqual({});
  });
});
