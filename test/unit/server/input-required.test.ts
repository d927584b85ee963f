/**
 * 2026-07-28 multi round-trip requests: a handler written once asks with ctx.elicitForm /
 * createMessage / listRoots; an envelope request gets an InputRequiredResult with a sealed
 * requestState and the handler runs again on the retry. Tampering, replay into another request,
 * expiry, another principal, another server and key rotation are all typed -32602.
 */
import { describe, expect, it } from "vitest";
import { ClientSession } from "../../../src/entry/client.js";
import type { RequestStateKey } from "../../../src/entry/server.js";
import { InMemoryTransport, McpServer, type McpServerOptions } from "../../../src/index.js";
import { rawPeer } from "../../helpers/raw-peer.js";

const KEY_A: RequestStateKey = { id: "a", secret: Buffer.alloc(32, 1).toString("base64") };
const KEY_B: RequestStateKey = { id: "b", secret: Buffer.alloc(32, 2).toString("base64") };

const envelope = (capabilities: Record<string, unknown> = { elicitation: {}, sampling: {}, roots: {} }) => ({
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": capabilities,
});

const nameSchema = { type: "object" as const, properties: { name: { type: "string" as const } }, required: ["name"] };

function server(options: McpServerOptions & { name?: string } = {}) {
  const runs: string[] = [];
  const mcp = new McpServer({ name: options.name ?? "mrtr", version: "1" }, options);
  mcp.registerTool(
    "signup",
    { inputSchema: { type: "object", properties: { plan: { type: "string" } } } },
    async (args, ctx) => {
      runs.push(`run ${ctx.inputRound?.resumed ? "resumed" : "fresh"}`);
      const who = await ctx.elicitForm({ message: "Your name?", requestedSchema: nameSchema });
      const [sampled, roots] = await Promise.all([
        ctx.createMessage({ messages: [{ role: "user", content: { type: "text", text: "hi" } }], maxTokens: 5 }),
        ctx.listRoots(),
      ]);
      const text = !Array.isArray(sampled.content) && sampled.content.type === "text" ? sampled.content.text : "";
      return {
        content: [
          {
            type: "text",
            text: `${String(who.content?.name)} on ${String(args.plan)}: ${text}, ${roots.roots.length} root(s)`,
          },
        ],
      };
    },
  );
  mcp.registerTool("needs-sampling", {}, async (_args, ctx) => {
    await ctx.createMessage({ messages: [{ role: "user", content: { type: "text", text: "x" } }], maxTokens: 1 });
    return { content: [] };
  });
  return { mcp, runs };
}

const ANSWERS = {
  "elicitation-1": { action: "accept", content: { name: "Ada" } },
  "sampling-1": { role: "assistant", content: { type: "text", text: "hello" }, model: "m" },
  "roots-1": { roots: [{ uri: "file:///work" }] },
};

describe("InputRequiredResult round trips", () => {
  it("asks, seals what it learnt, and re-runs the handler with the answers (two rounds)", async () => {
    const { mcp, runs } = server({ requestState: { keys: [KEY_A] } });
    const { call } = await rawPeer(mcp);
    const params = { name: "signup", arguments: { plan: "pro" }, _meta: envelope() };
    const first = await call("tools/call", params);
    expect(first.result).toMatchObject({
      resultType: "input_required",
      inputRequests: { "elicitation-1": { method: "elicitation/create", params: { message: "Your name?" } } },
    });
    const state1 = first.result?.requestState as string;
    expect(state1).toMatch(/^mrs1\.a\./);
    // The state is opaque: the answers are not readable in it.
    expect(state1).not.toContain("Ada");

    const second = await call("tools/call", {
      ...params,
      inputResponses: { "elicitation-1": ANSWERS["elicitation-1"] },
      requestState: state1,
    });
    // The second run gets past the first ask and stops at the two concurrent ones, asked together.
    expect(Object.keys(second.result?.inputRequests as object).sort()).toEqual(["roots-1", "sampling-1"]);
    const state2 = second.result?.requestState as string;

    // The third run needs only the new answers: the first one travels sealed in the state.
    const third = await call("tools/call", {
      ...params,
      // An answer to something never asked is ignored.
      inputResponses: { "sampling-1": ANSWERS["sampling-1"], "roots-1": ANSWERS["roots-1"], extra: { roots: [] } },
      requestState: state2,
    });
    expect(third.result).toMatchObject({
      resultType: "complete",
      content: [{ type: "text", text: "Ada on pro: hello, 1 root(s)" }],
    });
    expect(runs).toEqual(["run fresh", "run resumed", "run resumed"]);
  });

  it("ctx.inputRound.state travels sealed to the next run", async () => {
    const { mcp } = server();
    mcp.registerTool("counter", {}, async (_args, ctx) => {
      const round = ctx.inputRound;
      const seen = ((round?.state as { runs?: number } | undefined)?.runs ?? 0) + 1;
      if (round) round.state = { runs: seen };
      await ctx.elicitForm({ message: "one", requestedSchema: nameSchema });
      await ctx.elicitForm({ message: "two", requestedSchema: nameSchema });
      return { content: [{ type: "text", text: `runs: ${seen}` }] };
    });
    const { call } = await rawPeer(mcp);
    const params = { name: "counter", arguments: {}, _meta: envelope() };
    const answer = { action: "accept", content: { name: "x" } };
    const first = await call("tools/call", params);
    const second = await call("tools/call", {
      ...params,
      inputResponses: { "elicitation-1": answer },
      requestState: first.result?.requestState,
    });
    const third = await call("tools/call", {
      ...params,
      inputResponses: { "elicitation-2": answer },
      requestState: second.result?.requestState,
    });
    expect(third.result).toMatchObject({ content: [{ type: "text", text: "runs: 3" }] });
  });

  it("asks again for what a retry left out, rather than failing", async () => {
    const { mcp } = server();
    const { call } = await rawPeer(mcp);
    const params = { name: "signup", arguments: {}, _meta: envelope() };
    const first = await call("tools/call", params);
    const again = await call("tools/call", {
      ...params,
      inputResponses: { wrong_key: { action: "decline" } },
      requestState: first.result?.requestState,
    });
    expect(again.result).toMatchObject({ resultType: "input_required", inputRequests: { "elicitation-1": {} } });
  });

  it("refuses an answer that is not a valid result of what was asked: -32602", async () => {
    const { mcp } = server();
    const { call } = await rawPeer(mcp);
    const params = { name: "signup", arguments: {}, _meta: envelope() };
    // Not a result of any kind: the request itself is invalid.
    const malformed = await call("tools/call", { ...params, inputResponses: { "elicitation-1": { action: "maybe" } } });
    expect(malformed.error?.code).toBe(-32602);
    // A valid result, but of another kind than the ask it answers.
    const misplaced = await call("tools/call", { ...params, inputResponses: { "elicitation-1": { roots: [] } } });
    expect(misplaced.error).toMatchObject({ code: -32602, data: { key: "elicitation-1" } });
  });

  it("a tampered, replayed, expired, foreign or other principal's requestState is -32602, never a crash", async () => {
    // The principal the transport authenticated (e.g. from a bearer token), as the application reports it.
    let principal = "alice";
    const { mcp } = server({ requestState: { keys: [KEY_A], ttlMs: 200 }, principalOf: () => principal });
    const { call } = await rawPeer(mcp);
    const params = { name: "signup", arguments: { plan: "pro" }, _meta: envelope() };
    const state = (await call("tools/call", params)).result?.requestState as string;
    const retry = (requestState: unknown, overrides: Record<string, unknown> = {}) =>
      call("tools/call", { ...params, ...overrides, inputResponses: {}, requestState });

    // One flipped character in the ciphertext or in the nonce.
    const flip = (text: string, at: number) =>
      `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;
    for (const at of [state.length - 10, state.lastIndexOf(".") - 3]) {
      const tampered = await retry(flip(state, at));
      expect(tampered.error).toMatchObject({ code: -32602, message: /integrity/ });
    }
    // Replayed into another request: other arguments, or another tool.
    const otherArgs = await retry(state, { arguments: { plan: "free" } });
    expect(otherArgs.error).toMatchObject({ code: -32602, message: /another request/ });
    const otherTool = await retry(state, { name: "needs-sampling", arguments: { plan: "pro" } });
    expect(otherTool.error).toMatchObject({ code: -32602, message: /another request/ });
    // Presented by another principal.
    principal = "mallory";
    const stolen = await retry(state);
    expect(stolen.error).toMatchObject({ code: -32602, message: /another principal/ });
    principal = "alice";
    // Garbage of every shape.
    for (const junk of ["", "x", "mrs1.a.b.c", "mrs1.zz.AAAA.AAAA", 42, { a: 1 }]) {
      const reply = await retry(junk);
      expect(reply.error?.code, JSON.stringify(junk)).toBe(-32602);
    }
    // Sealed by another server (another key): refused too.
    const other = server({ requestState: { keys: [KEY_B] }, principalOf: () => principal });
    const foreign = (await (await rawPeer(other.mcp)).call("tools/call", params)).result?.requestState as string;
    expect((await retry(foreign.replace(/^mrs1\.b\./, "mrs1.a."))).error).toMatchObject({ code: -32602 });
    // Still good when untouched; expired once its lifetime passes.
    expect((await retry(state)).result).toMatchObject({ resultType: "input_required" });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await retry(state)).error).toMatchObject({ code: -32602, message: /expired/ });
  });

  it("key rotation: a state sealed with the old key still opens while the old key is listed", async () => {
    const before = server({ requestState: { keys: [KEY_A] } });
    const params = { name: "signup", arguments: {}, _meta: envelope() };
    const state = (await (await rawPeer(before.mcp)).call("tools/call", params)).result?.requestState as string;
    // A replica with the rotated key list (new key first) continues the request the first one started.
    const rotated = server({ requestState: { keys: [KEY_B, KEY_A] } });
    const { call } = await rawPeer(rotated.mcp);
    const continued = await call("tools/call", {
      ...params,
      inputResponses: { "elicitation-1": ANSWERS["elicitation-1"] },
      requestState: state,
    });
    expect(continued.result).toMatchObject({ resultType: "input_required" });
    // Its new state is sealed with the new key.
    expect(continued.result?.requestState).toMatch(/^mrs1\.b\./);
    // Once the old key is dropped, old states no longer open.
    const dropped = server({ requestState: { keys: [KEY_B] } });
    const refused = await (await rawPeer(dropped.mcp)).call("tools/call", { ...params, requestState: state });
    expect(refused.error).toMatchObject({ code: -32602, message: /key this server does not hold/ });
  });

  it("a capability the client did not declare is -32021 naming it, and nothing is asked", async () => {
    const { mcp } = server();
    const { call } = await rawPeer(mcp);
    const reply = await call("tools/call", { name: "needs-sampling", arguments: {}, _meta: envelope({}) });
    expect(reply.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
  });

  it("the same handler makes real requests for a 2025-11-25 client", async () => {
    const { mcp, runs } = server();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const client = new ClientSession(clientSide, {
      clientInfo: { name: "old", version: "1" },
      capabilities: { elicitation: {}, sampling: {}, roots: {} },
    });
    client.setRequestHandler("elicitation/create", () => ANSWERS["elicitation-1"]);
    client.setRequestHandler("sampling/createMessage", () => ANSWERS["sampling-1"]);
    client.setRequestHandler("roots/list", () => ANSWERS["roots-1"]);
    expect((await client.connect()).protocolVersion).toBe("2025-11-25");
    const result = await client.request("tools/call", { name: "signup", arguments: { plan: "team" } });
    expect(result).toMatchObject({ content: [{ type: "text", text: "Ada on team: hello, 1 root(s)" }] });
    expect(result).not.toHaveProperty("resultType");
    expect(runs).toEqual(["run fresh"]);
    await client.dispatcher.close();
  });
});
