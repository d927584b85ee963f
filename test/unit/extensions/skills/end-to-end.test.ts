/**
 * Skills end to end over real McpServer and Client instances linked in memory, in both lifecycles:
 * the capability declared inline, skills/list and skills/get (with caching hints in the stateless
 * lifecycle only), resources/directory/read, unknown URIs as -32602, a client that never declared
 * the extension still answered, and a server whose files do not match its own listing refused by
 * the client with a typed error.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  registerSkillsClient,
  SkillCatalog,
  SkillVerificationError,
  serveSkillResources,
  serveSkills,
  skillHandlers,
  skillsExtension,
} from "../../../../src/entry/skills.js";
import { Client, InMemoryTransport, McpServer, type ProtocolVersion } from "../../../../src/index.js";
import { rawPeer } from "../../../helpers/raw-peer.js";

const PDF = "---\nname: pdf-processing\ndescription: Extract, fill, and assemble PDF documents\n---\n\nSkill body.\n";
const FORMS = "Supporting content.\n";
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function pdfCatalog(): Promise<SkillCatalog> {
  const catalog = new SkillCatalog();
  await catalog.add({ path: "pdf-processing", skill: PDF, files: { "references/FORMS.md": FORMS } });
  return catalog;
}

async function connect(server: McpServer, version: ProtocolVersion) {
  const client = new Client(
    { name: "skills-test", version: "1.0.0" },
    version === "2026-07-28" ? { negotiation: "stateless" } : {},
  );
  const skills = registerSkillsClient(client);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  closers.push(() => client.close());
  return { client, skills };
}

describe.each(["2025-11-25", "2026-07-28"] as const)("skills over McpServer and Client, %s", (version) => {
  it("declares the extension inline, lists, gets and reads directories", async () => {
    const server = new McpServer({ name: "skills", version: "1.0.0" });
    serveSkills(server, await pdfCatalog());
    const { client, skills } = await connect(server, version);
    expect((client.serverCapabilities as { extensions?: unknown }).extensions).toEqual({
      "io.modelcontextprotocol/skills": { directoryRead: true },
    });
    expect(client.serverCapabilities.resources).toBeDefined();
    const [entry] = await skills.listSkills();
    expect(entry?.uri).toBe("skill://pdf-processing/SKILL.md");
    const skill = await skills.loadSkill(entry ?? "");
    expect((await skill.readFile("references/FORMS.md")).text).toBe(FORMS);

    const list = await skills.peer.request("skills/list", {});
    if (version === "2026-07-28") expect(list).toMatchObject({ ttlMs: 0, cacheScope: "private" });
    else expect(list).not.toHaveProperty("ttlMs");
    await expect(skills.getSkill("skill://nowhere/SKILL.md")).rejects.toMatchObject({ code: -32602 });
  });
});

describe("skills, edge cases over the wire", () => {
  it("answers a client that never declared the extension (SEP-2640 commits the declaring server)", async () => {
    const server = new McpServer({ name: "skills", version: "1.0.0" });
    serveSkills(server, await pdfCatalog());
    const peer = await rawPeer(server);
    const initialized = await peer.call("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "plain", version: "1" },
    });
    expect(initialized.result?.capabilities).toHaveProperty(["extensions", "io.modelcontextprotocol/skills"]);
    await peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    const list = await peer.call("skills/list", {});
    expect(list.result?.skills).toHaveLength(1);
    const directory = await peer.call("resources/directory/read", { uri: "skill://pdf-processing" });
    expect(directory.result?.resources).toContainEqual({
      uri: "skill://pdf-processing/references",
      name: "references",
      mimeType: "inode/directory",
    });
    const notDirectory = await peer.call("resources/directory/read", { uri: "skill://pdf-processing/SKILL.md" });
    expect(notDirectory.error?.code).toBe(-32602);
    const badParams = await peer.call("skills/get", {});
    expect(badParams.error?.code).toBe(-32602);
  });

  it("refuses files from a server whose resources do not match its own listing", async () => {
    // The listing comes from one catalog, the files from another whose FORMS.md differs.
    const listed = await pdfCatalog();
    const served = new SkillCatalog();
    await served.add({ path: "pdf-processing", skill: PDF, files: { "references/FORMS.md": "Tampered content.\n" } });
    const server = new McpServer({ name: "lying", version: "1.0.0" });
    const handlers = skillHandlers(listed);
    server
      .registerExtension(skillsExtension)
      .setRequestHandler("skills/list", (params, context) => handlers["skills/list"](params, context.protocolVersion));
    serveSkillResources(server, served);
    const { skills } = await connect(server, "2025-11-25");
    const [entry] = await skills.listSkills();
    const skill = await skills.loadSkill(entry ?? "");
    const error = await skill.readFile("references/FORMS.md").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SkillVerificationError);
    expect(error).toMatchObject({ failure: "size", uri: "skill://pdf-processing/references/FORMS.md" });
  });

  it("leaves the directory method out when directoryRead is turned off", async () => {
    const server = new McpServer({ name: "skills", version: "1.0.0" });
    serveSkills(server, await pdfCatalog(), { directoryRead: false });
    const { client } = await connect(server, "2025-11-25");
    expect((client.serverCapabilities as { extensions?: unknown }).extensions).toEqual({
      "io.modelcontextprotocol/skills": {},
    });
    const peer = await rawPeer(server);
    await peer.call("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "p", version: "1" },
    });
    await peer.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    expect((await peer.call("resources/directory/read", { uri: "skill://pdf-processing" })).error?.code).toBe(-32601);
  });
});
