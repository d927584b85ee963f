/** The stateless lifecycle's result cache, seen from the wire: what is asked again, and when. */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Params } from "../../../src/entry/jsonrpc.js";
import { settle, statelessSession } from "../../helpers/scripted-server.js";

const TOOLS = { resultType: "complete", tools: [], ttlMs: 60_000 };
const PROMPTS = { resultType: "complete", prompts: [], ttlMs: 60_000 };

function readResult(params: Params | undefined): Params {
  return { resultType: "complete", contents: [{ uri: params?.uri, text: "x" }], ttlMs: 60_000 };
}

function answer(method: string, params: Params | undefined): Params {
  if (method === "tools/list") return TOOLS;
  if (method === "prompts/list") return PROMPTS;
  if (method === "resources/read") return readResult(params);
  throw new Error(`unexpected ${method}`);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the client's result cache (stateless lifecycle)", () => {
  it("serves a cacheable result while its ttlMs says it is fresh, and asks again once it is stale", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { session, server } = await statelessSession(answer);
    const first = await session.listTools();
    expect(await session.listTools()).toEqual(first);
    expect(server.sent("tools/list")).toHaveLength(1);
    vi.setSystemTime(Date.now() + 60_001);
    await session.listTools();
    expect(server.sent("tools/list")).toHaveLength(2);
    await session.close();
  });

  it("keeps nothing without a positive ttlMs", async () => {
    const { session, server } = await statelessSession((method, params) =>
      method === "tools/list" ? { ...TOOLS, ttlMs: 0 } : answer(method, params),
    );
    await session.listTools();
    await session.listTools();
    expect(server.sent("tools/list")).toHaveLength(2);
    await session.close();
  });

  it("keys by method and params, leaving _meta out", async () => {
    const { session, server } = await statelessSession(answer);
    await session.readResource({ uri: "test://a" });
    await session.readResource({ uri: "test://a", _meta: { progressToken: 7 } });
    await session.readResource({ uri: "test://b" });
    expect(server.sent("resources/read").map((m) => m.params?.uri)).toEqual(["test://a", "test://b"]);
    await session.close();
  });

  it("a list_changed notification makes that list stale at once, and only that list", async () => {
    const { session, server } = await statelessSession(answer);
    await session.listTools();
    await session.listPrompts();
    await server.notify("notifications/tools/list_changed");
    await settle();
    await session.listTools();
    await session.listPrompts();
    expect(server.sent("tools/list")).toHaveLength(2);
    expect(server.sent("prompts/list")).toHaveLength(1);
    await session.close();
  });

  it("resources/updated makes only the read of that resource stale", async () => {
    const { session, server } = await statelessSession(answer);
    await session.readResource({ uri: "test://a" });
    await session.readResource({ uri: "test://b" });
    await server.notify("notifications/resources/updated", { uri: "test://a" });
    await settle();
    await session.readResource({ uri: "test://a" });
    await session.readResource({ uri: "test://b" });
    expect(server.sent("resources/read").map((m) => m.params?.uri)).toEqual(["test://a", "test://b", "test://a"]);
    await session.close();
  });

  it("clearCache forgets everything; resultCache: false never keeps anything", async () => {
    const cached = await statelessSession(answer);
    await cached.session.listTools();
    cached.session.clearCache();
    await cached.session.listTools();
    expect(cached.server.sent("tools/list")).toHaveLength(2);
    await cached.session.close();

    const uncached = await statelessSession(answer, { resultCache: false });
    await uncached.session.listTools();
    await uncached.session.listTools();
    expect(uncached.server.sent("tools/list")).toHaveLength(2);
    await uncached.session.close();
  });

  it("never keeps a result that took input rounds: it depends on answers outside the key", async () => {
    const { session, server } = await statelessSession(
      (method, params) => {
        if (method !== "resources/read") return answer(method, params);
        if (params?.inputResponses) return readResult(params);
        return {
          resultType: "input_required",
          inputRequests: { who: { method: "roots/list", params: {} } },
        };
      },
      { capabilities: { roots: {} } },
    );
    session.setRequestHandler("roots/list", () => ({ roots: [] }));
    await session.readResource({ uri: "test://a" });
    await session.readResource({ uri: "test://a" });
    expect(server.sent("resources/read")).toHaveLength(4);
    await session.close();
  });
});
