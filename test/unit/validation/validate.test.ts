import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  getMethodTable,
  LATEST_PROTOCOL_VERSION,
  loadProtocolVersion,
  McpError,
  SchemaViolationError,
  SUPPORTED_PROTOCOL_VERSIONS,
  UnsupportedProtocolVersionError,
  validateDefinition,
  validateServerResult,
} from "../../../src/index.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("version registry", () => {
  it("lists the five versions oldest first, the newest as latest", () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS).toEqual(["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"]);
    expect(LATEST_PROTOCOL_VERSION).toBe("2026-07-28");
  });

  it("getMethodTable gives the four directions with result names for requests", () => {
    const table = getMethodTable("2025-11-25");
    expect(Object.keys(table).sort()).toEqual([
      "clientNotifications",
      "clientRequests",
      "serverNotifications",
      "serverRequests",
    ]);
    expect(table.clientRequests["tools/call"].result).toBe("CallToolResult");
    expect(table.serverRequests["sampling/createMessage"].result).toBe("CreateMessageResult");
    expect(table.clientRequests.ping.result).toBe("EmptyResult");
    expect("result" in table.serverNotifications["notifications/progress"]).toBe(false);
  });

  it("getMethodTable refuses an unknown version with a typed error", () => {
    expect(() => getMethodTable("2020-01-01")).toThrow(UnsupportedProtocolVersionError);
  });
});

describe("errors carry their wire form", () => {
  it("a schema violation is an McpError with code -32602 and the issues in data", () => {
    let caught: unknown;
    try {
      validateServerResult("tools/call", "2025-11-25", { content: "nope" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(McpError);
    expect(caught).toBeInstanceOf(SchemaViolationError);
    const error = caught as SchemaViolationError;
    expect(error.code).toBe(-32602);
    expect(error.data).toMatchObject({
      protocolVersion: "2025-11-25",
      issues: [{ path: "/content", keyword: "type" }],
    });
  });

  it("validateDefinition checks any named definition and refuses unknown names", () => {
    expect(validateDefinition("Tool", "2025-06-18", { name: "t", inputSchema: { type: "object" } })).toBeTruthy();
    expect(() => validateDefinition("Tool", "2025-06-18", { name: "t" })).toThrow(SchemaViolationError);
    expect(() => validateDefinition("NoSuchThing", "2025-06-18", {})).toThrow(/no definition named NoSuchThing/);
    expect(() => validateDefinition("__proto__", "2025-06-18", {})).toThrow(/no definition named/);
  });
});

describe("lazy loading", () => {
  it("importing the package loads no validators; validating loads only that version", () => {
    const script = `
      const m = await import(${JSON.stringify(join(ROOT, "src", "index.ts"))});
      const before = m.loadedProtocolVersions();
      m.validateServerResult("tools/call", "2025-06-18", { content: [] });
      const after = m.loadedProtocolVersions();
      console.log(JSON.stringify({ before, after }));
    `;
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(JSON.parse(output.trim().split("\n").at(-1) as string)).toEqual({ before: [], after: ["2025-06-18"] });
  });

  it("loadProtocolVersion loads a version ahead of use, asynchronously", async () => {
    await loadProtocolVersion("2024-11-05");
    expect(validateServerResult("tools/list", "2024-11-05", { tools: [] })).toEqual({ tools: [] });
  });
});

describe("formats", () => {
  it("checks uri, byte (base64) and uri-template formats", () => {
    const resource = (uri: string) => ({ resources: [{ uri, name: "r" }] });
    expect(() => validateServerResult("resources/list", "2025-06-18", resource("file:///a/b.txt"))).not.toThrow();
    expect(() => validateServerResult("resources/list", "2025-06-18", resource("not a uri"))).toThrow(
      SchemaViolationError,
    );
    const image = (data: string) => ({ content: [{ type: "image", data, mimeType: "image/png" }] });
    expect(() => validateServerResult("tools/call", "2025-06-18", image("aGVsbG8="))).not.toThrow();
    expect(() => validateServerResult("tools/call", "2025-06-18", image("not base64!"))).toThrow(SchemaViolationError);
    const template = (uriTemplate: string) => ({ resourceTemplates: [{ uriTemplate, name: "t" }] });
    expect(() =>
      validateServerResult("resources/templates/list", "2025-06-18", template("users://{id}/profile{?fields}")),
    ).not.toThrow();
    expect(() => validateServerResult("resources/templates/list", "2025-06-18", template("users://{id"))).toThrow(
      SchemaViolationError,
    );
  });
});
