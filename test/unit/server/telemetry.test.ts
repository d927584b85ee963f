import * as api from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSession } from "../../../src/entry/client.js";
import { ServerRunner } from "../../../src/entry/server.js";
import { InMemoryTransport, McpError } from "../../../src/index.js";

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});

afterAll(() => {
  api.trace.disable();
  api.propagation.disable();
  api.context.disable();
});

const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

describe("OpenTelemetry", () => {
  it("is on by default when @opentelemetry/api is installed, and can be turned off", () => {
    expect(new ServerRunner({ serverInfo: { name: "s", version: "1" } }).telemetry).toBeDefined();
    expect(new ServerRunner({ serverInfo: { name: "s", version: "1" }, telemetry: false }).telemetry).toBeUndefined();
  });

  it("makes a span per inbound and outbound request, joined to the caller's trace", async () => {
    exporter.reset();
    const server = new ServerRunner({ serverInfo: { name: "traced", version: "1" }, capabilities: { tools: {} } })
      .setRequestHandler("tools/list", () => ({ tools: [] }))
      .setRequestHandler("tools/call", async (params, context) => {
        if (params?.name === "fail") throw new McpError(-32042, "nope");
        const sample = await context.session.createMessage(
          { messages: [{ role: "user", content: { type: "text", text: "q" } }], maxTokens: 3 },
          { relatedRequestId: context.requestId },
        );
        return { content: [{ type: "text", text: sample.model }] };
      });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const seenMeta: unknown[] = [];
    const session = new ClientSession(clientSide, {
      clientInfo: { name: "c", version: "1" },
      capabilities: { sampling: {} },
    });
    session.setRequestHandler("sampling/createMessage", (params) => {
      seenMeta.push(params?._meta);
      return { role: "assistant", content: { type: "text", text: "a" }, model: "m" };
    });
    await session.connect();
    await session.callTool({
      name: "ask",
      _meta: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    } as Parameters<typeof session.callTool>[0]);
    await expect(session.callTool({ name: "fail" })).rejects.toMatchObject({ code: -32042 });

    const spans = exporter.getFinishedSpans();
    const call = spans.find((span) => span.name === "tools/call ask");
    expect(call).toBeDefined();
    expect(call?.kind).toBe(api.SpanKind.SERVER);
    expect(call?.spanContext().traceId).toBe(CALLER_TRACE);
    expect(call?.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(call?.attributes).toMatchObject({
      "mcp.method.name": "tools/call",
      "mcp.protocol.version": "2025-11-25",
      "gen_ai.tool.name": "ask",
    });
    expect(call?.attributes["jsonrpc.request.id"]).toBeDefined();

    const sampling = spans.find((span) => span.name === "sampling/createMessage");
    expect(sampling?.kind).toBe(api.SpanKind.CLIENT);
    expect(sampling?.spanContext().traceId).toBe(CALLER_TRACE);
    expect(sampling?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    expect(seenMeta[0]).toMatchObject({
      traceparent: expect.stringContaining(`00-${CALLER_TRACE}-${sampling?.spanContext().spanId}`),
    });

    const failed = spans.find((span) => span.name === "tools/call fail");
    expect(failed?.attributes["rpc.jsonrpc.error_code"]).toBe(-32042);
    expect(failed?.status.code).toBe(api.SpanStatusCode.ERROR);
    expect(spans.some((span) => span.name === "initialize")).toBe(true);
    await session.close();
  });
});
