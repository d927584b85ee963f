/** ServerSession against a recording fake Outbound: what it sends, on which channel, and what it refuses. */
import { describe, expect, it } from "vitest";
import type { Outbound, Params } from "../../../src/entry/jsonrpc.js";
import { Connection, DispatchContext, ServerSession } from "../../../src/entry/server.js";
import {
  CapabilityNotSupportedError,
  MethodNotInVersionError,
  NoBackChannelError,
  type ProtocolVersion,
  SchemaViolationError,
} from "../../../src/index.js";

interface Sent {
  kind: "request" | "notification";
  method: string;
  params: Params | undefined;
  relatedRequestId: unknown;
}

class RecordingOutbound implements Outbound {
  sent: Sent[] = [];
  constructor(private readonly answer: (method: string) => Params = () => ({})) {}
  async sendRawRequest(method: string, params?: Params, options?: { relatedRequestId?: unknown }) {
    this.sent.push({ kind: "request", method, params, relatedRequestId: options?.relatedRequestId });
    return this.answer(method);
  }
  async notify(method: string, params?: Params, options?: { relatedRequestId?: unknown }) {
    this.sent.push({ kind: "notification", method, params, relatedRequestId: options?.relatedRequestId });
  }
}

function setup(
  version: ProtocolVersion,
  capabilities: Record<string, unknown>,
  options: { backChannel?: boolean; progressToken?: string; answer?: (method: string) => Params } = {},
) {
  const outbound = new RecordingOutbound(options.answer);
  const connection = new Connection(outbound, undefined, options.backChannel ?? true);
  connection.protocolVersion = version;
  connection.initializeParams = { protocolVersion: version, capabilities, clientInfo: { name: "c", version: "1" } };
  const dispatch = new DispatchContext(
    outbound,
    42,
    { signal: new AbortController().signal },
    options.progressToken,
    options.backChannel ?? true,
  );
  return { outbound, connection, session: new ServerSession(connection, dispatch) };
}

const sample = { messages: [{ role: "user" as const, content: { type: "text" as const, text: "hi" } }], maxTokens: 5 };
const sampled = { role: "assistant", content: { type: "text", text: "ok" }, model: "m" };

describe("ServerSession", () => {
  it("relatedRequestId picks the request's channel; without it the standalone channel", async () => {
    const { outbound, session } = setup("2025-11-25", { sampling: {} }, { answer: () => sampled });
    await session.createMessage(sample, { relatedRequestId: 42 });
    await session.createMessage(sample);
    await session.sendToolListChanged();
    expect(outbound.sent.map((s) => [s.method, s.relatedRequestId])).toEqual([
      ["sampling/createMessage", 42],
      ["sampling/createMessage", undefined],
      ["notifications/tools/list_changed", undefined],
    ]);
  });

  it("refuses a method the negotiated version lacks, before anything is sent", async () => {
    const { outbound, session } = setup("2025-03-26", { elicitation: {} });
    await expect(
      session.elicitForm({ message: "x", requestedSchema: { type: "object", properties: {} } }),
    ).rejects.toBeInstanceOf(MethodNotInVersionError);
    await expect(session.sendElicitationComplete({ elicitationId: "e" })).rejects.toBeInstanceOf(
      MethodNotInVersionError,
    );
    expect(outbound.sent).toEqual([]);
  });

  it("refuses what the client did not declare, before anything is sent", async () => {
    const { outbound, session } = setup("2025-11-25", { elicitation: { form: {} } });
    await expect(session.createMessage(sample)).rejects.toBeInstanceOf(CapabilityNotSupportedError);
    await expect(session.listRoots()).rejects.toBeInstanceOf(CapabilityNotSupportedError);
    await expect(
      session.elicitUrl({ message: "go", url: "https://x.example", elicitationId: "1" }),
    ).rejects.toBeInstanceOf(CapabilityNotSupportedError);
    const tools = [{ name: "t", inputSchema: { type: "object" as const } }];
    const withSampling = setup("2025-11-25", { sampling: {} });
    await expect(withSampling.session.createMessage({ ...sample, tools })).rejects.toMatchObject({
      capability: "sampling.tools",
    });
    expect(outbound.sent).toEqual([]);
    expect(withSampling.outbound.sent).toEqual([]);
  });

  it("validates the client's answer against the negotiated version", async () => {
    const { session } = setup("2025-06-18", { roots: {} }, { answer: () => ({ roots: [{ name: "no uri" }] }) });
    await expect(session.listRoots()).rejects.toBeInstanceOf(SchemaViolationError);
  });

  it("validates what it sends", async () => {
    const { outbound, session } = setup("2025-11-25", {});
    await expect(session.sendResourceUpdated({ uri: 42 as unknown as string })).rejects.toBeInstanceOf(
      SchemaViolationError,
    );
    expect(outbound.sent).toEqual([]);
  });

  it("sends form elicitation with the mode field only where the version has it", async () => {
    const answer = () => ({ action: "accept", content: { n: 1 } });
    const form = { message: "n?", requestedSchema: { type: "object" as const, properties: {} } };
    const v2025 = setup("2025-11-25", { elicitation: {} }, { answer });
    await v2025.session.elicitForm(form);
    expect(v2025.outbound.sent[0]?.params).toMatchObject({ mode: "form" });
    const v2025jun = setup("2025-06-18", { elicitation: {} }, { answer });
    await v2025jun.session.elicitForm(form);
    expect(v2025jun.outbound.sent[0]?.params).not.toHaveProperty("mode");
  });

  it("without a back-channel, requests fail at once with NoBackChannelError", async () => {
    const { session, outbound } = setup("2025-11-25", { sampling: {}, roots: {} }, { backChannel: false });
    await expect(session.createMessage(sample, { relatedRequestId: 42 })).rejects.toBeInstanceOf(NoBackChannelError);
    await expect(session.listRoots()).rejects.toBeInstanceOf(NoBackChannelError);
    await expect(session.sendToolListChanged()).rejects.toBeInstanceOf(NoBackChannelError);
    // Request-scoped notifications still travel with the request (e.g. on its response stream).
    await session.sendLogMessage({ level: "info", data: "x" }, { relatedRequestId: 42 });
    expect(outbound.sent.map((s) => s.method)).toEqual(["notifications/message"]);
  });

  it("drops log messages below the client's level", async () => {
    const { session, outbound, connection } = setup("2025-11-25", {});
    connection.logLevel = "warning";
    await session.sendLogMessage({ level: "info", data: "quiet" });
    await session.sendLogMessage({ level: "error", data: "loud" });
    expect(outbound.sent.map((s) => s.params?.data)).toEqual(["loud"]);
  });

  it("reports progress against the caller's token, and not at all without one", async () => {
    const withToken = setup("2025-11-25", {}, { progressToken: "tok" });
    await withToken.session.reportProgress(1, 2, "half");
    expect(withToken.outbound.sent).toEqual([
      {
        kind: "notification",
        method: "notifications/progress",
        params: { progressToken: "tok", progress: 1, total: 2, message: "half" },
        relatedRequestId: 42,
      },
    ]);
    const oldVersion = setup("2024-11-05", {}, { progressToken: "tok" });
    await oldVersion.session.reportProgress(1, 2, "no message field in 2024-11-05");
    expect(oldVersion.outbound.sent[0]?.params).toEqual({ progressToken: "tok", progress: 1, total: 2 });
    const without = setup("2025-11-25", {});
    await without.session.reportProgress(1);
    expect(without.outbound.sent).toEqual([]);
  });

  it("checkClientCapability looks into nested capabilities", () => {
    const { session } = setup("2025-11-25", { sampling: { tools: {} }, elicitation: { form: {} } });
    expect(session.checkClientCapability("sampling")).toBe(true);
    expect(session.checkClientCapability("sampling.tools")).toBe(true);
    expect(session.checkClientCapability("elicitation.url")).toBe(false);
    expect(session.checkClientCapability("roots")).toBe(false);
    expect(session.checkClientCapability("__proto__")).toBe(false);
  });
});

describe("a session scoped by default", () => {
  it("sends with its request unless told standalone", async () => {
    const outbound = new RecordingOutbound(() => ({ roots: [] }));
    const connection = new Connection(outbound, undefined, true);
    connection.protocolVersion = "2025-11-25";
    connection.initializeParams = {
      protocolVersion: "2025-11-25",
      capabilities: { roots: {} },
      clientInfo: { name: "c", version: "1" },
    };
    const dispatch = new DispatchContext(outbound, 7, { signal: new AbortController().signal }, undefined, true);
    const session = new ServerSession(connection, dispatch, true);
    await session.listRoots();
    await session.sendLogMessage({ level: "info", data: "x" });
    await session.sendToolListChanged({ standalone: true });
    expect(outbound.sent.map((s) => [s.method, s.relatedRequestId])).toEqual([
      ["roots/list", 7],
      ["notifications/message", 7],
      ["notifications/tools/list_changed", undefined],
    ]);
  });
});
