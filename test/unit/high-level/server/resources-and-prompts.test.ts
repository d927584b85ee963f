import { describe, expect, it, vi } from "vitest";
import { McpServer } from "../../../../src/index.js";
import { connectSession } from "../../../helpers/in-memory-session.js";

const connect = connectSession;

function library() {
  const server = new McpServer({ name: "library", version: "1" }, { pageSize: 2 });
  server.registerResource("readme", "file:///README.md", { mimeType: "text/markdown" }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: "text/markdown", text: "# Hello" }],
  }));
  server.registerResourceTemplate(
    "book",
    "books://{id}/chapters/{chapter}",
    {
      description: "A chapter of a book",
      list: () => [{ uri: "books://1/chapters/1", name: "Book 1, chapter 1" }],
      complete: { id: (value) => ["1", "12", "2"].filter((id) => id.startsWith(value)) },
    },
    (uri, variables) => ({ contents: [{ uri: uri.href, text: `book ${variables.id} chapter ${variables.chapter}` }] }),
  );
  server.registerPrompt(
    "review",
    {
      title: "Code review",
      arguments: {
        language: { required: true, complete: (value) => ["go", "rust", "ruby"].filter((l) => l.startsWith(value)) },
        style: { description: "tone" },
      },
    },
    (args) => ({
      messages: [
        {
          role: "user",
          content: { type: "text", text: `Review this ${args.language} code (${args.style ?? "neutral"})` },
        },
      ],
    }),
  );
  return server;
}

describe("McpServer resources, templates, prompts and completions", () => {
  it("derives capabilities from what is registered", async () => {
    const client = await connect(library());
    expect(client.serverCapabilities).toMatchObject({
      resources: { listChanged: true, subscribe: true },
      prompts: { listChanged: true },
      completions: {},
      logging: {},
    });
    expect(client.serverCapabilities).not.toHaveProperty("tools");
    const bare = await connect(new McpServer({ name: "empty", version: "1" }));
    expect(bare.serverCapabilities).toEqual({ logging: {} });
  });

  it("lists resources (with template listings) across pages, and templates", async () => {
    const client = await connect(library());
    const first = await client.listResources();
    expect(first.resources.map((r) => r.uri)).toEqual(["file:///README.md", "books://1/chapters/1"]);
    expect(first.nextCursor).toBeUndefined();
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates).toEqual([
      { name: "book", uriTemplate: "books://{id}/chapters/{chapter}", description: "A chapter of a book" },
    ]);
  });

  it("reads fixed resources and template matches; an unknown URI is -32002", async () => {
    const client = await connect(library());
    expect((await client.readResource({ uri: "file:///README.md" })).contents).toEqual([
      { uri: "file:///README.md", mimeType: "text/markdown", text: "# Hello" },
    ]);
    expect((await client.readResource({ uri: "books://7/chapters/3" })).contents).toEqual([
      { uri: "books://7/chapters/3", text: "book 7 chapter 3" },
    ]);
    await expect(client.readResource({ uri: "books://7/index" })).rejects.toMatchObject({ code: -32002 });
  });

  it("gets prompts, refusing missing required arguments with -32602", async () => {
    const client = await connect(library());
    expect((await client.listPrompts()).prompts).toEqual([
      {
        name: "review",
        title: "Code review",
        arguments: [
          { name: "language", required: true },
          { name: "style", description: "tone" },
        ],
      },
    ]);
    const prompt = await client.getPrompt({ name: "review", arguments: { language: "rust" } });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Review this rust code (neutral)" });
    await expect(client.getPrompt({ name: "review", arguments: {} })).rejects.toMatchObject({
      code: -32602,
      data: { issues: [{ path: "/arguments/language" }] },
    });
    await expect(client.getPrompt({ name: "nope" })).rejects.toMatchObject({ code: -32602 });
  });

  it("completes prompt arguments and template variables", async () => {
    const client = await connect(library());
    const languages = await client.complete({
      ref: { type: "ref/prompt", name: "review" },
      argument: { name: "language", value: "r" },
    });
    expect(languages.completion.values).toEqual(["rust", "ruby"]);
    const ids = await client.complete({
      ref: { type: "ref/resource", uri: "books://{id}/chapters/{chapter}" },
      argument: { name: "id", value: "1" },
    });
    expect(ids.completion).toEqual({ values: ["1", "12"], total: 2, hasMore: false });
  });

  it("sends resources/updated to subscribers only, until they unsubscribe", async () => {
    const server = library();
    const subscriber = await connect(server);
    const bystander = await connect(server);
    const seen = { subscriber: [] as unknown[], bystander: [] as unknown[] };
    subscriber.onNotification("notifications/resources/updated", (params) => void seen.subscriber.push(params?.uri));
    bystander.onNotification("notifications/resources/updated", (params) => void seen.bystander.push(params?.uri));
    await subscriber.subscribeResource({ uri: "file:///README.md" });
    await server.sendResourceUpdated("file:///README.md");
    await server.sendResourceUpdated("file:///other.md");
    await vi.waitFor(() => expect(seen.subscriber).toEqual(["file:///README.md"]));
    await subscriber.unsubscribeResource({ uri: "file:///README.md" });
    await server.sendResourceUpdated("file:///README.md");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.subscriber).toEqual(["file:///README.md"]);
    expect(seen.bystander).toEqual([]);
  });

  it("coalesces list_changed per list and honours disable", async () => {
    const server = library();
    const client = await connect(server);
    const changed: string[] = [];
    client.onNotification("notifications/resources/list_changed", () => void changed.push("resources"));
    client.onNotification("notifications/prompts/list_changed", () => void changed.push("prompts"));
    const extra = server.registerResource("extra", "file:///extra", {}, (uri) => ({
      contents: [{ uri: uri.href, text: "" }],
    }));
    const prompt = server.registerPrompt("p2", {}, () => ({ messages: [] }));
    extra.disable();
    await vi.waitFor(() => expect(changed.sort()).toEqual(["prompts", "resources"]));
    await expect(client.readResource({ uri: "file:///extra" })).rejects.toMatchObject({ code: -32002 });
    prompt.remove();
    await vi.waitFor(() => expect(changed).toHaveLength(3));
  });

  it("brings template listings down for older versions (no title there)", async () => {
    const server = new McpServer({ name: "old", version: "1" });
    server.registerResource("r", "file:///r", { title: "Title", description: "d" }, (uri) => ({
      contents: [{ uri: uri.href, text: "x" }],
    }));
    const client = await connect(server, "2025-03-26" as never);
    expect((await client.listResources()).resources).toEqual([{ uri: "file:///r", name: "r", description: "d" }]);
  });
});
