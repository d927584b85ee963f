/** The stateless lifecycle's input rounds, seen from the wire: what each retry carries, and when the client stops. */
import { describe, expect, it } from "vitest";
import type { Params } from "../../../src/entry/jsonrpc.js";
import { ErrorCode } from "../../../src/index.js";
import { statelessSession } from "../../helpers/scripted-server.js";

const ASK = {
  method: "elicitation/create",
  params: { message: "name?", requestedSchema: { type: "object", properties: { name: { type: "string" } } } },
};
const DONE = { resultType: "complete", content: [{ type: "text", text: "done" }] };

function inputRequired(key: string, requestState?: string): Params {
  return { resultType: "input_required", inputRequests: { [key]: ASK }, ...(requestState ? { requestState } : {}) };
}

const elicitation = { capabilities: { elicitation: {} } };

describe("the client's input rounds (stateless lifecycle)", () => {
  it("answers each round with the handlers and retries the first params with inputResponses and requestState", async () => {
    let calls = 0;
    const { session, server } = await statelessSession((method) => {
      if (method !== "tools/call") throw new Error(method);
      calls++;
      if (calls === 1) return inputRequired("first", "state-1");
      if (calls === 2) return inputRequired("second");
      return DONE;
    }, elicitation);
    const seen: Array<{ id: unknown; version: string }> = [];
    session.setRequestHandler("elicitation/create", (_params, context) => {
      seen.push({ id: context.requestId, version: context.protocolVersion });
      return { action: "accept", content: { name: `Ada ${seen.length}` } };
    });
    const result = await session.callTool({ name: "greet", arguments: { polite: true } });
    expect(result.content).toEqual(DONE.content);
    expect(seen).toEqual([
      { id: "first", version: "2026-07-28" },
      { id: "second", version: "2026-07-28" },
    ]);
    const [first, second, third] = server.sent("tools/call").map((m) => m.params as Params);
    expect(first).not.toHaveProperty("inputResponses");
    expect(second).toMatchObject({
      name: "greet",
      arguments: { polite: true },
      requestState: "state-1",
      inputResponses: { first: { action: "accept", content: { name: "Ada 1" } } },
    });
    expect(second?._meta).toEqual(first?._meta);
    expect(third).toMatchObject({ inputResponses: { second: { action: "accept", content: { name: "Ada 2" } } } });
    expect(third).not.toHaveProperty("requestState");
    await session.close();
  });

  it("cuts a server that keeps asking off after maxInputRounds (-32603), having sent one attempt more than that", async () => {
    let round = 0;
    const { session, server } = await statelessSession(() => inputRequired(`ask-${round++}`), {
      ...elicitation,
      maxInputRounds: 2,
    });
    session.setRequestHandler("elicitation/create", () => ({ action: "decline" }));
    const failure = session.callTool({ name: "forever" });
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.InternalError });
    await expect(failure).rejects.toThrow(/after 2 rounds/);
    expect(server.sent("tools/call")).toHaveLength(3);
    await session.close();
  });

  it("takes at most 8 rounds by default", async () => {
    let round = 0;
    const { session, server } = await statelessSession(() => inputRequired(`ask-${round++}`), elicitation);
    session.setRequestHandler("elicitation/create", () => ({ action: "decline" }));
    await expect(session.callTool({ name: "forever" })).rejects.toThrow(/after 8 rounds/);
    expect(server.sent("tools/call")).toHaveLength(9);
    await session.close();
  });

  it("an input request it has no handler for fails with -32601, and nothing is retried", async () => {
    const { session, server } = await statelessSession(() => inputRequired("who"), elicitation);
    await expect(session.callTool({ name: "t" })).rejects.toMatchObject({
      code: ErrorCode.MethodNotFound,
      message: expect.stringContaining("no handler"),
    });
    expect(server.sent("tools/call")).toHaveLength(1);
    await session.close();
  });

  it("a handler's answer that is not a valid result fails with -32603 before anything is retried", async () => {
    const { session, server } = await statelessSession(() => inputRequired("who"), elicitation);
    session.setRequestHandler("elicitation/create", () => ({ action: "maybe" }));
    await expect(session.callTool({ name: "t" })).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: expect.stringContaining("not a valid ElicitResult"),
    });
    expect(server.sent("tools/call")).toHaveLength(1);
    await session.close();
  });
});
