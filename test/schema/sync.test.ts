import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type SchemaLock, syncedSchemaPath, upstreamUrl } from "../../schema/lock.js";
import { defaultMirrors, SchemaSyncError, syncSchemas } from "../../schema/sync.js";

// Our own tiny "schemas"; their sha256 is computed here with node:crypto, not with the module under test.
const GOOD = Buffer.from('{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{}}\n');
const OTHER = Buffer.from('{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"X":{}}}\n');
const shaOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const GOOD_SHA = shaOf(GOOD);
const OTHER_SHA = shaOf(OTHER);

const VERSION = "2099-01-01";
const fakeLock: SchemaLock = {
  repository: "example/spec",
  urlTemplate: "https://schemas.example.test/{repository}/{commit}/{path}",
  versions: [{ version: VERSION, commit: "c0ffee", path: `schema/${VERSION}/schema.json`, sha256: GOOD_SHA }],
};
const EXPECTED_URL = `https://schemas.example.test/example/spec/c0ffee/schema/${VERSION}/schema.json`;

const dirs: string[] = [];
function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `typed-mcp-sync-${label}-`));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function mirrorWith(bytes: Uint8Array, version = VERSION): string {
  const mirror = tempDir("mirror");
  mkdirSync(join(mirror, version), { recursive: true });
  writeFileSync(join(mirror, version, "schema.json"), bytes);
  return mirror;
}

/** A fetch stand-in that records the URLs asked for and answers with the given status and bytes. */
function fakeFetch(status: number, bytes: Uint8Array = GOOD) {
  const calls: string[] = [];
  const impl = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return new Response(status === 200 ? new Uint8Array(bytes) : "not found", { status });
  }) as typeof fetch;
  return { impl, calls };
}

async function syncError(promise: Promise<unknown>): Promise<SchemaSyncError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SchemaSyncError);
  return error as SchemaSyncError;
}

describe("upstreamUrl", () => {
  it("fills repository, commit and path into the template", () => {
    const entry = fakeLock.versions[0];
    if (!entry) throw new Error("fake lock has no entry");
    expect(upstreamUrl(fakeLock, entry)).toBe(EXPECTED_URL);
  });
});

describe("syncSchemas from a mirror", () => {
  it("copies the file from the mirror and reports the mirror as the source", async () => {
    const schemaDir = tempDir("out");
    const mirror = mirrorWith(GOOD);
    const log: string[] = [];
    const synced = await syncSchemas({
      lock: fakeLock,
      schemaDir,
      mirrors: [mirror],
      allowDownload: false,
      log: (line) => log.push(line),
    });
    const target = join(schemaDir, VERSION, "schema.json");
    expect(synced).toEqual([{ version: VERSION, file: target, source: "mirror" }]);
    expect(readFileSync(target).equals(GOOD)).toBe(true);
    expect(log.join("\n")).toContain(join(mirror, VERSION, "schema.json"));
  });

  it("tries the mirrors in order and uses the first one that has the file", async () => {
    const schemaDir = tempDir("out");
    const empty = tempDir("empty-mirror");
    const good = mirrorWith(GOOD);
    const synced = await syncSchemas({ lock: fakeLock, schemaDir, mirrors: [empty, good], allowDownload: false });
    expect(synced[0]?.source).toBe("mirror");
    expect(shaOf(readFileSync(syncedSchemaPath(VERSION, schemaDir)))).toBe(GOOD_SHA);
  });

  it("reports an existing file with the pinned sha256 as cached, without needing any source", async () => {
    const schemaDir = tempDir("out");
    mkdirSync(join(schemaDir, VERSION));
    writeFileSync(join(schemaDir, VERSION, "schema.json"), GOOD);
    const { impl, calls } = fakeFetch(200);
    const synced = await syncSchemas({ lock: fakeLock, schemaDir, mirrors: [], allowDownload: true, fetchImpl: impl });
    expect(synced).toEqual([{ version: VERSION, file: join(schemaDir, VERSION, "schema.json"), source: "cached" }]);
    expect(calls).toEqual([]);
  });

  it("replaces an existing file whose bytes do not match the lock", async () => {
    const schemaDir = tempDir("out");
    mkdirSync(join(schemaDir, VERSION));
    writeFileSync(join(schemaDir, VERSION, "schema.json"), OTHER);
    const synced = await syncSchemas({ lock: fakeLock, schemaDir, mirrors: [mirrorWith(GOOD)], allowDownload: false });
    expect(synced[0]?.source).toBe("mirror");
    expect(readFileSync(join(schemaDir, VERSION, "schema.json")).equals(GOOD)).toBe(true);
  });

  it("rejects a mirror holding other bytes, naming both hashes and the fix, and writes nothing", async () => {
    const schemaDir = tempDir("out");
    const mirror = mirrorWith(OTHER);
    const error = await syncError(syncSchemas({ lock: fakeLock, schemaDir, mirrors: [mirror], allowDownload: false }));
    expect(error.message).toContain(`expected ${GOOD_SHA}`);
    expect(error.message).toContain(OTHER_SHA);
    expect(error.message).toContain(join(mirror, VERSION, "schema.json"));
    expect(error.message).toMatch(/Fix: /);
    expect(error.message).toContain("lock");
    expect(existsSync(join(schemaDir, VERSION, "schema.json"))).toBe(false);
  });

  it("without a mirror and with downloads disabled, fails naming MCP_SCHEMA_MIRROR and what it tried", async () => {
    const schemaDir = tempDir("out");
    const empty = tempDir("empty-mirror");
    const error = await syncError(syncSchemas({ lock: fakeLock, schemaDir, mirrors: [empty], allowDownload: false }));
    expect(error.message).toContain("MCP_SCHEMA_MIRROR");
    expect(error.message).toContain(VERSION);
    expect(error.message).toContain(join(empty, VERSION, "schema.json"));
    expect(error.message).not.toContain(EXPECTED_URL);
    expect(existsSync(join(schemaDir, VERSION))).toBe(false);
  });
});

describe("syncSchemas from upstream (injected fetch)", () => {
  it("downloads from the lock's URL and writes bytes with the pinned sha256", async () => {
    const schemaDir = tempDir("out");
    const { impl, calls } = fakeFetch(200, GOOD);
    const synced = await syncSchemas({ lock: fakeLock, schemaDir, mirrors: [], allowDownload: true, fetchImpl: impl });
    expect(calls).toEqual([EXPECTED_URL]);
    expect(synced).toEqual([{ version: VERSION, file: join(schemaDir, VERSION, "schema.json"), source: "upstream" }]);
    expect(readFileSync(join(schemaDir, VERSION, "schema.json")).equals(GOOD)).toBe(true);
  });

  it("rejects downloaded bytes with the wrong sha256 and writes nothing", async () => {
    const schemaDir = tempDir("out");
    const { impl } = fakeFetch(200, OTHER);
    const error = await syncError(
      syncSchemas({ lock: fakeLock, schemaDir, mirrors: [], allowDownload: true, fetchImpl: impl }),
    );
    expect(error.message).toContain(`expected ${GOOD_SHA}`);
    expect(error.message).toContain(OTHER_SHA);
    expect(error.message).toContain(EXPECTED_URL);
    expect(existsSync(join(schemaDir, VERSION, "schema.json"))).toBe(false);
  });

  it("turns an HTTP 404 into an error naming the URL, the status and the fix", async () => {
    const schemaDir = tempDir("out");
    const { impl, calls } = fakeFetch(404);
    const error = await syncError(
      syncSchemas({ lock: fakeLock, schemaDir, mirrors: [], allowDownload: true, fetchImpl: impl }),
    );
    expect(calls).toEqual([EXPECTED_URL]);
    expect(error.message).toContain(EXPECTED_URL);
    expect(error.message).toContain("404");
    expect(error.message).toContain("MCP_SCHEMA_MIRROR");
    expect(existsSync(join(schemaDir, VERSION, "schema.json"))).toBe(false);
  });

  it("turns a network failure into an error carrying its message", async () => {
    const schemaDir = tempDir("out");
    const impl = (async () => {
      throw new TypeError("getaddrinfo ENOTFOUND schemas.example.test");
    }) as typeof fetch;
    const error = await syncError(
      syncSchemas({ lock: fakeLock, schemaDir, mirrors: [], allowDownload: true, fetchImpl: impl }),
    );
    expect(error.message).toContain("ENOTFOUND");
  });

  it("prefers a mirror over downloading", async () => {
    const schemaDir = tempDir("out");
    const { impl, calls } = fakeFetch(200, GOOD);
    const synced = await syncSchemas({
      lock: fakeLock,
      schemaDir,
      mirrors: [mirrorWith(GOOD)],
      allowDownload: true,
      fetchImpl: impl,
    });
    expect(synced[0]?.source).toBe("mirror");
    expect(calls).toEqual([]);
  });
});

describe("defaultMirrors", () => {
  it("puts $MCP_SCHEMA_MIRROR (resolved) first, then ../shared/mcp-schema beside the project", () => {
    expect(defaultMirrors({ MCP_SCHEMA_MIRROR: "some/relative/mirror" })).toEqual([
      resolve("some/relative/mirror"),
      resolve(PROJECT_ROOT, "..", "shared", "mcp-schema"),
    ]);
    expect(defaultMirrors({})).toEqual([resolve(PROJECT_ROOT, "..", "shared", "mcp-schema")]);
  });
});
