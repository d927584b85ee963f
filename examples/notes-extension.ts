/**
 * Writing your own extension: `com.example/notes` adds two requests and a notification, with their
 * own JSON Schemas, using the same public API the shipped tasks extension uses. The definition is
 * shared by server and client; `as const` types the handlers and calls from the schemas.
 *
 *   npx tsx examples/notes-extension.ts       (server and client in memory; prints one JSON line)
 */
import { Client, defineExtension, InMemoryTransport, McpServer } from "../src/index.js";

/** The extension: what it adds, and its schemas (checked on both sides, never eval'ed). */
export const notesExtension = defineExtension({
  id: "com.example/notes",
  settings: { maxLength: 280 },
  clientRequests: {
    "notes/add": {
      params: {
        type: "object",
        properties: { text: { type: "string", minLength: 1, maxLength: 280 } },
        required: ["text"],
      },
      result: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
    },
    "notes/list": {
      params: { type: "object", properties: {} },
      result: {
        type: "object",
        properties: {
          notes: {
            type: "array",
            items: {
              type: "object",
              properties: { id: { type: "integer" }, text: { type: "string" } },
              required: ["id", "text"],
            },
          },
        },
        required: ["notes"],
      },
    },
  },
  serverNotifications: {
    "notifications/notes/added": {
      params: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
    },
  },
} as const);

/** A server offering the extension: its handlers get typed, validated params. */
export function notesServer(): McpServer {
  const server = new McpServer({ name: "notes-server", version: "1.0.0" });
  const notes: { id: number; text: string }[] = [];
  const extension = server.registerExtension(notesExtension);
  extension.setRequestHandler("notes/add", async ({ text }, context) => {
    const id = notes.length + 1;
    notes.push({ id, text });
    // Told only to clients that declared the extension (others never see its messages).
    if (extension.isDeclaredBy(context.session)) {
      await extension.notify(
        context.session,
        "notifications/notes/added",
        { id },
        { relatedRequestId: context.requestId },
      );
    }
    return { id };
  });
  extension.setRequestHandler("notes/list", () => ({ notes }));
  return server;
}

async function main(): Promise<void> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await notesServer().connect(serverSide);
  const client = new Client({ name: "notes-client", version: "1.0.0" });
  const notes = client.registerExtension(notesExtension); // before connect: declared in capabilities.extensions
  const added: number[] = [];
  notes.onNotification("notifications/notes/added", ({ id }) => void added.push(id));
  await client.connect(clientSide);
  const { id } = await notes.request("notes/add", { text: "buy milk" });
  const { notes: all } = await notes.request("notes/list", {});
  let refused: string | undefined;
  try {
    await notes.request("notes/add", { text: "" });
  } catch (error) {
    refused = (error as Error).name;
  }
  console.log(JSON.stringify({ declared: notes.isDeclaredByServer, id, notes: all, added, refused }));
  await client.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
