/** `subscriptions/listen` (stateless lifecycle): acknowledgement by subscription id, and how a subscription ends. */
import { describe, expect, it } from "vitest";
import { ClientSession } from "../../../src/entry/client.js";
import type { Params, RequestId } from "../../../src/entry/jsonrpc.js";
import { scriptedServer, settle, statelessSession } from "../../helpers/scripted-server.js";

/** A server that holds each listen request open until the test ends it. */
async function listeningSession() {
  const ends: Array<(result: Params) => void> = [];
  const { session, server } = await statelessSession((method) => {
    if (method !== "subscriptions/listen") throw new Error(method);
    return new Promise<Params>((resolve) => ends.push(resolve));
  });
  const acknowledge = (id: RequestId, notifications: Params) =>
    server.notify("notifications/subscriptions/acknowledged", {
      notifications,
      _meta: { "io.modelcontextprotocol/subscriptionId": id },
    });
  return { session, server, ends, acknowledge };
}

describe("subscriptions", () => {
  it("each subscription is acknowledged by the notification that names its id", async () => {
    const { session, server, acknowledge } = await listeningSession();
    const tools = session.listen({ toolsListChanged: true });
    const prompts = session.listen({ promptsListChanged: true });
    await settle();
    const ids = server.sent("subscriptions/listen").map((m) => (m as { id: RequestId }).id);
    expect(ids).toEqual([tools.id, prompts.id]);
    expect(server.sent("subscriptions/listen")[0]?.params).toMatchObject({ notifications: { toolsListChanged: true } });
    await acknowledge(prompts.id, { promptsListChanged: true });
    await acknowledge(tools.id, {});
    expect(await prompts.acknowledged).toEqual({ promptsListChanged: true });
    expect(await tools.acknowledged).toEqual({});
    tools.close();
    prompts.close();
    await session.close();
  });

  it("close() ends it quietly; the server's answer ends it too", async () => {
    const { session, server, ends } = await listeningSession();
    const closedByClient = session.listen({ toolsListChanged: true });
    const endedByServer = session.listen({ toolsListChanged: true });
    await settle();
    closedByClient.close();
    await expect(closedByClient.closed).resolves.toBeUndefined();
    ends[1]?.({ resultType: "complete" });
    await expect(endedByServer.closed).resolves.toBeUndefined();
    await settle();
    expect(server.sent("notifications/cancelled")[0]?.params).toMatchObject({ requestId: closedByClient.id });
    await session.close();
  });

  it("needs the stateless lifecycle", async () => {
    const server = await scriptedServer(() => ({
      protocolVersion: "2025-11-25",
      capabilities: {},
      serverInfo: { name: "s", version: "1" },
    }));
    const session = new ClientSession(server.clientSide, { clientInfo: { name: "c", version: "1" } });
    await session.connect();
    expect(() => session.listen({ toolsListChanged: true })).toThrow(/stateless lifecycle/);
    await session.close();
  });
});
